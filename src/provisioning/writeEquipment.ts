import { JeedomClient } from '../jeedom/JeedomClient';
import { isJeedomError } from '../jeedom/JeedomError';
import { cutToBytes, DesiredEquipment, MAX_NAME_BYTES } from './shape';

interface Written {
  eqLogicId: string;
  name: string;
  cmdIds: Record<string, string>;
}

const MAX_NAME_ATTEMPTS = 4;

/** Jeedom's unique key (name, object): another equipment of that name in the object. */
function isNameClash(error: unknown): boolean {
  return isJeedomError(error) && /Duplicate entry/i.test(error.jeedomMessage ?? '');
}

function suffixed(name: string, attempt: number): string {
  if (attempt === 0) return name;
  const suffix = attempt === 1 ? ' (Rocket.Chat)' : ` (Rocket.Chat ${attempt})`;
  return `${cutToBytes(name, MAX_NAME_BYTES - suffix.length).trim()}${suffix}`;
}

/**
 * One `eqLogic::save` with the whole command list — known commands by id, so Jeedom keeps them (and the
 * scenarios using them); a list without an id would make Jeedom replace them. One read follows only when
 * Jeedom created commands whose ids we need.
 */
export async function writeEquipment(
  client: JeedomClient,
  desired: DesiredEquipment,
  known: { eqLogicId?: string; cmdIds: Record<string, string>; name?: string },
): Promise<Written> {
  const { cmds, ...fields } = desired;
  const cmd = cmds.map((c) => (known.cmdIds[c.logicalId] ? { ...c, id: known.cmdIds[c.logicalId] } : c));
  // A name that already carries our suffix for this room name keeps it: no rename back and forth.
  let firstAttempt = known.name?.startsWith(desired.name) ? suffixIndex(known.name) : 0;
  if (desired.object_id === null && known.name !== suffixed(desired.name, firstAttempt)) {
    // Jeedom's unique index (name, object_id) ignores a NULL object: two equipments may share a name there,
    // and `#[Aucun][name][Send]#` becomes ambiguous. Names without an object are kept unique here instead.
    const taken = await namesWithoutObject(client, known.eqLogicId);
    while (taken.has(collationKey(suffixed(desired.name, firstAttempt))) && firstAttempt < 50) firstAttempt++;
  }
  for (let attempt = firstAttempt; ; attempt++) {
    const name = suffixed(desired.name, attempt);
    try {
      const params = { ...fields, name, cmd, ...(known.eqLogicId ? { id: known.eqLogicId } : {}) };
      const saved = await client.saveEquipment(params);
      if (desired.object_id === null) await noteName(client, saved.id, name);
      const complete = cmds.every((c) => known.cmdIds[c.logicalId]);
      return {
        eqLogicId: saved.id,
        name,
        cmdIds: complete ? pick(known.cmdIds, cmds) : await readCmdIds(client, saved.id),
      };
    } catch (error) {
      if (!isNameClash(error) || attempt + 1 >= firstAttempt + MAX_NAME_ATTEMPTS) throw error;
    }
  }
}

/** How MariaDB's `_ci` collations compare names: case and accents ignored. */
function collationKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .trim();
}

/**
 * Names of Jeedom's equipments without an object, by id, read once per client — a sync run uses one client for
 * every room, so 500 new rooms cost one `eqLogic::all`, not 500 (each as long as the box) — and kept current
 * with what this run writes.
 */
const namesByClient = new WeakMap<JeedomClient, Promise<Map<string, string>>>();

function noObjectNames(client: JeedomClient): Promise<Map<string, string>> {
  let names = namesByClient.get(client);
  if (!names) {
    names = client
      .equipments()
      .then(
        (all) =>
          new Map(all.filter((eq) => eq.object_id === null).map((eq) => [eq.id, collationKey(eq.name)])),
      );
    namesByClient.set(client, names);
    names.catch(() => namesByClient.delete(client));
  }
  return names;
}

async function namesWithoutObject(client: JeedomClient, except: string | undefined): Promise<Set<string>> {
  const names = await noObjectNames(client);
  return new Set([...names].filter(([id]) => id !== except).map(([, key]) => key));
}

/** What this run just wrote is taken too, for the next rooms of the same run. */
async function noteName(client: JeedomClient, eqLogicId: string, name: string): Promise<void> {
  const names = namesByClient.get(client);
  if (names) (await names).set(eqLogicId, collationKey(name));
}

function suffixIndex(name: string): number {
  const match = / \(Rocket\.Chat(?: (\d+))?\)$/.exec(name);
  if (!match) return 0;
  return match[1] ? Number(match[1]) : 1;
}

function pick(ids: Record<string, string>, cmds: DesiredEquipment['cmds']): Record<string, string> {
  return Object.fromEntries(cmds.map((c) => [c.logicalId, ids[c.logicalId]]));
}

export async function readCmdIds(client: JeedomClient, eqLogicId: string): Promise<Record<string, string>> {
  const full = await client.equipmentWithCmds(eqLogicId);
  return Object.fromEntries(full.cmds.filter((c) => c.logicalId).map((c) => [c.logicalId as string, c.id]));
}
