import { JeedomClient } from './JeedomClient';

/** What Jeedom writes for an equipment without an object, in each box language (eqLogic::getHumanName). */
export const NO_OBJECT_NAMES = ['Aucun', 'None', 'Nein', 'No', 'Nessuno', 'Nenhum'];
const NO_OBJECT = NO_OBJECT_NAMES.map((n) => n.toLowerCase());

const norm = (s: string) => s.trim().toLowerCase();

/** `[Object][Equipment][Command]` → its parts, or undefined for anything else. */
export function parseHumanName(text: string): [string, string, string] | undefined {
  const match = /^\s*#?\[([^\]]*)\]\[([^\]]*)\]\[([^\]]*)\]#?\s*$/.exec(text);
  return match ? [match[1], match[2], match[3]] : undefined;
}

/**
 * The id of an action command from its human name, as far as this client's key may see. Equipments with
 * no object match any translation of Jeedom's "None".
 */
export async function findActionCommand(
  client: JeedomClient,
  [objectName, eqName, cmdName]: [string, string, string],
): Promise<string | undefined> {
  const [allCmds, allEqs, allObjects] = await Promise.all([
    client.cmds(),
    client.equipments(),
    client.objects(),
  ]);
  const objectIds = new Set(allObjects.filter((o) => norm(o.name) === norm(objectName)).map((o) => o.id));
  const noObject = NO_OBJECT.includes(norm(objectName));
  const eqIds = new Set(
    allEqs
      .filter((e) => norm(e.name) === norm(eqName) && (e.object_id ? objectIds.has(e.object_id) : noObject))
      .map((e) => e.id),
  );
  return allCmds.find(
    (c) => c.type === 'action' && !!c.eqLogic_id && eqIds.has(c.eqLogic_id) && norm(c.name) === norm(cmdName),
  )?.id;
}
