import { JeedomClient } from '../jeedom/JeedomClient';
import { NO_OBJECT_NAMES } from '../jeedom/commandNames';
import { AskSpec, findAskIn } from './findAsk';

/** Stopped scenarios read per question (an ask of a "DANS" block belongs to a recently launched one). */
export const MAX_STOPPED_SCANNED = 20;

/** The ways an ask's `cmd` can name this command: `#id#`, and `#[Object][Equipment][Command]#`. */
async function commandNames(client: JeedomClient, cmdId: string): Promise<string[]> {
  const cmd = await client.cmd(cmdId);
  if (!cmd.eqLogic_id) return [`#${cmdId}#`];
  const eq = await client.equipment(cmd.eqLogic_id);
  const objects = eq.object_id ? [(await client.object(eq.object_id)).name] : NO_OBJECT_NAMES;
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
  const all = await client.scenarios();
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
      const exported = await client.scenarioExport(scenario.id);
      const spec = findAskIn(exported, targets, question, deferredOnly);
      if (spec) return { ...spec, scenarioId: scenario.id };
    }
  }
  return undefined;
}
