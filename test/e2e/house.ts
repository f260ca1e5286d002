import assert from 'node:assert/strict';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { RocketChatHarness } from '../../devkit/harness/RocketChatHarness';
import { JeedomSimulator, type CmdRow, type EqLogicRow } from '../../devkit/simulator';
import { appZip } from './zip';

export interface House {
  rc: RocketChatHarness;
  sim: JeedomSimulator;
}

/** A Jeedom simulator and a Rocket.Chat with the app installed and pointed at it (URL and admin key). */
export async function startHouse(): Promise<House> {
  const sim = new JeedomSimulator();
  await sim.start();
  const rc = await RocketChatHarness.start({ zipPath: await appZip() });
  // The start-up sync (a recurring job due at once) ends before the suite sets anything: on a loaded machine it
  // otherwise read settings a suite set later, and created the equipments a suite's first sync expects to create.
  await rc.settled();
  await rc.setSetting('jeedom_url', sim.baseUrl);
  await rc.setSetting('jeedom_api_key', sim.keys.admin);
  return { rc, sim };
}

/**
 * Stops both, after the suite-wide secret check: no API key (nor the extra secrets a suite used) in any log
 * line, message, notice or URL the app produced.
 */
export async function stopHouse(house: House | undefined, extraSecrets: string[] = []): Promise<void> {
  if (!house) return;
  const leaks = house.rc.findSecrets([...Object.values(house.sim.keys), ...extraSecrets]);
  await house.rc.stop();
  await house.sim.stop();
  assert.deepEqual(leaks, [], 'no secret in any log line, message, notice or URL');
}

export interface Household {
  admin: IUser;
  alice: IUser;
  room: IRoom;
}

/**
 * The usual people: `house-admin` (a Rocket.Chat admin), `alice`, then the `others` named (each returned under
 * their username), in that order, all in one room (a channel unless `kind` says `p`) with the bot. Nobody is
 * linked to Jeedom yet.
 */
export function addHousehold<Other extends string = never>(
  rc: RocketChatHarness,
  roomName: string,
  others: Other[] = [],
  kind: 'c' | 'p' = 'c',
): Household & Record<Other, IUser> {
  const admin = rc.addUser('house-admin', { admin: true });
  const alice = rc.addUser('alice');
  const more = others.map((username) => [username, rc.addUser(username)] as const);
  const room = rc.addRoom(kind, roomName, [admin, alice, ...more.map(([, user]) => user)]);
  return { ...(Object.fromEntries(more) as Record<Other, IUser>), admin, alice, room };
}

/**
 * The lamp: the script equipment `Lampe` in object 1 with an `On` action command whose HTTP request goes to the
 * simulator's `/lamp-on?state=1`, which answers `done`.
 */
export function addLamp(sim: JeedomSimulator): { lamp: number; lampOn: number } {
  const lamp = sim.equipment.addEqLogic({
    name: 'Lampe',
    eqType_name: 'script',
    object_id: 1,
    isEnable: 1,
    isVisible: 1,
  });
  const lampOn = sim.equipment.addCmd({
    eqLogic_id: lamp,
    name: 'On',
    type: 'action',
    subType: 'other',
    logicalId: 'on',
    configuration: { requestType: 'http', request: `${sim.baseUrl}/lamp-on?state=1` },
  });
  sim.addRoute(
    '/lamp-on',
    () => ({ status: 200, body: 'done', headers: { 'content-type': 'text/plain' } }) as never,
  );
  return { lamp, lampOn };
}

/** The equipment the app made in Jeedom for `room` (it must exist). */
export function roomEquipment(sim: JeedomSimulator, room: IRoom): EqLogicRow {
  const eq = sim.equipment.eqLogicRows('script').find((e) => e.logicalId === `rocketchat:${room.id}`);
  assert.ok(eq, `an equipment for ${room.slugifiedName}`);
  return eq;
}

/** The command `logicalId` of the equipment the app made in Jeedom for `room` (both must exist). */
export function roomCmd(sim: JeedomSimulator, room: IRoom, logicalId: string): CmdRow {
  const cmd = sim.equipment.cmdRowsOf([roomEquipment(sim, room).id]).find((c) => c.logicalId === logicalId);
  assert.ok(cmd, `command ${logicalId}`);
  return cmd;
}

/** The local API keys of the simulator's cameras now: secrets, like the Jeedom keys. */
export const cameraKeys = (sim: JeedomSimulator): string[] =>
  sim.equipment
    .eqLogicRows('camera')
    .map((c) => String((c.configuration as Record<string, unknown>).localApiKey));

/** `user` says hello in `room`, and Jeedom then has the person's own command (`user:<id>`). */
export async function greet({ rc, sim }: House, user: IUser, room: IRoom): Promise<void> {
  await rc.postMessage(user, room, 'hello');
  await rc.waitFor(() => sim.equipment.allCmdRows().find((c) => c.logicalId === `user:${user.id}`), {
    what: `the @${user.username} command`,
  });
}
