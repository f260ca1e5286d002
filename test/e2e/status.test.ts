import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { RocketChatHarness } from '../../devkit/harness/RocketChatHarness';
import { jeedomError } from '../../devkit/simulator';
import type { JeedomSimulator } from '../../devkit/simulator';
import { House, startHouse, stopHouse } from './house';

let rc: RocketChatHarness;
let sim: JeedomSimulator;
let admin: IUser;
let member: IUser;
let marie: IUser;
let room: IRoom;

let house: House;

before(async () => {
  house = await startHouse();
  ({ rc, sim } = house);
  admin = rc.addUser('alice', { admin: true });
  member = rc.addUser('bob');
  marie = rc.addUser('marie', { admin: true, language: 'fr' });
  room = rc.addRoom('c', 'general', [admin, member, marie]);
});

after(() => stopHouse(house, ['wrong-key-0123456789abcdef']));

beforeEach(async () => {
  sim.setFault(null);
  sim.setVersion('4.5.3');
  sim.setPluginActive('script', true);
  sim.state.forbiddenMethods = undefined;
  await rc.setSetting('jeedom_url', sim.baseUrl);
  await rc.setSetting('jeedom_api_key', sim.keys.admin);
  await rc.setSetting('jeedom_timeout', 2);
});

async function status(user: IUser = admin): Promise<string> {
  await rc.slash(user, room, 'status');
  const notice = rc.lastNotice(user);
  assert.ok(notice, 'the status is always answered');
  assert.equal(notice.roomId, room.id);
  return notice.text;
}

describe('a healthy Jeedom', () => {
  for (const version of ['4.5.3', '4.4.20']) {
    test(`reports version ${version}, admin rights and the script plugin to an admin`, async () => {
      sim.setVersion(version);
      const text = await status();
      assert.match(
        text,
        new RegExp(`reachable at ${sim.baseUrl} — version ${version.replace(/\./g, '\\.')}`),
      );
      assert.match(text, /API key is accepted and has administrator rights/);
      assert.match(text, /“script” plugin is installed and active/);
    });
  }

  test('accepts the core key as admin-capable', async () => {
    await rc.setSetting('jeedom_api_key', sim.keys.core);
    assert.match(await status(), /has administrator rights/);
  });

  test('accepts a pasted jeeApi.php URL with a key in its query string, and never repeats that key', async () => {
    await rc.setSetting('jeedom_url', `${sim.apiUrl}?apikey=${sim.keys.core}`);
    const text = await status();
    assert.match(text, /version 4\.5\.3/);
    assert.ok(!text.includes(sim.keys.core));
  });

  test('shows a household member only that the house answers', async () => {
    sim.clearCalls();
    const text = await status(member);
    assert.match(text, /Jeedom is reachable — version 4\.5\.3/);
    assert.doesNotMatch(text, /127\.0\.0\.1|API key|plugin/);
    assert.equal(sim.callCount(), 1, 'no detail checks for a non-admin');
  });

  test('answers in French for a French-speaking admin', async () => {
    const text = await status(marie);
    assert.match(text, /Jeedom répond à l'adresse .* — version 4\.5\.3/);
    assert.match(text, /droits administrateur/);
  });
});

describe('what the admin must fix', () => {
  test('no URL', async () => {
    await rc.setSetting('jeedom_url', '');
    assert.match(await status(), /No Jeedom address set/);
  });

  test('an unusable URL', async () => {
    await rc.setSetting('jeedom_url', 'ftp://jeedom.lan');
    assert.match(await status(), /not valid/);
  });

  test('no API key', async () => {
    await rc.setSetting('jeedom_api_key', '');
    assert.match(await status(), /No Jeedom API key set/);
  });

  test('a key without admin rights', async () => {
    await rc.setSetting('jeedom_api_key', sim.keys.user);
    const text = await status();
    assert.match(text, /version 4\.5\.3/);
    assert.match(text, /accepted but has no administrator rights/);
  });

  test('the script plugin installed but not active', async () => {
    sim.setPluginActive('script', false);
    assert.match(await status(), /installed but not active/);
  });

  test('the script plugin not installed', async () => {
    sim.removePlugin('script');
    try {
      assert.match(await status(), /“script” plugin is not installed/);
    } finally {
      sim.addPlugin({ id: 'script', name: 'Script', category: 'programming', active: true });
    }
  });
});

describe('every failure kind gives one clear line, and no crash', () => {
  test('unreachable: Jeedom down', async () => {
    sim.setFault({ kind: 'down' });
    assert.match(await status(), /Jeedom is unreachable at the moment/);
    assert.match(await status(member), /Jeedom is unreachable at the moment/);
  });

  test('unreachable: nothing listens at the address', async () => {
    await rc.setSetting('jeedom_url', 'http://127.0.0.1:9');
    assert.match(await status(), /unreachable/);
  });

  test('timeout: a slow Jeedom is given up within the timeout plus one second', async () => {
    await rc.setSetting('jeedom_timeout', 1);
    sim.setFault({ kind: 'slow', delayMs: 4000 });
    const started = Date.now();
    const text = await status();
    const elapsed = Date.now() - started;
    assert.match(text, /did not answer within 1 s/);
    assert.ok(elapsed < 2000, `answered after ${elapsed} ms`);
  });

  test('auth: a wrong key', async () => {
    await rc.setSetting('jeedom_api_key', 'wrong-key-0123456789abcdef');
    assert.match(await status(), /Jeedom refused the API key/);
  });

  test('auth: the banned-address page', async () => {
    sim.setFault({ kind: 'ban' });
    assert.match(await status(), /bans the address/);
  });

  test('rights: the site forbids the method', async () => {
    sim.state.forbiddenMethods = /^version$/;
    assert.match(await status(), /rights are not enough.*Jeedom said: Cette demande n'est pas autorisée/);
  });

  test('protocol: a garbage answer', async () => {
    sim.setFault({ kind: 'garbage' });
    assert.match(await status(), /answer the app cannot understand/);
  });

  test('protocol: a PHP fatal error (HTTP 500)', async () => {
    sim.setFault({ kind: 'http500' });
    assert.match(await status(), /Jeedom failed internally \(HTTP 500\); its http\.error log says why/);
  });

  test('not_found and plugin_missing, as Jeedom words them, are shown with its message', async () => {
    const answers = [
      { error: jeedomError(-32702, 'Commande introuvable'), line: /could not find.*Commande introuvable/ },
      {
        error: jeedomError(0, 'Type incorrect (classe commande inexistante)scriptCmd'),
        line: /plugin needed for this is missing.*classe commande inexistante/,
      },
    ];
    sim.unregister('version');
    try {
      for (const { error, line } of answers) {
        sim.register('version', {
          rights: 'any',
          handler: () => {
            throw error;
          },
        });
        assert.match(await status(), line);
        sim.unregister('version');
      }
    } finally {
      sim.register('version', { rights: 'any', handler: (_p, ctx) => ctx.state.version });
    }
  });

  test('a failing detail check is reported as such while the rest still shows', async () => {
    sim.setFault({ kind: 'http500', method: 'user::all' });
    const text = await status();
    assert.match(text, /version 4\.5\.3/);
    assert.match(text, /Could not check the key's rights: .*failed internally \(HTTP 500\)/);
    assert.match(text, /plugin is installed and active/);
  });

  test('after a failure, the next status works again (nothing is stuck)', async () => {
    sim.setFault({ kind: 'down', times: 1 });
    assert.match(await status(), /unreachable/);
    assert.match(await status(), /version 4\.5\.3/);
  });
});

test('the Jeedom calls carry the key in the JSON body only: never in the URL', () => {
  for (const call of rc.bridges.http.calls) assert.doesNotMatch(call.url, /apikey|[0-9a-f]{64}/);
  assert.ok(rc.bridges.http.calls.length > 10);
});
