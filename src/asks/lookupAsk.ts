import { z } from 'zod';
import { JeedomClient } from '../jeedom/JeedomClient';
import { NO_OBJECT_NAMES } from '../jeedom/commandNames';
import { jeedomId as id, listResult, optionalJeedomId as optionalId } from '../jeedom/schemas';
import { AskSpec, findAskIn } from './findAsk';

const cmdSchema = z.object({ id, name: z.string(), eqLogic_id: id });
const eqSchema = z.object({ id, name: z.string(), object_id: optionalId });
const objectSchema = z.object({ id, name: z.string() });
const scenariosSchema = listResult(
  z.object({
    id,
    state: z.string().catch(''),
    isActive: z.union([z.string(), z.number()]).catch('1'),
    lastLaunch: z.string().nullish().catch(''),
  }),
);
const exportSchema = z.object({ export: z.unknown() });

/** Stopped scenarios read per question (an ask of a "DANS" block belongs to a recently launched one). */
export const MAX_STOPPED_SCANNED = 20;

/** The ways an ask's `cmd` can name this command: `#id#`, and `#[Object][Equipment][Command]#`. */
async function commandNames(client: JeedomClient, cmdId: string): Promise<string[]> {
  const cmd = await client.call('cmd::byId', { id: cmdId }, cmdSchema);
  const eq = await client.call('eqLogic::byId', { id: cmd.eqLogic_id }, eqSchema);
  const objects = eq.object_id
    ? [(await client.call('object::byId', { id: eq.object_id }, objectSchema)).name]
    : NO_OBJECT_NAMES;
  return [`#${cmdId}#`, ...objects.map((o) => `#[${o}][${eq.name}][${cmd.name}]#`)];
}

/**
 * Which scenario is waiting on this command with this question (SPEC §7): the stock script plugin passes on
 * neither the answers nor the variable, so they are read from the scenario itself. Running scenarios first;
 * then the 20 most recently launched active, stopped ones, but only for an ask inside a "DANS"/"in" or "A"/"at"
 * block — Jeedom runs those in a process of their own after the scenario has stopped (its state then reads
 * `stop`).
 */
export async function lookupAsk(
  client: JeedomClient,
  cmdId: string,
  question: string,
): Promise<(AskSpec & { scenarioId: string }) | undefined> {
  const all = await client.call('scenario::all', {}, scenariosSchema);
  const running = all.filter((s) => s.state === 'in progress');
  // The most recently launched first (`Y-m-d H:i:s` sorts as text), and only a few: each costs an export.
  const stopped = all
    .filter((s) => s.state === 'stop' && String(s.isActive) === '1')
    .sort((a, b) => (b.lastLaunch ?? '').localeCompare(a.lastLaunch ?? ''))
    .slice(0, MAX_STOPPED_SCANNED);
  if (running.length === 0 && stopped.length === 0) return undefined;
  const targets = await commandNames(client, cmdId);
  for (const [list, deferredOnly] of [
    [running, false],
    [stopped, true],
  ] as const) {
    for (const scenario of list) {
      const { export: exported } = await client.call('scenario::export', { id: scenario.id }, exportSchema);
      const spec = findAskIn(exported, targets, question, deferredOnly);
      if (spec) return { ...spec, scenarioId: scenario.id };
    }
  }
  return undefined;
}
