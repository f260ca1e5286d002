/**
 * The playground's server without a browser: what it refuses and why, and the real-Jeedom mode (here a
 * separate simulator stands in for the box on the network: the playground only knows its URL and key).
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { JeedomSimulator } from '../../devkit/simulator';
import { Playground } from '../../playground/server/Playground';
import type { PlaygroundState } from '../../playground/server/view';
import { appZip } from '../e2e/zip';
import { pageRoot } from './page';

async function call(
  playground: Playground,
  path: string,
  body?: unknown,
  raw?: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(new URL(path, playground.url), {
    method: body === undefined && raw === undefined ? 'GET' : 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  const text = await response.text();
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    parsed = { text };
  }
  return { status: response.status, body: parsed };
}

const person = (state: PlaygroundState, username: string) => {
  const found = state.people.find((p) => p.username === username);
  assert.ok(found, username);
  return found.id;
};

test("the simulator can play Jeedom 4.4 (its dialect: 'ok' answers and string ids)", async () => {
  const playground = await Playground.start({
    zipPath: await appZip(),
    webRoot: pageRoot(),
    simulatorVersion: '4.4.19',
  });
  try {
    const marie = person(playground.state(), 'marie');
    await call(playground, 'api/send', { personId: marie, roomId: 'dm', text: 'bonjour' });
    await playground.rc.waitFor(
      () =>
        playground
          .state()
          .messages.some((m) => m.bot && m.text === 'Bonjour marie ! Que puis-je faire pour vous ?'),
      { what: 'the reply from a 4.4 box' },
    );
    const alex = person(playground.state(), 'alex');
    await call(playground, 'api/send', { personId: alex, roomId: 'dm', text: '/jeedom status' });
    const notice = playground.state().notices[alex].at(-1)?.text ?? '';
    assert.match(notice, /version 4\.4\.19/);
  } finally {
    await playground.stop();
  }
});

describe('with the simulator', () => {
  let playground: Playground;
  let state: PlaygroundState;

  before(async () => {
    playground = await Playground.start({ zipPath: await appZip(), webRoot: pageRoot() });
    state = playground.state();
  });
  after(() => playground?.stop());

  test('serves the page and its state; the channel equipments exist and the admin and member are mapped', async () => {
    const page = await fetch(playground.url);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<jeedom-playground>/);
    const { body } = await call(playground, 'api/state');
    const jeedom = body.jeedom as PlaygroundState['jeedom'];
    assert.equal(jeedom.mode, 'simulator');
    assert.equal(jeedom.demo, true);
    const ours = jeedom.equipments.filter((e) => e.createdByApp).map((e) => e.name);
    assert.deepEqual(ours.sort(), ['famille', 'maison']);
    assert.deepEqual(
      state.people.map((p) => [p.username, p.role, p.jeedomLogin]),
      [
        ['alex', 'admin', 'admin'],
        ['marie', 'member', 'marie'],
        ['guest', 'guest', ''],
      ],
    );
  });

  test('the state streams as server-sent events', async () => {
    const controller = new AbortController();
    const response = await fetch(new URL('api/events', playground.url), { signal: controller.signal });
    assert.equal(response.headers.get('content-type'), 'text/event-stream');
    const reader = response.body!.getReader();
    const { value } = await reader.read();
    controller.abort();
    const text = new TextDecoder().decode(value);
    assert.match(text, /^data: \{"botUsername":"jeedom\.bot"/);
  });

  test('bad requests are refused with the reason, and nothing is posted', async () => {
    const before = playground.rc.world.messages.length;
    const marie = person(state, 'marie');
    const guest = person(state, 'guest');
    const famille = state.rooms.find((r) => r.name === 'famille')!.id;
    const cases: Array<[string, unknown, string | undefined, number, RegExp]> = [
      ['api/send', undefined, '{not json', 400, /must be JSON/],
      ['api/send', { personId: marie, roomId: 'dm' }, undefined, 400, /text/],
      ['api/send', { personId: 'nobody', roomId: 'dm', text: 'hi' }, undefined, 400, /unknown person/],
      ['api/send', { personId: marie, roomId: 'nowhere', text: 'hi' }, undefined, 400, /unknown room/],
      ['api/send', { personId: guest, roomId: famille, text: 'hi' }, undefined, 403, /not a member/],
      [
        'api/send',
        { personId: marie, roomId: 'dm', text: '/weather now' },
        undefined,
        400,
        /no such command/,
      ],
      ['api/send', undefined, JSON.stringify({ text: 'x'.repeat(70_000) }), 413, /too large/],
      [
        'api/click',
        { personId: marie, messageId: 'missing', actionId: 'a', value: 'v' },
        undefined,
        404,
        /no such message/,
      ],
    ];
    for (const [path, body, raw, status, reason] of cases) {
      const answer = await call(playground, path, body, raw);
      assert.equal(answer.status, status, `${path} ${raw ?? JSON.stringify(body)}`);
      assert.match(String(answer.body.error), reason);
    }
    assert.equal(playground.rc.world.messages.length, before);
  });

  test('files outside the page are not served', async () => {
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/nope.js', '/file-upload/nope/x.jpg']) {
      const response = await fetch(new URL(path, playground.url));
      assert.equal(response.status, 404, path);
    }
  });

  test('the demo scenario cannot be run twice while it waits for its answer', async () => {
    assert.equal((await call(playground, 'api/demo/ask', {})).status, 200);
    const again = await call(playground, 'api/demo/ask', {});
    assert.equal(again.status, 409);
    assert.match(String(again.body.error), /already waiting/);
    // The question reaches the room (the engine is not stopped mid-request).
    await playground.rc.waitFor(
      () =>
        playground.state().messages.some((m) => m.text === 'Fermer le garage ?' && m.buttons.length === 2),
      { what: 'the question with its buttons', timeoutMs: 8000 },
    );
  });
});

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('with a real Jeedom', () => {
  let box: JeedomSimulator;
  let playground: Playground;
  let publicUrl: string;

  before(async () => {
    box = new JeedomSimulator();
    await box.start();
    publicUrl = `http://127.0.0.1:${await freePort()}`;
    playground = await Playground.start({
      zipPath: await appZip(),
      webRoot: pageRoot(),
      jeedom: { url: box.baseUrl, apiKey: box.keys.admin, publicUrl },
    });
  });
  after(async () => {
    const leaks = playground?.rc.findSecrets(Object.values(box.keys));
    await playground?.stop();
    await box?.stop();
    assert.deepEqual(leaks ?? [], []);
  });

  test('no demo actions; equipments read over the API; every call the app made listed, keys left out', async () => {
    const marie = person(playground.state(), 'marie');
    assert.equal(
      (await call(playground, 'api/send', { personId: marie, roomId: 'dm', text: 'bonjour' })).status,
      200,
    );
    const state = await playground.rc.waitFor(
      () => {
        const current = playground.state();
        const ready =
          current.jeedom.equipments.length === 2 &&
          current.jeedom.calls.some((c) => c.method === 'interact::tryToReply');
        return ready && current;
      },
      { what: 'the equipments and the interaction call', timeoutMs: 10_000 },
    );
    assert.equal(state.jeedom.mode, 'jeedom');
    assert.equal(state.jeedom.demo, false);
    assert.deepEqual(state.jeedom.equipments.map((e) => e.name).sort(), ['famille', 'maison']);
    assert.ok(state.jeedom.calls.some((c) => c.method === 'eqLogic::save' && c.ok));
    const json = JSON.stringify(state);
    for (const key of Object.values(box.keys)) assert.ok(!json.includes(key), 'no key in the state');
    const refused = await call(playground, 'api/demo/camera', {});
    assert.equal(refused.status, 409);
  });

  test("with --public-url, the box's own messages come back into the channel", async () => {
    const maison = playground.state().rooms.find((r) => r.name === 'maison')!;
    const eq = box.equipment.eqLogicRows('script').find((e) => e.logicalId === `rocketchat:${maison.id}`);
    const send = eq && box.equipment.cmdRowsOf([eq.id]).find((c) => c.logicalId === 'send');
    assert.ok(send, "the channel's send command");
    assert.match(
      String((send.configuration as Record<string, unknown>).request),
      new RegExp(`^${publicUrl}/`),
    );
    await box.executeCommand(send.id, { title: 'Alerte', message: 'Fuite d’eau au garage' });
    await playground.rc.waitFor(
      () => playground.state().messages.find((m) => m.roomId === maison.id && m.text.includes('Fuite d’eau')),
      { what: 'the message in #maison' },
    );
  });
});
