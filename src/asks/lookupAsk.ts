import { z } from 'zod';
import { JeedomClient } from '../jeedom/JeedomClient';
import { NO_OBJECT_NAMES } from '../jeedom/commandNames';
import { jeedomId as id, listResult, optionalJeedomId as optionalId } from '../jeedom/schemas';
import { AskSpec, findAskIn } from './findAsk';

const cmdSchema = z.object({ id, name: z.string(), eqLogic_id: id });
const eqSchema = z.object({ id, name: z.string(), object_id: optionalId });
const objectSchema = z.object({ id, name: z.string() });
const scenariosSchema = listResult(z.object({ id, state: z.string().catch('') }));
const exportSchema = z.object({ export: z.unknown() });

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
 * Which running scenario is waiting on this command with this question (SPEC §7): the stock script plugin
 * passes on neither the answers nor the variable, so they are read from the scenario itself.
 */
export async function lookupAsk(
  client: JeedomClient,
  cmdId: string,
  question: string,
): Promise<(AskSpec & { scenarioId: string }) | undefined> {
  const running = (await client.call('scenario::all', {}, scenariosSchema)).filter(
    (s) => s.state === 'in progress',
  );
  if (running.length === 0) return undefined;
  const targets = await commandNames(client, cmdId);
  for (const scenario of running) {
    const { export: exported } = await client.call('scenario::export', { id: scenario.id }, exportSchema);
    const spec = findAskIn(exported, targets, question);
    if (spec) return { ...spec, scenarioId: scenario.id };
  }
  return undefined;
}
