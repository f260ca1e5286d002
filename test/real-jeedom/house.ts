/**
 * The packaged zip in the engine harness, pointed at the real Jeedom box: the harness's HTTP front listens on
 * 127.0.0.1 (where Jeedom, on this machine, reaches it) and is the app's `public_url`, so the script plugin's
 * GETs really come back into the app's endpoint.
 */
import assert from 'node:assert/strict';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { RocketChatHarness } from '../../devkit/harness/RocketChatHarness';
import { appZip } from '../e2e/zip';
import { box, holdBox, php, phpJson, rpc, sql } from './box';

/** Everything the suite creates in Jeedom is named with this prefix (scenarios, interactions, users, objects). */
export const PREFIX = 'rcjt';

export interface RealHouse {
  rc: RocketChatHarness;
  /** Rocket.Chat admin, linked to Jeedom's `admin`. */
  alex: IUser;
  /** Household member, linked to the box's non-admin login (`marie`). */
  marie: IUser;
  /** Not linked. */
  guest: IUser;
  /** Lets the next suite have the box. */
  release: () => void;
}

/**
 * Leaves the box as setup.sh does: no equipment of the app (any earlier run's), no scenario, interaction, object
 * or extra user of the suite. Jeedom's API cannot delete, so its PHP classes do.
 */
export function resetBox(): void {
  php(`
    foreach (eqLogic::byType('script') as $eq) { if (strpos($eq->getLogicalId(), 'rocketchat:') === 0 || strpos($eq->getName(), '${PREFIX}') === 0) $eq->remove(); }
    foreach (scenario::all() as $s) { if (strpos($s->getName(), '${PREFIX}') === 0) { $s->stop(); $s->remove(); } }
    foreach (interactDef::all() as $i) { if (strpos($i->getName(), '${PREFIX}') === 0) $i->remove(); }
    foreach (jeeObject::all() as $o) { if (strpos($o->getName(), '${PREFIX}') === 0) $o->remove(); }
    foreach (user::all() as $u) { if (strpos($u->getLogin(), '${PREFIX}') === 0) $u->remove(); }
    $m = user::byLogin('${box().memberLogin}'); if (is_object($m)) { $m->setEnable(1); $m->setProfils('user'); $m->save(); }
  `);
}

/** Holds the box (other suites wait: see `holdBox`), resets it, then starts the harness pointed at it. */
export async function startRealHouse(): Promise<RealHouse> {
  const zipPath = await appZip();
  const release = await holdBox();
  try {
    resetBox();
    const rc = await RocketChatHarness.start({ zipPath, listen: { host: '127.0.0.1' } });
    await rc.setSetting('jeedom_url', box().url);
    await rc.setSetting('jeedom_api_key', box().apiKey);
    await rc.setSetting('public_url', rc.siteUrl);
    await rc.setSetting('language', 'fr');
    const alex = rc.addUser('alex', { admin: true, language: 'fr' });
    const marie = rc.addUser('marie', { language: 'fr' });
    const guest = rc.addUser('guest', { language: 'fr' });
    return { rc, alex, marie, guest, release };
  } catch (error) {
    release();
    throw error;
  }
}

/** Stops the harness after the suite-wide secret check (the API key, every user's key, the room tokens). */
export async function stopRealHouse(house: RealHouse | undefined): Promise<void> {
  if (!house) return;
  const secrets = [box().apiKey, ...sql('select hash from user').map(([hash]) => hash), ...roomTokens()];
  const leaks = house.rc.findSecrets(secrets);
  try {
    await house.rc.stop();
  } finally {
    house.release();
  }
  assert.deepEqual(leaks, [], 'no secret in any log line, message, notice or URL');
}

function roomTokens(): string[] {
  return phpJson<string[]>(`
    $out = [];
    foreach (eqLogic::byType('script') as $eq) foreach ($eq->getCmd() as $c) { $p = $c->getConfiguration('http_password', ''); if ($p != '') $out[] = $p; }
    echo json_encode($out);
  `);
}

export interface JeedomEquipment {
  id: number;
  name: string;
  logicalId: string;
  object_id: number | null;
  eqType_name: string;
  isEnable: string | number;
  isVisible: string | number;
  configuration: Record<string, unknown>;
  cmds: JeedomCmd[];
}

export interface JeedomCmd {
  id: number;
  logicalId: string;
  name: string;
  type: string;
  subType: string;
  configuration: Record<string, unknown>;
}

/** The room's equipment as Jeedom's API returns it (`eqLogic::fullById`), found by its logicalId. */
export async function equipmentOf(room: IRoom): Promise<JeedomEquipment> {
  const all = await rpc<Array<{ id: number; logicalId: string }>>('eqLogic::byType', { type: 'script' });
  const id = all.find((eq) => eq.logicalId === `rocketchat:${room.id}`)?.id;
  assert.ok(id, `an equipment for ${room.slugifiedName} in Jeedom`);
  return rpc<JeedomEquipment>('eqLogic::fullById', { id });
}

export async function cmdOf(room: IRoom, logicalId: string): Promise<JeedomCmd> {
  const cmd = (await equipmentOf(room)).cmds.find((c) => c.logicalId === logicalId);
  assert.ok(cmd, `command ${logicalId} of ${room.slugifiedName}`);
  return cmd;
}
