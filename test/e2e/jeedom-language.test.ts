import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { RocketChatHarness } from '../../devkit/harness/RocketChatHarness';
import type { JeedomSimulator } from '../../devkit/simulator';
import { House, roomEquipment, startHouse, stopHouse } from './house';

let house: House;
let rc: RocketChatHarness;
let sim: JeedomSimulator;
let admin: IUser;
let salon: IRoom;

before(async () => {
  house = await startHouse();
  ({ rc, sim } = house);
  admin = rc.addUser('house-admin', { admin: true, language: 'en' });
  salon = rc.addRoom('c', 'salon', [admin]);
  await rc.setSetting('public_url', rc.siteUrl);
});

after(() => stopHouse(house));

/** The room's equipment commands as Jeedom has them: logicalId → [id, name]. */
function commands(): Record<string, [number, string]> {
  const eq = roomEquipment(sim, salon);
  return Object.fromEntries(
    sim.equipment.cmdRowsOf([eq.id]).map((c) => [String(c.logicalId), [c.id, String(c.name)]]),
  );
}

test('the simulator answers config::byKey language as a stock box does (fr_FR)', async () => {
  const response = await fetch(`${sim.baseUrl}/core/api/jeeApi.php`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'config::byKey',
      params: { apikey: sim.keys.admin, key: 'language' },
    }),
  });
  assert.deepEqual(await response.json(), { jsonrpc: '2.0', id: 1, result: 'fr_FR' });
});

test("a French box gets French command names, whatever the admin's or the server's language", async () => {
  await rc.slash(admin, salon, 'sync');
  const cmds = commands();
  assert.equal(cmds.send[1], 'Envoyer');
  assert.equal(cmds.lastMessage[1], 'Dernier message');
  assert.equal(cmds.lastSender[1], 'Dernier expéditeur');
});

test('the box switching language renames the commands; ids and logicalIds never change', async () => {
  const before = commands();
  sim.state.language = 'de_DE';
  await rc.slash(admin, salon, 'sync');
  const after = commands();
  assert.deepEqual(Object.keys(after).sort(), Object.keys(before).sort());
  for (const logicalId of Object.keys(before)) assert.equal(after[logicalId][0], before[logicalId][0]);
  assert.equal(after.send[1], 'Senden');
  sim.state.language = 'ja_JP';
  await rc.slash(admin, salon, 'sync');
  assert.equal(commands().send[1], 'Send', 'a language the app does not speak: English');
  sim.state.language = 'fr_FR';
});

test('the engine reported no hook error', () => {
  assert.deepEqual(rc.hookErrors, []);
});
