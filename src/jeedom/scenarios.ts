import { z } from 'zod';
import { jeedomId as id, listResult } from './schemas';

/** One entry of `scenario::all`: enough to tell running, active and recently launched scenarios. */
const scenarioSchema = z.object({
  id,
  state: z.string().catch(''),
  isActive: z.union([z.string(), z.number()]).catch('1'),
  lastLaunch: z.string().nullish().catch(''),
});
export const scenarioListSchema = listResult(scenarioSchema);
export type JeedomScenario = z.infer<typeof scenarioSchema>;

export const scenarioExportSchema = z.object({ export: z.unknown() });
