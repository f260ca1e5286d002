import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { IApiRequest } from '@rocket.chat/apps-engine/definition/api';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { RocketChatHarness } from '../../devkit/harness/RocketChatHarness';
import { addHousehold, House, startHouse, stopHouse } from './house';

const SECRET = 'test-master-secret-0123456789abcdef';

let rc: RocketChatHarness;
let admin: IUser;
let alice: IUser;
let home: IRoom;
let other: IRoom;
let noBot: IRoom;

const token = (roomId: string, secret = SECRET) => createHmac('sha256', secret).update(roomId).digest('hex');
const basic = (password: string, user = 'jeedom') =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

let house: House;

before(async () => {
  house = await startHouse();
  ({ rc } = house);
  ({ admin, alice, room: home } = addHousehold(rc, 'home'));
  other = rc.addRoom('p', 'other', [admin]);
  noBot = rc.addRoom('c', 'no-bot', [admin], false);
  await rc.setSetting('webhook_secret', SECRET);
});

after(() => stopHouse(house, [SECRET]));

let seq = 0;
beforeEach(() => {
  seq++;
});

function get(
  query: Record<string, string>,
  authorization?: string,
): Promise<{ status: number; content?: unknown }> {
  const headers: Record<string, string> = authorization ? { authorization } : {};
  return rc.callEndpoint('jeedom', { method: 'get', query, headers } as Partial<IApiRequest>);
}

function post(content: unknown, authorization?: string) {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    ...(authorization ? { authorization } : {}),
  };
  return rc.callEndpoint('jeedom', { method: 'post', content, headers } as Partial<IApiRequest>);
}

const botTexts = (room: IRoom) => rc.botMessagesIn(room).map((m) => m.text);

describe('posting', () => {
  test('a GET with the room token posts the message as the bot and answers ok', async () => {
    const res = await get(
      { room: home.id, title: '', message: `Door opened ${seq}`, ts: `${seq}` },
      basic(token(home.id)),
    );
    assert.equal(res.status, 200);
    assert.match(JSON.stringify(res.content), /ok/);
    assert.ok(botTexts(home).includes(`Door opened ${seq}`));
  });

  test('the title is shown above the message when it differs; once when equal', async () => {
    await get(
      { room: home.id, title: 'Alarm', message: `Smoke in the kitchen ${seq}`, ts: `${seq}` },
      basic(token(home.id)),
    );
    assert.ok(botTexts(home).includes(`*Alarm*\nSmoke in the kitchen ${seq}`));
    await get(
      { room: home.id, title: `Same ${seq}`, message: `Same ${seq}`, ts: `${seq}` },
      basic(token(home.id)),
    );
    assert.ok(botTexts(home).includes(`Same ${seq}`));
  });

  test('user mentions the person; the master secret opens any room', async () => {
    const res = await get(
      { room: other.id, message: `Your turn ${seq}`, user: alice.id, ts: `${seq}` },
      basic(SECRET),
    );
    assert.equal(res.status, 200);
    assert.ok(botTexts(other).includes(`@alice Your turn ${seq}`));
  });

  test('a POST with JSON works the same', async () => {
    const res = await post(
      { room: home.id, title: 'Info', message: `Posted ${seq}`, id: `evt-${seq}` },
      basic(token(home.id)),
    );
    assert.equal(res.status, 200);
    assert.ok(botTexts(home).includes(`*Info*\nPosted ${seq}`));
  });

  test('a title made only of options is not shown; thread= replies in that thread of the room', async () => {
    const parent = await rc.postMessage(alice, home, 'the garage?');
    await get(
      { room: home.id, title: `thread=${parent.id}`, message: `Closed ${seq}`, ts: `${seq}` },
      basic(token(home.id)),
    );
    const reply = rc.botMessagesIn(home).find((m) => m.text === `Closed ${seq}`);
    assert.equal(reply?.threadId, parent.id);
  });

  test('a retry of the same call (same room, ts, title, message, user) within a minute posts once', async () => {
    const query = { room: home.id, title: '', message: `Once ${seq}`, ts: `${seq}` };
    for (let i = 0; i < 3; i++) assert.equal((await get(query, basic(token(home.id)))).status, 200);
    assert.equal(botTexts(home).filter((t) => t === `Once ${seq}`).length, 1);
    await get({ ...query, ts: `${seq}-later` }, basic(token(home.id)));
    assert.equal(botTexts(home).filter((t) => t === `Once ${seq}`).length, 2, 'another ts is another call');
  });
});

test('a call whose post failed is posted by its retry (remembered only once posted)', async () => {
  const bridge = rc.bridges.messages as unknown as { create: (...args: unknown[]) => Promise<string> };
  const create = bridge.create;
  bridge.create = async () => {
    bridge.create = create;
    throw new Error('database hiccup');
  };
  const query = { room: home.id, title: '', message: `After a hiccup ${seq}`, ts: `${seq}` };
  assert.equal((await get(query, basic(token(home.id)))).status, 500);
  assert.equal((await get(query, basic(token(home.id)))).status, 200);
  assert.equal(botTexts(home).filter((t) => t === `After a hiccup ${seq}`).length, 1);
});

describe('refusals post nothing', () => {
  async function refused(run: () => Promise<{ status: number }>, status: number): Promise<void> {
    const before = rc.world.messages.length;
    assert.equal((await run()).status, status);
    assert.equal(rc.world.messages.length, before, 'nothing posted');
  }

  test('401: no credentials, a wrong password, a wrong user name', async () => {
    const query = { room: home.id, message: 'x' };
    await refused(() => get(query), 401);
    await refused(() => get(query, basic('wrong')), 401);
    await refused(() => get(query, basic(token(home.id), 'admin')), 401);
    await refused(() => get(query, 'Bearer abc'), 401);
  });

  test('401: a room token used for another room', async () => {
    await refused(() => get({ room: other.id, message: 'x' }, basic(token(home.id))), 401);
  });

  test('401: a token made with an old secret', async () => {
    await refused(
      () => get({ room: home.id, message: 'x' }, basic(token(home.id, 'an-old-secret-0123456789'))),
      401,
    );
  });

  test('400: missing room (with the master secret), nothing to post, repeated fields, non-object body', async () => {
    await refused(() => get({ message: 'x' }, basic(SECRET)), 400);
    await refused(() => get({ room: home.id }, basic(token(home.id))), 400);
    await refused(() => get({ room: home.id, message: ['a', 'b'] } as never, basic(token(home.id))), 400);
    await refused(() => post([1, 2], basic(SECRET)), 400);
  });

  test('404: unknown room, or a room the bot is not in', async () => {
    await refused(() => get({ room: 'nope', message: 'x' }, basic(SECRET)), 404);
    await refused(() => get({ room: noBot.id, message: 'x' }, basic(token(noBot.id))), 404);
  });

  test('413: too large', async () => {
    await refused(() => get({ room: home.id, message: 'x'.repeat(10_001) }, basic(token(home.id))), 413);
  });

  test('429: a flood is cut, then the room can post again later', async () => {
    const flood = rc.addRoom('c', 'flood', [admin]);
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++)
      statuses.push((await get({ room: flood.id, message: `m${i}` }, basic(token(flood.id)))).status);
    assert.equal(statuses.filter((s) => s === 200).length, 30);
    assert.equal(statuses.filter((s) => s === 429).length, 10);
    assert.equal(botTexts(flood).length, 30);
  });
});

test('503 until a secret exists', async () => {
  await rc.setSetting('webhook_secret', '');
  try {
    const res = await get({ room: home.id, message: 'x' }, basic(token(home.id)));
    assert.equal(res.status, 503);
  } finally {
    await rc.setSetting('webhook_secret', SECRET);
  }
});
