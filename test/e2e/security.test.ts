/**
 * Issue "safe to expose": the endpoint's address, methods, refusals, downloads and secrets, against the
 * packaged zip in the engine, over real HTTP. Its own engine: the failed-authentication flood at the end
 * must not throttle other suites.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { RocketChatHarness } from '../../devkit/harness/RocketChatHarness';
import type { JeedomSimulator } from '../../devkit/simulator';
import { addHousehold, House, startHouse, stopHouse } from './house';

const MASTER = 'security-master-secret-0123456789abcdef';
const QUERY_SECRET = 'query-secret-value-5f3a9c';
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

let house: House;
let rc: RocketChatHarness;
let sim: JeedomSimulator;
let admin: IUser;
let alice: IUser;
let home: IRoom;

/** A small HTTP listener on 127.0.0.1 that counts what reaches it. */
interface Listener {
  server: Server;
  port: number;
  hits: string[];
}

async function listen(
  handler: Parameters<typeof createServer>[1] = (_q, r) => r.end('ok'),
): Promise<Listener> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, hits };
}

let internal: Listener;
let redirector: Listener;
let files: Listener;
let silent: Listener;
/**
 * A port nothing listens on: a privileged one. (A free port found by opening and closing a listener was
 * taken again by another process on a busy machine, and the test then saw an answer instead of a refusal.)
 */
const closedPort = 1;

const token = (roomId: string, secret = MASTER) => createHmac('sha256', secret).update(roomId).digest('hex');
const basic = (password: string) => `Basic ${Buffer.from(`jeedom:${password}`).toString('base64')}`;

function call(
  method: string,
  query: Record<string, string>,
  authorization?: string,
  body?: string,
  url = rc.endpointUrl('jeedom'),
): Promise<Response> {
  const headers: Record<string, string> = authorization ? { authorization } : {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  const qs = new URLSearchParams(query).toString();
  return fetch(qs ? `${url}?${qs}` : url, { method, headers, body, signal: AbortSignal.timeout(5_000) });
}

const post = (content: unknown, authorization = basic(MASTER)) =>
  call('POST', {}, authorization, JSON.stringify(content));

/** The bot's lines in `home` matching `pattern` so far; then the next one to come. */
const linesMatching = (pattern: RegExp) =>
  rc.botMessagesIn(home).filter((m) => pattern.test(m.text ?? '')).length;
const newLine = (pattern: RegExp, before: number) =>
  rc.waitFor(() => rc.botMessagesIn(home).filter((m) => pattern.test(m.text ?? ''))[before]?.text, {
    what: `a new line matching ${pattern}`,
  });

let seq = 0;
const notify = (title: string, extra: Record<string, string> = {}) =>
  call('GET', { room: home.id, title, message: `m${++seq}`, ts: `${seq}`, ...extra }, basic(token(home.id)));

before(async () => {
  house = await startHouse();
  ({ rc, sim } = house);
  ({ admin, alice, room: home } = addHousehold(rc, 'home'));
  await rc.setSetting('webhook_secret', MASTER);
  internal = await listen();
  redirector = await listen((_q, r) => {
    r.writeHead(302, { location: `http://127.0.0.1:${internal.port}/secret` }).end();
  });
  files = await listen((req, res) => {
    if (req.url?.startsWith('/pic.png'))
      return void res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
    if (req.url?.startsWith('/html.png'))
      return void res.writeHead(200, { 'content-type': 'image/png' }).end('<html><script>x</script></html>');
    if (req.url?.startsWith('/moved'))
      return void res.writeHead(302, { location: `http://127.0.0.1:${internal.port}/via-allowed` }).end();
    if (req.url?.startsWith('/huge'))
      return void res
        .writeHead(206, { 'content-type': 'image/png', 'content-range': `bytes 0-9/${80 * 1024 * 1024}` })
        .end(PNG.subarray(0, 10));
    res.writeHead(404).end();
  });
  silent = await listen(() => undefined);
});

after(async () => {
  for (const l of [internal, redirector, files, silent]) {
    l?.server.closeAllConnections();
    await new Promise((resolve) => l?.server.close(resolve));
  }
  await stopHouse(house, [MASTER]);
});

describe('the address', () => {
  test('a __proto__ body sent to the public path answers 404 and the app stays enabled', async () => {
    const publicUrl = `${rc.siteUrl}/api/apps/public/${rc.appId}/jeedom`;
    const res = await call('POST', {}, basic(MASTER), '{"__proto__":{}}', publicUrl);
    assert.equal(res.status, 404);
    assert.match(await rc.appStatus(), /enabled/);
    const ok = await notify('');
    assert.equal(ok.status, 200, 'the private address still answers');
  });

  test('the endpoint lives at the private address the engine computed, with the installation hash', () => {
    const url = rc.endpointUrl('jeedom');
    assert.match(url, new RegExp(`/api/apps/private/${rc.appId}/[^/]+/jeedom$`));
  });

  test('a wrong hash is a 404, whatever the credentials', async () => {
    const wrong = rc.endpointUrl('jeedom').replace(/\/[^/]+\/jeedom$/, '/not-the-hash/jeedom');
    const res = await call('GET', { room: home.id, message: 'x' }, basic(MASTER), undefined, wrong);
    assert.equal(res.status, 404);
  });
});

describe('methods', () => {
  for (const method of ['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD']) {
    test(`${method} answers 405 with Allow: GET, POST`, async () => {
      const res = await call(method, { room: home.id }, basic(MASTER));
      assert.equal(res.status, 405);
      assert.equal(res.headers.get('allow'), 'GET, POST');
    });
  }
});

describe('downloads reach only allowed hosts', () => {
  const refusedTargets = () => [
    `http://127.0.0.1:${internal.port}/a`,
    `http://2130706433:${internal.port}/b`,
    `http://0x7f.1:${internal.port}/c`,
    `http://127.1:${internal.port}/d`,
    `http://[::ffff:127.0.0.1]:${internal.port}/e`,
    `http://localhost:${internal.port}/f`,
    `http://127.0.0.1:${redirector.port}/g`,
    `http://user:pw@${new URL(sim.baseUrl).host}/h`,
    `file:///etc/passwd`,
  ];

  test('numeric, IPv6-mapped, named and redirecting forms of a host that is not allowed are never contacted', async () => {
    const refusal = /Could not attach a file: (files may only come from|only http and https)/;
    for (const target of refusedTargets()) {
      const before = linesMatching(refusal);
      const res = await notify(`file=${target}`);
      assert.equal(res.status, 200);
      const line = await newLine(refusal, before);
      assert.ok(!line.includes(String(internal.port)), 'the room is not told the address');
    }
    await rc.settled();
    assert.deepEqual(internal.hits, []);
    assert.deepEqual(redirector.hits, []);
  });

  test('an allowed host listed in file_url_hosts serves a file; its name follows the checked type', async () => {
    await rc.setSetting('file_url_hosts', `nas.lan, 127.0.0.1:${files.port}`);
    const uploads = rc.world.uploads.size;
    await notify(`file=http://127.0.0.1:${files.port}/pic.png?${QUERY_SECRET}`);
    const upload = await rc.waitFor(() => [...rc.world.uploads.values()].slice(uploads)[0], { what: 'png' });
    assert.equal(upload.name, 'pic.png');
  });

  test('HTML served as image/png from an allowed host is refused, in words without types or codes', async () => {
    await notify(`file=http://127.0.0.1:${files.port}/html.png`);
    const line = await rc.waitForBotMessage(home, (m) =>
      /this kind of file is not accepted/.test(m.text ?? ''),
    );
    assert.doesNotMatch(line.text ?? '', /text\/html|image\/png|\b[45]\d\d\b/);
  });

  test('a redirect from an allowed host is followed by the server, unseen by the app: list only trusted hosts', async () => {
    // Rocket.Chat's HTTP bridge (node-fetch defaults) follows redirects and reports the address asked for;
    // the harness does the same. What comes back is still checked: this listener answers plain text.
    const hits = internal.hits.length;
    const uploads = rc.world.uploads.size;
    await notify(`file=http://127.0.0.1:${files.port}/moved`);
    const upload = await rc.waitFor(() => [...rc.world.uploads.values()].slice(uploads)[0], {
      what: 'upload',
    });
    assert.equal(upload.name, 'moved.txt');
    assert.deepEqual(internal.hits.slice(hits), ['/via-allowed']);
  });

  test('a size announced over the cap is refused without taking the body', async () => {
    await notify(`file=http://127.0.0.1:${files.port}/huge`);
    await rc.waitForBotMessage(home, (m) => /larger than 5 MB/.test(m.text ?? ''));
  });

  test('a refused connection and a malformed % escape are logged: where, never the query', async () => {
    await rc.setSetting('file_url_hosts', `127.0.0.1:${files.port}, 127.0.0.1:${closedPort}`);
    const failed = /the download failed; the app's logs have the details/;
    const before = linesMatching(failed);
    await notify(`file=http://127.0.0.1:${closedPort}/cam.jpg?token=${QUERY_SECRET}`);
    await newLine(failed, before);
    const logged = await rc
      .waitFor(() =>
        rc.logLines().find((l) => l.includes(`download of http://127.0.0.1:${closedPort}/cam.jpg?…`)),
      )
      .catch(() => assert.fail(rc.logLines().slice(-30).join('\n')));
    assert.match(logged, /refused or unreachable/);
    const uploads = rc.world.uploads.size;
    await notify(`file=http://127.0.0.1:${files.port}/pic.png%E0%A4%A`);
    const upload = await rc.waitFor(() => [...rc.world.uploads.values()].slice(uploads)[0], {
      what: 'upload',
    });
    assert.equal(upload.name, 'file.png');
    // The app's own lines only: the engine records each endpoint request itself (1.62 with its query, where
    // this title sits), which no app can change (README, Security: the engine's logging).
    assert.deepEqual(
      rc.logLines().filter((l) => l.includes(QUERY_SECRET) && !/ is being executed\.\.\. /.test(l)),
      [],
    );
  });

  test('a download that never answers is logged as timed out', { timeout: 20_000 }, async () => {
    await rc.setSetting('file_url_hosts', `127.0.0.1:${silent.port}`);
    const before = rc.botMessagesIn(home).length;
    await notify(`file=http://127.0.0.1:${silent.port}/never.jpg`);
    await rc.waitFor(
      () =>
        rc
          .botMessagesIn(home)
          .slice(before)
          .find((m) => /the download failed/.test(m.text ?? '')),
      { timeoutMs: 15_000, what: 'the failure line' },
    );
    const where = `download of http://127.0.0.1:${silent.port}/never.jpg timed out`;
    await rc.waitFor(() => rc.logLines().some((l) => l.includes(where)), { what: 'the log line' });
  });
});

describe('inline files are what they claim', () => {
  const inline = (name: string, bytes: Buffer | string) =>
    post({
      room: home.id,
      message: `file ${name}`,
      files: [{ name, type: 'image/png', data: Buffer.from(bytes).toString('base64') }],
    });

  for (const [name, bytes] of [
    ['page.html', '<html><body>hi</body></html>'],
    ['logo.svg', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'],
    ['setup.exe', Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00])],
  ] as const) {
    test(`${name} is refused`, async () => {
      const uploads = rc.world.uploads.size;
      const before = linesMatching(/this kind of file is not accepted/);
      await inline(name, bytes);
      await newLine(/this kind of file is not accepted/, before);
      assert.equal(rc.world.uploads.size, uploads);
    });
  }

  test('PNG bytes named evil.html are stored as evil.png; text as .txt, names cleaned', async () => {
    const uploads = rc.world.uploads.size;
    await inline('evil.html', PNG);
    await inline('../../Relevé température.csv', '21.5 °C\n');
    const names = await rc.waitFor(() => {
      const added = [...rc.world.uploads.values()].slice(uploads).map((u) => u.name);
      return added.length === 2 && added;
    });
    assert.deepEqual(names.sort(), ['Releve_temperature.txt', 'evil.png']);
  });
});

describe('cameras', () => {
  test('a room token reaches visible cameras only; the master secret reaches any', async () => {
    sim.addCamera({ name: 'Chambre', visible: false });
    sim.addCamera({ name: 'Portail' });
    const uploads = rc.world.uploads.size;
    await notify('camera=Chambre');
    await rc.waitForBotMessage(home, (m) => /not available with this room's credentials/.test(m.text ?? ''));
    await notify('camera=Portail');
    await rc.waitFor(() => rc.world.uploads.size === uploads + 1, { what: 'the visible camera' });
    await post({ room: home.id, title: 'camera=Chambre', message: 'master' });
    await rc.waitFor(() => rc.world.uploads.size === uploads + 2, { what: 'the hidden camera, by master' });
  });
});

describe('secrets', () => {
  test('a webhook_secret under 24 characters is refused in the setting, with a translated reason', async () => {
    await rc.setSetting('webhook_secret', 'short-secret');
    assert.equal(rc.setting('webhook_secret'), MASTER);
    const stored = rc.engine.getSettingsManager().getAppSetting(rc.appId, 'webhook_secret');
    assert.equal(stored.i18nAlert, 'setting_webhook_secret_too_short');
    assert.equal((await notify('')).status, 200, 'the previous secret still works');
  });

  test('/jeedom status shows admins the private address', async () => {
    await rc.setSetting('public_url', 'https://chat.example.org');
    await rc.slash(admin, home, 'status');
    const text = rc.lastNotice(admin)?.text ?? '';
    const path = new URL(rc.endpointUrl('jeedom')).pathname;
    assert.ok(text.includes(`https://chat.example.org${path}`), text);
    await rc.slash(alice, home, 'status');
    assert.ok(!(rc.lastNotice(alice)?.text ?? '').includes(path));
  });

  test('rotate: admins only; a new secret, every command re-provisioned; old tokens refused at once', async () => {
    await rc.setSetting('public_url', rc.siteUrl);
    await rc.slash(admin, home, 'secret rotate');
    assert.match(rc.lastNotice(admin)?.text ?? '', /set by hand/);
    await rc.setSetting('webhook_secret', '');
    await rc.slash(admin, home, 'sync');
    const send = () =>
      sim.equipment
        .allCmdRows()
        .find(
          (c) =>
            c.logicalId === 'send' &&
            String((c.configuration as Record<string, unknown>).request).includes(home.id),
        );
    const before = String((send()?.configuration as Record<string, unknown>).http_password);
    assert.equal((await call('GET', { room: home.id, message: 'before' }, basic(before))).status, 200);
    await rc.slash(alice, home, 'secret rotate');
    assert.match(rc.lastNotice(alice)?.text ?? '', /administrator/i);
    await rc.slash(admin, home, 'secret rotate');
    assert.match(rc.lastNotice(admin)?.text ?? '', /New secret made/);
    const afterToken = String((send()?.configuration as Record<string, unknown>).http_password);
    assert.notEqual(afterToken, before);
    assert.equal((await call('GET', { room: home.id, message: 'old' }, basic(before))).status, 401);
    assert.equal((await call('GET', { room: home.id, message: 'new' }, basic(afterToken))).status, 200);
    await sim.executeCommand(send()!.id, { title: '', message: 'through Jeedom after rotation' });
    await rc.waitForBotMessage(home, (m) => m.text === 'through Jeedom after rotation');
  });

  test('clearing a manual secret does not bring back the generated one used before it', async () => {
    const generatedToken = String(
      (
        sim.equipment.allCmdRows().find((c) => c.logicalId === 'send')?.configuration as Record<
          string,
          unknown
        >
      ).http_password,
    );
    const generated = () =>
      [...rc.world.persistence.values()].some((r) =>
        r.associations.some((a) => a.id === 'jeedom-generated-webhook-secret'),
      );
    assert.ok(generated());
    await rc.setSetting('webhook_secret', MASTER);
    await rc.waitFor(() => !generated(), { what: 'the generated secret retired' });
    await rc.setSetting('webhook_secret', '');
    await rc.slash(admin, home, 'sync');
    const res = await call('GET', { room: home.id, message: 'stale' }, basic(generatedToken));
    assert.equal(res.status, 401);
  });
});

describe('failed authentications', () => {
  /** Counts the room, user and storage lookups the server answers while `work` runs. */
  async function lookupsDuring(work: () => Promise<unknown>): Promise<string[]> {
    const seen: string[] = [];
    const spied: Array<[Record<string, unknown>, string, unknown]> = [];
    const spy = (bridge: object, name: string, method: string) => {
      const target = bridge as Record<string, unknown>;
      const original = target[method] as (...a: unknown[]) => unknown;
      spied.push([
        target,
        method,
        Object.prototype.hasOwnProperty.call(target, method) ? original : undefined,
      ]);
      target[method] = function (this: unknown, ...args: unknown[]) {
        seen.push(`${name}.${method}`);
        return original.apply(this, args);
      };
    };
    spy(rc.bridges.rooms, 'rooms', 'getById');
    spy(rc.bridges.users, 'users', 'getById');
    spy(rc.bridges.users, 'users', 'getUserRoomIds');
    spy(rc.bridges.persistence, 'persistence', 'readByAssociations');
    try {
      await work();
    } finally {
      for (const [target, method, own] of spied)
        if (own === undefined) delete target[method];
        else target[method] = own;
    }
    return seen;
  }

  test('a refused call (401, 429) looks nothing up: no room, no user, no stored record', async () => {
    await rc.setSetting('webhook_secret', MASTER);
    const quiet = rc.addRoom('c', 'lookups', [admin]);
    assert.equal((await call('GET', { room: quiet.id, message: 'warm' }, basic(MASTER))).status, 200);
    const refused = await lookupsDuring(async () => {
      assert.equal((await call('GET', { room: quiet.id, message: 'x' }, basic('wrong'))).status, 401);
      assert.equal((await call('GET', { room: quiet.id, message: 'x' })).status, 401);
    });
    assert.deepEqual(refused, []);
    const posted = await lookupsDuring(() =>
      call('GET', { room: quiet.id, message: 'ok', ts: '1' }, basic(MASTER)),
    );
    assert.ok(posted.includes('rooms.getById'), 'the spy sees what a posted call looks up');
  });

  test('past the limit they get 429, while a valid credential still passes', async () => {
    await rc.setSetting('webhook_secret', MASTER);
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++)
      statuses.push((await call('GET', { room: home.id, message: 'x' }, basic(`guess-${i}`))).status);
    // Earlier tests in this file failed a few on purpose: the limit (20 per 10 s) counts them too.
    const first429 = statuses.indexOf(429);
    assert.ok(first429 > 0 && first429 <= 20, statuses.join(','));
    assert.ok(
      statuses.slice(0, first429).every((s) => s === 401),
      statuses.join(','),
    );
    assert.ok(
      statuses.slice(first429).every((s) => s === 429),
      statuses.join(','),
    );
    // Another room: home has used up its own rate limit (30 per 10 s) in the tests above.
    const quiet = rc.addRoom('c', 'quiet', [admin]);
    const valid = await call('GET', { room: quiet.id, message: 'valid during the flood' }, basic(MASTER));
    assert.equal(valid.status, 200);
    assert.equal(
      rc.logLines().filter((l) => /too many failed authentications/.test(l)).length,
      1,
      'one log line a minute',
    );
  });
});
