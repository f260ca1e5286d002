/**
 * Hostile input, property-based (issue "safe to expose"): over a thousand generated requests against the
 * packaged zip in the engine, over real HTTP — methods, paths, credentials, queries, bodies, title options.
 * Seeded: a failure prints its seed and path, and replays. Invariants: nothing posted without a valid
 * credential, no 5xx, the runtime never goes down, no download reaches a host that is not allowed, no secret
 * in any log line.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { RocketChatHarness } from '../../devkit/harness/RocketChatHarness';
import { House, startHouse, stopHouse } from './house';

const MASTER = 'hostile-master-secret-0123456789abcdef';
const SEED = 20261204;
const RUNS = 1_100;

let house: House;
let rc: RocketChatHarness;
let open: IRoom;
let other: IRoom;
let noBot: IRoom;
let internal: Server;
let internalPort = 0;
const internalHits: string[] = [];

const token = (roomId: string) => createHmac('sha256', MASTER).update(roomId).digest('hex');
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

before(async () => {
  house = await startHouse();
  ({ rc } = house);
  const admin = rc.addUser('house-admin', { admin: true });
  open = rc.addRoom('c', 'open', [admin]);
  other = rc.addRoom('p', 'other', [admin]);
  noBot = rc.addRoom('c', 'no-bot', [admin], false);
  await rc.setSetting('webhook_secret', MASTER);
  internal = createServer((req, res) => {
    internalHits.push(req.url ?? '');
    res.end('internal');
  });
  await new Promise<void>((resolve) => internal.listen(0, '127.0.0.1', resolve));
  internalPort = (internal.address() as AddressInfo).port;
});

after(async () => {
  internal?.closeAllConnections();
  await new Promise((resolve) => internal?.close(resolve));
  await stopHouse(house, [MASTER, token(open.id), token(other.id), token(noBot.id)]);
});

/** Credentials: the master secret, room tokens (valid for their own room only), and many that open nothing. */
type Credential = { header: () => string | undefined; opens: (roomId: string | undefined) => boolean };
const never = () => false;
const credential: fc.Arbitrary<Credential> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.constant({
      header: () => `Basic ${b64(`jeedom:${token(open.id)}`)}`,
      opens: (roomId: string | undefined) => roomId === open.id,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.constant({
      header: () => `Basic ${b64(`jeedom:${token(other.id)}`)}`,
      opens: (roomId: string | undefined) => roomId === other.id,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.constant({ header: () => `Basic ${b64(`jeedom:${MASTER}`)}`, opens: () => true }),
  },
  { weight: 1, arbitrary: fc.constant({ header: () => undefined, opens: never }) },
  { weight: 1, arbitrary: fc.constant({ header: () => `Basic ${b64(`admin:${MASTER}`)}`, opens: never }) },
  {
    weight: 2,
    arbitrary: fc
      .string({ maxLength: 80 })
      .map((s) => ({ header: () => `Basic ${b64(`jeedom:${s}`)}`, opens: never })),
  },
  {
    weight: 2,
    arbitrary: fc
      .string({ unit: 'binary', maxLength: 60 })
      .map((s) => ({ header: () => s.replace(/[^\x20-\x7e]/g, ''), opens: never })),
  },
  {
    weight: 1,
    arbitrary: fc.string({ maxLength: 30 }).map((s) => ({ header: () => `Basic ${s}`, opens: never })),
  },
);

const roomField = fc.oneof(
  fc.constant(() => open.id),
  fc.constant(() => other.id),
  fc.constant(() => noBot.id),
  fc.string({ maxLength: 40 }).map((s) => () => s),
);

const target = fc.oneof(
  fc.constant(() => `http://127.0.0.1:${internalPort}/x`),
  fc.constant(() => `http://2130706433:${internalPort}/x`),
  fc.constant(() => `http://0x7f.1:${internalPort}/x`),
  fc.constant(() => `http://[::ffff:127.0.0.1]:${internalPort}/x`),
  fc.constant(() => `http://localhost:${internalPort}/x`),
  fc.webUrl().map((u) => () => u),
  fc.string({ maxLength: 40 }).map((s) => () => s),
);

const title = fc.oneof(
  fc.string({ maxLength: 60 }),
  target.map((t) => `file=${t()}`),
  fc.string({ maxLength: 20 }).map((s) => `camera=${s}`),
  fc.string({ maxLength: 20 }).map((s) => `thread=${s}`),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
);

const fields = fc.record(
  {
    room: roomField,
    title,
    message: fc.string({ unit: 'grapheme', maxLength: 200 }),
    ts: fc.oneof(fc.integer().map(String), fc.string({ maxLength: 10 })),
    user: fc.string({ maxLength: 20 }),
  },
  { requiredKeys: ['room'] },
);

const body = fc.oneof(
  { weight: 4, arbitrary: fields.map((f) => ({ kind: 'fields' as const, f })) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((j) => ({ kind: 'json' as const, j })) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }).map((s) => ({ kind: 'raw' as const, s })) },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.record({ name: fc.string({ maxLength: 20 }), data: fc.base64String({ maxLength: 200 }) }), {
        maxLength: 7,
      })
      .map((files) => ({ kind: 'files' as const, files })),
  },
);

const request = fc.record({
  method: fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom('GET', 'POST') },
    { weight: 1, arbitrary: fc.constantFrom('PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD') },
  ),
  path: fc.oneof(
    { weight: 8, arbitrary: fc.constant('private') },
    { weight: 1, arbitrary: fc.constantFrom('public', 'wrong-hash', 'trailing-slash', 'upper') },
  ),
  credential,
  body,
  contentType: fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', ''),
});

type Generated = typeof request extends fc.Arbitrary<infer T> ? T : never;

/** No `__proto__` key reaches the private path: that one is the engine's own defect (README, Security). */
const withoutProto = (text: string) => text.replace(/"__proto__"/g, '"__proto_"');

let n = 0;

/** The room a request names, as the endpoint reads it (query for GET, JSON body for POST). */
function roomOf(method: string, query: Record<string, string> | undefined, payload: string | undefined) {
  if (method === 'GET') return query?.room?.trim();
  if (method !== 'POST' || payload === undefined) return undefined;
  try {
    const parsed = JSON.parse(payload) as unknown;
    const room = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>).room : undefined;
    return typeof room === 'string' ? room.trim() : undefined;
  } catch {
    return undefined;
  }
}

function build(r: Generated): { url: string; init: RequestInit; marker: string } {
  const base = rc.endpointUrl('jeedom');
  const url = {
    private: base,
    public: `${rc.siteUrl}/api/apps/public/${rc.appId}/jeedom`,
    'wrong-hash': base.replace(/\/[^/]+\/jeedom$/, '/0000/jeedom'),
    'trailing-slash': `${base}/`,
    upper: base.replace('/jeedom', '/JEEDOM'),
  }[r.path];
  const headers: Record<string, string> = {};
  const auth = r.credential.header();
  if (auth !== undefined) headers.authorization = auth;
  if (r.contentType) headers['content-type'] = r.contentType;
  const id = ++n;
  // Filled in below, once the room is known: VALID- when the credential opens that room.
  let marker = `CALL-${id}-`;
  let query: Record<string, string> | undefined;
  let payload: string | undefined;
  const b = r.body;
  if (b.kind === 'fields') {
    const f = { ...b.f, room: b.f.room(), message: `${marker}${b.f.message ?? ''}` } as Record<
      string,
      string
    >;
    if (r.method === 'GET' || r.method === 'HEAD') query = f;
    else payload = JSON.stringify(f);
  } else if (b.kind === 'json') payload = JSON.stringify(b.j);
  else if (b.kind === 'raw') payload = b.s;
  else payload = JSON.stringify({ room: open.id, message: marker, files: b.files });
  if (payload !== undefined && r.path !== 'public') payload = withoutProto(payload);
  if (r.path === 'public' && r.method === 'POST') payload = '{"__proto__":{}}';
  // Routes match case-insensitively, with or without a trailing slash: only the hash matters.
  const valid =
    !['public', 'wrong-hash'].includes(r.path) && r.credential.opens(roomOf(r.method, query, payload));
  marker = valid ? `VALID-${id}-` : marker;
  const swap = (text: string) => text.replace(`CALL-${id}-`, marker);
  if (payload !== undefined) payload = swap(payload);
  if (query?.message) query.message = swap(query.message);
  const init: RequestInit = { method: r.method, headers, signal: AbortSignal.timeout(10_000) };
  if (payload !== undefined && r.method !== 'GET' && r.method !== 'HEAD') init.body = payload;
  const qs = query ? new URLSearchParams(query).toString() : '';
  return { url: qs ? `${url}?${qs}` : url, init, marker };
}

const posted = (marker: string) =>
  rc.world.messages.filter((m) => m.sender.id === rc.bot.id && (m.text ?? '').includes(marker));

test(
  `${RUNS} hostile requests: nothing posted without a valid credential, no 5xx, the app stays up`,
  { timeout: 300_000 },
  async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const { url, init, marker } = build(r);
        const res = await fetch(url, init);
        await res.arrayBuffer();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        assert.ok(res.status < 500, `HTTP ${res.status} for ${init.method} ${r.path}`);
        if (!marker.startsWith('VALID-'))
          assert.deepEqual(posted(marker), [], 'posted without a valid credential');
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    await rc.settled();
    assert.ok(/enabled/.test(await rc.appStatus()), 'the app is still enabled');
    assert.equal(
      rc.world.messages.filter((m) => m.sender.id === rc.bot.id && /CALL-\d+-/.test(m.text ?? '')).length,
      0,
    );
    assert.deepEqual(internalHits, [], 'no download reached the internal listener');
    assert.deepEqual(
      rc.logStorage.entries.filter((e) => e.method.startsWith('runtime:restart')).map((e) => e.method),
      [],
      'no runtime restart',
    );
    // The figures, for whoever reads the run: every answer was one of the endpoint's documented statuses.
    for (const status of statuses.keys())
      assert.ok([200, 400, 401, 404, 405, 413, 429].includes(status), `${status}`);
    const check = await fetch(`${rc.endpointUrl('jeedom')}?room=${open.id}&message=still%20here`, {
      headers: { authorization: `Basic ${b64(`jeedom:${MASTER}`)}` },
    });
    assert.ok([200, 429].includes(check.status), `a valid call still answers (${check.status})`);
  },
);
