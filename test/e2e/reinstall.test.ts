/**
 * A reinstall gives the app a new private hash (issue "safe to expose"): the commands Jeedom holds carry the
 * old address until a sync writes the new one — the scheduled sync (at start-up, then every 15 minutes) does.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { RocketChatHarness } from '../../devkit/harness/RocketChatHarness';
import type { JeedomSimulator } from '../../devkit/simulator';
import { House, startHouse, stopHouse } from './house';
import { appZip } from './zip';

let house: House;
let rc: RocketChatHarness;
let sim: JeedomSimulator;

before(async () => {
  house = await startHouse();
  ({ rc, sim } = house);
});

after(() => stopHouse(house));

const sendUrls = () =>
  sim.equipment
    .allCmdRows()
    .filter((c) => c.logicalId === 'send')
    .map((c) => String((c.configuration as Record<string, unknown>).request).split('?')[0]);

test('after a reinstall, the scheduled sync writes the new private address into the commands', async () => {
  const admin = rc.addUser('house-admin', { admin: true });
  const home = rc.addRoom('c', 'home', [admin]);
  await rc.setSetting('public_url', rc.siteUrl);
  await rc.slash(admin, home, 'sync');
  const before = rc.endpointUrl('jeedom');
  assert.deepEqual(sendUrls(), [before]);

  await rc.engine.remove(rc.appId, { user: rc.admin } as never);
  const appId = await rc.installAnother(await appZip());
  assert.equal(appId, rc.appId);
  const after = rc.endpointUrl('jeedom');
  assert.notEqual(after, before, 'a new installation, a new hash');
  // The settings and the bot's rooms went with the old installation: an admin sets them again.
  await rc.setSetting('jeedom_url', sim.baseUrl);
  await rc.setSetting('jeedom_api_key', sim.keys.admin);
  await rc.setSetting('public_url', rc.siteUrl);
  rc.world.join(home.id, rc.bot.id);
  await rc.runJob('jeedom-sync');
  await rc.waitFor(() => sendUrls()[0] === after, { what: 'the new address in the send command' });
  assert.equal((await fetch(before, { method: 'GET' })).status, 404, 'the old address is gone');
});
