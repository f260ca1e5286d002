import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { beforeEach, describe, test } from 'node:test';
import { BAN_PAGE, JeedomSimulator, jeedomError, type CallEntry } from '../../devkit/simulator';
import { simulatorPerTest } from './fresh';

const NOT_ALLOWED = "Vous n'êtes pas autorisé à effectuer cette action";
const NO_RIGHTS = "Vous n'avez pas les droits de faire cette action";
const UNKNOWN_KEY = 'Zz9'.repeat(21) + 'Z';

interface Answer {
  status: number;
  contentType: string | null;
  text: string;
}

interface RpcReply {
  jsonrpc: string;
  id: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

let sim: JeedomSimulator;
simulatorPerTest((s) => {
  sim = s;
});

async function answer(response: Response): Promise<Answer> {
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    text: await response.text(),
  };
}

async function postRaw(body: string, headers: Record<string, string> = {}): Promise<Answer> {
  return answer(await fetch(sim.apiUrl, { method: 'POST', body, headers }));
}

function envelope(method: string, params?: unknown, id: unknown = 7): Record<string, unknown> {
  return { jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) };
}

async function rpc(method: string, params?: unknown, id: unknown = 7): Promise<RpcReply> {
  const reply = await postRaw(JSON.stringify(envelope(method, params, id)), {
    'Content-Type': 'application/json',
  });
  assert.equal(reply.status, 200);
  assert.equal(reply.contentType, 'application/json');
  return JSON.parse(reply.text) as RpcReply;
}

function errorOf(reply: RpcReply): { code: number; message: string } {
  assert.ok(reply.error, `expected an error, got ${JSON.stringify(reply)}`);
  return reply.error;
}

describe('transport', () => {
  test('ping answers pong without any key, HTTP 200 and application/json', async () => {
    const reply = await rpc('ping');
    assert.deepEqual(reply, { jsonrpc: '2.0', id: 7, result: 'pong' });
  });

  test('a request without id is answered with id 99999', async () => {
    const reply = await postRaw(JSON.stringify({ jsonrpc: '2.0', method: 'ping' }));
    assert.deepEqual(JSON.parse(reply.text), { jsonrpc: '2.0', id: 99999, result: 'pong' });
  });

  test('the JSON-RPC object is accepted in the `request` GET field', async () => {
    const request = JSON.stringify(envelope('version', { apikey: sim.keys.core }, 'get-1'));
    const reply = await answer(await fetch(`${sim.apiUrl}?request=${encodeURIComponent(request)}`));
    assert.deepEqual(JSON.parse(reply.text), { jsonrpc: '2.0', id: 'get-1', result: '4.5.3' });
  });

  test('the JSON-RPC object is accepted in the `request` field of a form POST', async () => {
    const form = new URLSearchParams({
      request: JSON.stringify(envelope('version', { apikey: sim.keys.core })),
    });
    const reply = await answer(await fetch(sim.apiUrl, { method: 'POST', body: form }));
    assert.equal((JSON.parse(reply.text) as RpcReply).result, '4.5.3');
  });

  test('params may be a JSON string', async () => {
    const reply = await rpc('version', JSON.stringify({ apikey: sim.keys.admin }));
    assert.equal(reply.result, '4.5.3');
  });

  test('a jsonrpc other than "2.0" is refused with code 1 and the version in the message', async () => {
    const reply = await postRaw(JSON.stringify({ ...envelope('ping'), jsonrpc: '1.0' }));
    assert.deepEqual(errorOf(JSON.parse(reply.text) as RpcReply), {
      code: 1,
      message: 'Requête invalide. Version JSON-RPC invalide : 1.0',
    });
  });

  test('a body that is not JSON is a missing jsonrpc: code 1, message ending with a space', async () => {
    const reply = JSON.parse((await postRaw('hello')).text) as RpcReply;
    assert.deepEqual(reply, {
      jsonrpc: '2.0',
      id: 99999,
      error: { code: 1, message: 'Requête invalide. Version JSON-RPC invalide : ' },
    });
  });

  test('jsonrpc is compared the PHP way: the number 2 passes', async () => {
    const reply = await postRaw(JSON.stringify({ ...envelope('ping'), jsonrpc: 2 }));
    assert.equal((JSON.parse(reply.text) as RpcReply).result, 'pong');
  });

  test('scalar params are a PHP fatal error: HTTP 500 with an empty body', async () => {
    const reply = await postRaw(JSON.stringify(envelope('ping', '42')));
    assert.equal(reply.status, 500);
    assert.equal(reply.text, '');
  });

  test('strings are encoded like PHP json_encode (escaped slashes and non-ASCII)', async () => {
    const reply = await postRaw(JSON.stringify(envelope('plugin::listPlugin', { apikey: sim.keys.core })));
    assert.match(reply.text, /"name":"Cam\\u00e9ra"/);
    assert.match(reply.text, /"documentation":"https:\\\/\\\/doc\.jeedom\.com/);
  });

  test('another path of the box is a 404 page', async () => {
    const reply = await answer(await fetch(`${sim.baseUrl}/core/api/nothing.php`));
    assert.equal(reply.status, 404);
  });

  test('addRoute serves another file of the box; unscoped faults hit it too', async () => {
    const url = `${sim.baseUrl}/plugins/camera/core/php/snapshot.php?id=3`;
    sim.addRoute('/plugins/camera/core/php/snapshot.php', (input) => ({
      status: 200,
      headers: { 'Content-Type': 'image/jpeg' },
      body: `camera ${input.query.get('id')}`,
    }));
    assert.equal((await answer(await fetch(url))).text, 'camera 3');
    sim.setFault({ kind: 'ban' });
    assert.equal((await answer(await fetch(url))).status, 404);
    assert.throws(() => sim.addRoute('/core/api/jeeApi.php', () => ({ status: 200, headers: {}, body: '' })));
  });
});

describe('authentication', () => {
  test('version answers for the core key, an admin hash, a user hash and a restrict hash', async () => {
    for (const apikey of [sim.keys.core, sim.keys.admin, sim.keys.user, sim.keys.restrict]) {
      assert.equal((await rpc('version', { apikey })).result, '4.5.3');
    }
  });

  test('the key is also read from params.api', async () => {
    assert.equal((await rpc('version', { api: sim.keys.user })).result, '4.5.3');
  });

  test('no key: code 1', async () => {
    assert.deepEqual(errorOf(await rpc('version', {})), { code: 1, message: NOT_ALLOWED });
  });

  test('an unknown key or one shorter than 16 characters: code 2', async () => {
    assert.deepEqual(errorOf(await rpc('version', { apikey: UNKNOWN_KEY })), {
      code: 2,
      message: NOT_ALLOWED,
    });
    assert.equal(errorOf(await rpc('version', { apikey: sim.keys.core.slice(0, 15) })).code, 2);
  });

  test("a disabled user's hash is refused with code 2", async () => {
    assert.equal(errorOf(await rpc('version', { apikey: sim.keyOf('paul') })).code, 2);
    sim.setUserEnabled('marie', false);
    assert.equal(errorOf(await rpc('version', { apikey: sim.keyOf('marie') })).code, 2);
  });

  test('the SHA-512 of a user hash is accepted as that user (user::byHash)', async () => {
    const apikey = createHash('sha512').update(sim.keys.user).digest('hex');
    assert.equal((await rpc('version', { apikey })).result, '4.5.3');
  });

  test('an unknown method is checked after the key: code 2 with a bad key, 500 with a good one', async () => {
    assert.equal(errorOf(await rpc('foo::bar', { apikey: UNKNOWN_KEY })).code, 2);
    assert.deepEqual(errorOf(await rpc('foo::bar', { apikey: sim.keys.core })), {
      code: 500,
      message: 'Aucune méthode correspondante : foo::bar',
    });
  });

  test('the unknown method name is echoed through secureXSS', async () => {
    const error = errorOf(await rpc('<b>"x"</b>', { apikey: sim.keys.core }));
    assert.equal(error.message, 'Aucune méthode correspondante : &lt;b&gt;&quot;x&quot;&lt;/b&gt;');
  });
});

describe('rights', () => {
  beforeEach(() => {
    sim.register('test::adminOnly', { rights: 'admin', handler: () => 'done' });
    sim.register('test::halt', { rights: 'admin', denial: 'not_allowed', handler: () => 'done' });
    sim.register('test::adminOrUser', {
      rights: 'admin_or_user',
      handler: (_p, ctx) => ctx.user?.login ?? 'core',
    });
  });

  test('an admin-only method refuses a user profile with 701, like datastore::save', async () => {
    assert.deepEqual(errorOf(await rpc('test::adminOnly', { apikey: sim.keys.user })), {
      code: 701,
      message: NO_RIGHTS,
    });
  });

  test('an admin-only method declared not_allowed refuses with code 1 and its name, like eqLogic::save', async () => {
    assert.deepEqual(errorOf(await rpc('test::halt', { apikey: sim.keys.user })), {
      code: 1,
      message: `${NOT_ALLOWED} test::halt`,
    });
  });

  test('the admin hash and the core key pass admin-only methods', async () => {
    assert.equal((await rpc('test::adminOnly', { apikey: sim.keys.admin })).result, 'done');
    assert.equal((await rpc('test::halt', { apikey: sim.keys.core })).result, 'done');
  });

  test('admin_or_user lets a user in, not a restrict profile; the core key has no user', async () => {
    assert.equal((await rpc('test::adminOrUser', { apikey: sim.keys.user })).result, 'marie');
    assert.equal(errorOf(await rpc('test::adminOrUser', { apikey: sim.keys.restrict })).code, 701);
    assert.equal((await rpc('test::adminOrUser', { apikey: sim.keys.core })).result, 'core');
  });

  test('a handler can check rights after its own validation, and throw Jeedom errors', async () => {
    sim.register('test::save', {
      rights: 'any',
      handler: (params, ctx) => {
        if (params.type !== 'script')
          throw jeedomError(0, 'Type incorrect (classe commande inexistante)xCmd');
        ctx.requireRights('admin', 'not_allowed');
        return 'saved';
      },
    });
    assert.deepEqual(errorOf(await rpc('test::save', { apikey: sim.keys.user, type: 'x' })), {
      code: -32000,
      message: 'Type incorrect (classe commande inexistante)xCmd',
    });
    assert.equal(errorOf(await rpc('test::save', { apikey: sim.keys.user, type: 'script' })).code, 1);
  });

  test('a handler crashing with a plain Error is a PHP fatal error: HTTP 500, no JSON', async () => {
    sim.register('test::crash', {
      rights: 'any',
      handler: () => {
        throw new TypeError('boom');
      },
    });
    const reply = await postRaw(JSON.stringify(envelope('test::crash', { apikey: sim.keys.core })));
    assert.equal(reply.status, 500);
    assert.equal(reply.text, '');
    assert.deepEqual(sim.calls.at(-1)?.error, { code: undefined, message: 'boom' });
  });
});

describe('4.4 and 4.5 dialects', () => {
  const EMPTY_VALUES: unknown[] = [[], 0, '0', '', false, null];

  beforeEach(() => {
    sim.register('test::echo', { rights: 'any', handler: (params) => params.value });
  });

  test('4.5 turns every empty() result into "ok"', async () => {
    for (const value of EMPTY_VALUES) {
      assert.equal(
        (await rpc('test::echo', { apikey: sim.keys.core, value })).result,
        'ok',
        JSON.stringify(value),
      );
    }
  });

  test('4.4 sends empty results as they are', async () => {
    sim.setVersion('4.4.20');
    for (const value of EMPTY_VALUES) {
      assert.deepEqual((await rpc('test::echo', { apikey: sim.keys.core, value })).result, value);
    }
  });

  test('jeedom::isOk false arrives as "ok" on 4.5 and as false on 4.4', async () => {
    sim.setHealthy(false);
    assert.equal((await rpc('jeedom::isOk', { apikey: sim.keys.core })).result, 'ok');
    sim.setVersion('4.4.20');
    assert.equal((await rpc('jeedom::isOk', { apikey: sim.keys.core })).result, false);
  });

  test('4.5 echoes the request id in errors', async () => {
    assert.equal((await rpc('version', {}, 41)).id, 41);
  });

  test('4.4 answers errors of raw-body requests with id 99999', async () => {
    sim.setVersion('4.4.20');
    const reply = await rpc('version', {}, 41);
    assert.equal(reply.id, 99999);
    assert.equal(errorOf(reply).code, 1);
  });

  test('4.4 echoes the id of errors to requests sent in the `request` field', async () => {
    sim.setVersion('4.4.20');
    const request = JSON.stringify(envelope('version', {}, 41));
    const reply = await answer(await fetch(`${sim.apiUrl}?request=${encodeURIComponent(request)}`));
    assert.equal((JSON.parse(reply.text) as RpcReply).id, 41);
  });

  test('4.4 keeps success ids of raw-body requests', async () => {
    sim.setVersion('4.4.20');
    assert.deepEqual(await rpc('version', { apikey: sim.keys.core }, 5), {
      jsonrpc: '2.0',
      id: 5,
      result: '4.4.20',
    });
  });

  test('an invalid version is refused and the previous one kept', () => {
    assert.throws(() => sim.setVersion('latest'), /Invalid Jeedom version/);
    assert.equal(sim.state.version, '4.5.3');
    assert.equal(new JeedomSimulator({ version: '4.4.20' }).state.dialect, '4.4');
  });
});

describe('core methods', () => {
  test('datetime is the box time as float seconds', async () => {
    const result = (await rpc('datetime', { apikey: sim.keys.restrict })).result;
    assert.equal(typeof result, 'number');
    assert.ok(Math.abs((result as number) - Date.now() / 1000) < 5);
  });

  test('plugin::listPlugin lists installed plugins sorted by name, with no activation field', async () => {
    const plugins = (await rpc('plugin::listPlugin', { apikey: sim.keys.user })).result as Record<
      string,
      unknown
    >[];
    assert.deepEqual(
      plugins.map((p) => [p.id, p.name, p.category]),
      [
        ['camera', 'Caméra', 'security'],
        ['script', 'Script', 'programming'],
      ],
    );
    for (const key of ['active', 'isActive', 'isEnable', 'enable']) assert.equal(key in plugins[0], false);
  });

  test('activateOnly: 1 lists active plugins only; a disabled plugin stays installed', async () => {
    sim.setPluginActive('script', false);
    const ids = async (activateOnly: unknown) =>
      (
        (await rpc('plugin::listPlugin', { apikey: sim.keys.core, activateOnly })).result as { id: string }[]
      ).map((p) => p.id);
    assert.deepEqual(await ids(1), ['camera']);
    assert.deepEqual(await ids('1'), ['camera']);
    assert.deepEqual(await ids(0), ['camera', 'script']);
  });

  test('an inactive plugin shows no functionality (its class is not autoloaded)', async () => {
    const cameraInteract = async () => {
      const plugins = (await rpc('plugin::listPlugin', { apikey: sim.keys.core })).result as {
        id: string;
        functionality: { interact: { exists: boolean } };
      }[];
      return plugins.find((p) => p.id === 'camera')?.functionality.interact.exists;
    };
    assert.equal(await cameraInteract(), true);
    sim.setPluginActive('camera', false);
    assert.equal(await cameraInteract(), false);
  });

  test('a removed plugin is absent from both lists', async () => {
    sim.removePlugin('script');
    for (const activateOnly of [0, 1]) {
      const plugins = (await rpc('plugin::listPlugin', { apikey: sim.keys.core, activateOnly })).result as {
        id: string;
      }[];
      assert.deepEqual(
        plugins.map((p) => p.id),
        ['camera'],
      );
    }
  });

  test('with no active plugin, 4.5 answers "ok" instead of an empty list', async () => {
    sim.setPluginActive('script', false);
    sim.setPluginActive('camera', false);
    assert.equal((await rpc('plugin::listPlugin', { apikey: sim.keys.core, activateOnly: 1 })).result, 'ok');
  });

  test('orderByCaterogy (sic) groups plugins by category', async () => {
    const result = (await rpc('plugin::listPlugin', { apikey: sim.keys.core, orderByCaterogy: 1 })).result;
    assert.deepEqual(Object.keys(result as object), ['programming', 'security']);
  });
});

describe('faults', () => {
  test('down: the connection is reset, the client sees a network error', async () => {
    sim.setFault({ kind: 'down' });
    await assert.rejects(rpc('ping'), TypeError);
    sim.setFault(null);
    assert.equal((await rpc('ping')).result, 'pong');
  });

  test('slow: the answer comes after the delay, and is still right', async () => {
    sim.setFault({ kind: 'slow', delayMs: 150 });
    const started = Date.now();
    assert.equal((await rpc('ping')).result, 'pong');
    assert.ok(Date.now() - started >= 140);
    assert.ok((sim.calls.at(-1)?.durationMs ?? 0) >= 140);
  });

  test('a fault scoped to one method leaves the others alone', async () => {
    sim.setFault({ kind: 'slow', delayMs: 5_000, method: 'version' });
    const started = Date.now();
    assert.equal((await rpc('ping')).result, 'pong');
    assert.ok(Date.now() - started < 1_000);
    const body = JSON.stringify(envelope('version', { apikey: sim.keys.core }));
    const slow = fetch(sim.apiUrl, { method: 'POST', body, signal: AbortSignal.timeout(200) });
    await assert.rejects(slow, { name: 'TimeoutError' });
  });

  test('ban: HTTP 404 with the HTML page of user::isBan', async () => {
    sim.setFault({ kind: 'ban' });
    const reply = await postRaw(JSON.stringify(envelope('ping')));
    assert.equal(reply.status, 404);
    assert.equal(reply.text, BAN_PAGE);
    assert.match(reply.contentType ?? '', /^text\/html/);
  });

  test('garbage: HTTP 200 with a body that is not JSON', async () => {
    sim.setFault({ kind: 'garbage' });
    const reply = await postRaw(JSON.stringify(envelope('ping')));
    assert.equal(reply.status, 200);
    assert.throws(() => JSON.parse(reply.text), SyntaxError);
  });

  test('http500: a PHP fatal error, HTTP 500 and no JSON', async () => {
    sim.setFault({ kind: 'http500' });
    const reply = await postRaw(JSON.stringify(envelope('ping')));
    assert.equal(reply.status, 500);
    assert.throws(() => JSON.parse(reply.text), SyntaxError);
  });

  test('times: the fault hits the next N calls, then clears itself', async () => {
    sim.setFault({ kind: 'http500', times: 1 });
    assert.equal((await postRaw(JSON.stringify(envelope('ping')))).status, 500);
    assert.equal((await rpc('ping')).result, 'pong');
  });

  test('faulted calls are in the call log with their fault', async () => {
    sim.setFault({ kind: 'ban', method: 'version' });
    await postRaw(JSON.stringify(envelope('version', { apikey: sim.keys.core })));
    assert.deepEqual(
      sim.calls.map((c) => [c.method, c.fault, c.ok, c.httpStatus]),
      [['version', 'ban', false, 404]],
    );
  });
});

describe('call log', () => {
  test('records method, params without the key, timing and outcome', async () => {
    const before = Date.now();
    await rpc('plugin::listPlugin', { apikey: sim.keys.admin, activateOnly: 1 });
    await rpc('version', { api: sim.keys.core });
    await rpc('version', {});
    const [list, version, refused] = sim.calls as CallEntry[];
    assert.deepEqual(list.params, { activateOnly: 1 });
    assert.ok(list.startedAt >= before && list.durationMs >= 0);
    assert.equal(list.ok, true);
    assert.deepEqual([version.method, version.params, version.result], ['version', {}, '4.5.3']);
    assert.deepEqual([refused.ok, refused.error], [false, { code: 1, message: NOT_ALLOWED }]);
  });

  test('never holds a key, wherever the client put it', async () => {
    sim.register('test::echo', { rights: 'any', handler: (params) => params.note });
    for (const apikey of Object.values(sim.keys)) await rpc('test::echo', { apikey, note: `key=${apikey}` });
    await rpc('version', JSON.stringify({ apikey: sim.keys.user }));
    const logged = JSON.stringify(sim.calls);
    for (const key of Object.values(sim.keys)) assert.equal(logged.includes(key), false);
    assert.equal(sim.calls[0].result, 'key=[redacted]');
  });

  test('callCount counts per method; clearCalls empties the log', async () => {
    await rpc('ping');
    await rpc('ping');
    await rpc('version', { apikey: sim.keys.core });
    assert.deepEqual([sim.callCount(), sim.callCount('ping'), sim.callCount('version')], [3, 2, 1]);
    sim.clearCalls();
    assert.equal(sim.callCount(), 0);
  });

  test('onCall notifies each call live until unsubscribed', async () => {
    const seen: string[] = [];
    const unsubscribe = sim.onCall((entry) => seen.push(entry.method));
    await rpc('ping');
    unsubscribe();
    await rpc('version', { apikey: sim.keys.core });
    assert.deepEqual(seen, ['ping']);
  });
});

describe('lifecycle', () => {
  test('listens on 127.0.0.1 with a random port, and stop() closes it', async () => {
    const other = new JeedomSimulator();
    await other.start();
    assert.match(other.baseUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.notEqual(other.baseUrl, sim.baseUrl);
    assert.equal(other.apiUrl, `${other.baseUrl}/core/api/jeeApi.php`);
    const url = other.apiUrl;
    await other.stop();
    assert.throws(() => other.baseUrl, /not started/);
    await assert.rejects(fetch(url, { method: 'POST', body: '{}' }), TypeError);
  });

  test('stop() during a slow call releases everything: the process exits by itself', async () => {
    const script = `
      const { JeedomSimulator } = require(${JSON.stringify(path.join(__dirname, '..', '..', 'devkit', 'simulator', 'index.ts'))});
      (async () => {
        const sim = new JeedomSimulator();
        await sim.start();
        sim.setFault({ kind: 'slow', delayMs: 60000 });
        const held = sim.nextDelay();
        const call = fetch(sim.apiUrl, { method: 'POST', body: '{"jsonrpc":"2.0","method":"ping"}' })
          .then(() => 'answered', () => 'network error');
        await held;
        await sim.stop();
        process.stdout.write(await call);
      })();`;
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // A bound for a loaded machine: the child compiles the simulator with tsx before it starts.
    const killer = setTimeout(() => child.kill(), 60_000);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    clearTimeout(killer);
    assert.equal(code, 0, 'the child process had to be killed: something kept it alive');
    assert.equal(output, 'network error');
  });
});

describe('user::all', () => {
  test('answers admins with every user, API keys included, as the real one does', async () => {
    const reply = await rpc('user::all', { apikey: sim.keys.admin });
    const users = reply.result as Array<{ login: string; profils: string; hash: string }>;
    assert.deepEqual(
      users.map((u) => u.login),
      ['admin', 'marie', 'leo', 'paul'],
    );
    assert.equal(users[0].profils, 'admin');
    assert.equal(users[1].hash, sim.keyOf('marie'));
  });

  test('refuses a non-admin user with 701', async () => {
    const reply = await rpc('user::all', { apikey: sim.keys.user });
    assert.deepEqual(reply.error, { code: 701, message: NO_RIGHTS });
  });

  test('the call log masks the keys it answered with', async () => {
    await rpc('user::all', { apikey: sim.keys.core });
    const logged = JSON.stringify(sim.calls);
    for (const key of [sim.keys.core, sim.keys.admin, sim.keys.user]) assert.ok(!logged.includes(key));
  });
});

test('api::forbidden::method refuses matching methods with -32000, before any key check', async () => {
  sim.state.forbiddenMethods = /^version$/;
  const reply = await rpc('version', { apikey: 'whatever' });
  assert.deepEqual(reply.error, { code: -32000, message: "Cette demande n'est pas autorisée" });
  assert.equal((await rpc('ping')).result, 'pong');
});

describe('interact::tryToReply', () => {
  beforeEach(() => {
    sim.state.interactions.push(
      { phrases: ['allume la lumière du salon'], reply: "D'accord #profile#, c'est allumé" },
      { phrases: ['ouvre le garage'], reply: 'Garage ouvert', persons: ['admin'] },
    );
  });

  test('a fresh 4.5.3 box (colour table never saved): HTTP 500 with an empty body, until it is saved', async () => {
    sim.setColourTableSaved(false);
    const body = JSON.stringify(
      envelope('interact::tryToReply', { apikey: sim.keys.admin, query: 'ouvre le garage' }),
    );
    const crashed = await postRaw(body, { 'Content-Type': 'application/json' });
    assert.deepEqual([crashed.status, crashed.text], [500, '']);
    sim.setColourTableSaved(true);
    const reply = await rpc('interact::tryToReply', { apikey: sim.keys.admin, query: 'ouvre le garage' });
    assert.deepEqual(reply.result, { reply: 'Garage ouvert' });
  });

  test('a recognised phrase gets its reply, tags filled', async () => {
    const reply = await rpc('interact::tryToReply', {
      apikey: sim.keys.admin,
      query: ' Allume  la lumière du salon',
      profile: 'Marie',
    });
    assert.deepEqual(reply.result, { reply: "D'accord marie, c'est allumé" });
  });

  test('an interaction that acts runs once per reply, and its answer can quote a value', async () => {
    let runs = 0;
    sim.state.interactions.push({
      phrases: ['température'],
      reply: 'unused',
      run: () => `Il fait ${19 + ++runs} °C, #profile#`,
    });
    const reply = await rpc('interact::tryToReply', {
      apikey: sim.keys.admin,
      query: 'température',
      profile: 'marie',
    });
    assert.deepEqual(reply.result, { reply: 'Il fait 20 °C, marie' });
    assert.equal(runs, 1);
    // Refused by "persons": nothing runs.
    sim.state.interactions.push({
      phrases: ['ferme tout'],
      reply: 'ok',
      persons: ['admin'],
      run: () => void runs++,
    });
    await rpc('interact::tryToReply', { apikey: sim.keys.admin, query: 'ferme tout', profile: 'marie' });
    assert.equal(runs, 1);
  });

  test('persons are enforced only when a profile is given', async () => {
    const withProfile = await rpc('interact::tryToReply', {
      apikey: sim.keys.admin,
      query: 'ouvre le garage',
      profile: 'marie',
    });
    assert.deepEqual(withProfile.result, { reply: "Vous n'êtes pas autorisé à exécuter cette action" });
    const allowed = await rpc('interact::tryToReply', {
      apikey: sim.keys.admin,
      query: 'ouvre le garage',
      profile: 'admin',
    });
    assert.deepEqual(allowed.result, { reply: 'Garage ouvert' });
    const anonymous = await rpc('interact::tryToReply', { apikey: sim.keys.admin, query: 'ouvre le garage' });
    assert.deepEqual(anonymous.result, { reply: 'Garage ouvert' });
  });

  test('an unknown phrase gets "not understood", or true through a reply command', async () => {
    const plain = await rpc('interact::tryToReply', { apikey: sim.keys.admin, query: 'fais le café' });
    assert.deepEqual(plain.result, { reply: "Désolé je n'ai pas compris" });
    const viaCmd = await rpc('interact::tryToReply', {
      apikey: sim.keys.admin,
      query: 'fais le café',
      reply_cmd: 42,
    });
    assert.equal(viaCmd.result, true);
    assert.deepEqual(sim.state.replyCommandRuns, [{ cmdId: '42', message: "Désolé je n'ai pas compris" }]);
  });

  test('a restrict profile key is refused with 701', async () => {
    const reply = await rpc('interact::tryToReply', { apikey: sim.keys.restrict, query: 'ouvre le garage' });
    assert.equal(reply.error?.code, 701);
  });
});
