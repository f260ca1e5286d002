import { z } from 'zod';
import { jeedomId as id, listResult, optionalJeedomId as optionalId } from './schemas';

const flag = z
  .union([z.string(), z.number(), z.boolean(), z.null()])
  .transform((v) => v === true || v === '1' || v === 1);
const record = z.record(z.unknown()).catch({});
// PHP encodes an empty associative array as [].
const config = z.union([record, z.array(z.unknown()).transform(() => ({}))]).catch({});

export const eqLogicSchema = z.object({
  id,
  name: z.string(),
  logicalId: z.string().nullable().catch(''),
  object_id: optionalId,
  eqType_name: z.string().catch(''),
  isEnable: flag.catch(false),
  isVisible: flag.catch(false),
  configuration: config,
});
export type JeedomEqLogic = z.infer<typeof eqLogicSchema>;

export const cmdSchema = z.object({
  id,
  logicalId: z.string().nullable().catch(''),
  name: z.string(),
  type: z.string().catch(''),
  subType: z.string().catch(''),
  // Every command has one; null only in an answer we could not trust, which then matches no equipment.
  eqLogic_id: optionalId,
});
export type JeedomCmd = z.infer<typeof cmdSchema>;

export const eqLogicListSchema = listResult(eqLogicSchema);
export const cmdListSchema = listResult(cmdSchema);
export const eqLogicFullSchema = eqLogicSchema.extend({ cmds: listResult(cmdSchema).catch([]) });
export type JeedomEqLogicFull = z.infer<typeof eqLogicFullSchema>;

export const objectSchema = z.object({ id, name: z.string() });
export const objectListSchema = listResult(objectSchema);
export type JeedomObject = z.infer<typeof objectSchema>;

export const cmdSavedSchema = z.object({ id, logicalId: z.string().nullable().catch('') });
export type JeedomCmdSaved = z.infer<typeof cmdSavedSchema>;

/** A camera (`eqLogic::byType camera`): its local key is read fresh, the camera plugin rotates it daily. */
const cameraSchema = z
  .object({
    id,
    name: z.string(),
    isEnable: flag.catch(false),
    isVisible: flag.catch(false),
    configuration: z
      .object({ localApiKey: z.string().optional().catch(undefined) })
      .passthrough()
      .catch({}),
  })
  .transform(({ configuration, ...camera }) => ({ ...camera, localKey: configuration.localApiKey ?? '' }));
export const cameraListSchema = listResult(cameraSchema);
export type JeedomCamera = z.infer<typeof cameraSchema>;
