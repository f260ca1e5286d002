import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  RocketChatAssociationModel,
  RocketChatAssociationRecord,
} from '@rocket.chat/apps-engine/definition/metadata';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import { translator } from '../../src/i18n/translate';
import { JeedomClient } from '../../src/jeedom/JeedomClient';
import { ProvisioningEnv } from '../../src/provisioning/preflight';
import { mergeUsers, userIdsFromCmds, usersFromCmds } from '../../src/provisioning/roomUsers';
import { ChannelSync, ROOM_RESERVE_MS } from '../../src/provisioning/sync';
import { ChannelEquipmentStore } from '../../src/storage/ChannelEquipmentStore';
import { rpcError } from './fakes/FakeHttp';
import { FakeJeedom } from './fakes/FakeJeedom';
import { FakeStore } from './fakes/FakePersistence';
import { emptyChat, FakeChat, fakeRead, fakeRoom, fakeUser } from './fakes/FakeRead';

const BOT = fakeUser('BOT', 'jeedom.bot');
const CONFIG = {
  apiUrl: 'http://jeedom.test/core/api/jeeApi.php',
  apiKey: 'k'.repeat(32),
  timeoutMs: 10_000,
  tlsVerify: true,
};
const WRITES = ['eqLogic::save', 'cmd::save'];

interface World {
  chat: FakeChat;
  store: FakeStore;
  jeedom: FakeJeedom;
  sync: (deadlineAt?: number, now?: () => number) => ChannelSync;
}

function world(roomCount = 1): World {
  const chat = emptyChat();
  chat.users.push(BOT);
  for (let i = 1; i <= roomCount; i++) {
    chat.rooms.push(fakeRoom(`R${i}`, `room-${i}`));
    chat.members[`R${i}`] = [BOT.id];
  }
  const store = new FakeStore();
  const jeedom = new FakeJeedom();
  const view = store.view();
  const sync = (deadlineAt = Date.now() + 25_000, now?: () => number) => {
    const env: ProvisioningEnv = {
      client: new JeedomClient(jeedom.http, CONFIG, deadlineAt),
      endpointUrl: 'https://chat.example.org/api/apps/private/APP/HASH/jeedom',
      secret: 's'.repeat(32),
      objectId: null,
      timeoutSeconds: CONFIG.timeoutMs / 1000,
    };
    const t = translator('en');
    const deps = {
      read: fakeRead(chat, view),
      http: jeedom.http,
      persis: view,
      appId: 'APP',
      botId: BOT.id,
      t,
      jeedomT: t,
    };
    return new ChannelSync(deps, env, deadlineAt, now);
  };
  return { chat, store, jeedom, sync };
}

const room = (w: World, id = 'R1') => w.chat.rooms.find((r) => r.id === id) as IRoom;
const writes = (w: World) => w.jeedom.methods().filter((m) => WRITES.includes(m)).length;

describe('one room', () => {
  test('a new room gets its script equipment with send, lastMessage and lastSender, and a record', async () => {
    const w = world();
    assert.equal(await w.sync().room(room(w), undefined, undefined), 'created');
    const [eq] = w.jeedom.eqLogics;
    assert.equal(eq.logicalId, 'rocketchat:R1');
    assert.equal(eq.eqType_name, 'script');
    assert.deepEqual(
      w.jeedom.cmds.map((c) => c.logicalId),
      ['send', 'lastMessage', 'lastSender'],
    );
    const record = await new ChannelEquipmentStore(w.store.view()).get('R1');
    assert.equal(record?.eqLogicId, eq.id);
    assert.equal(record?.cmdIds.lastMessage, w.jeedom.cmds[1].id);
  });

  test('a room whose equipment already has what it needs costs no write', async () => {
    const w = world();
    await w.sync().room(room(w), undefined, undefined);
    const before = writes(w);
    const sync = w.sync();
    const record = await new ChannelEquipmentStore(w.store.view()).get('R1');
    const existing = (await sync.jeedomEquipments()).get('R1');
    assert.equal(await sync.room(room(w), existing, record), 'unchanged');
    assert.equal(writes(w), before);
  });

  test("another runtime's claim on the creation: nothing is written, the caller learns when it ends", async () => {
    const w = world();
    const until = Date.now() + 30_000;
    const contender = 'elsewhere/1';
    w.store.create(
      { key: 'create-equipment:R1', runtime: 'elsewhere', contender, state: 'ready', number: 1, until },
      ['jeedom-claim', 'jeedom-claim-key:create-equipment:R1', `jeedom-claim-by:${contender}`].map(
        (id) => new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, id),
      ),
    );
    const sync = w.sync();
    assert.equal(await sync.room(room(w), undefined, undefined), 'unchanged');
    assert.equal(writes(w), 0);
    assert.equal(sync.claimedElsewhereUntil, until);
  });

  test('a person added costs one cmd::save, and the record keeps them', async () => {
    const w = world();
    await w.sync().room(room(w), undefined, undefined);
    w.jeedom.calls.length = 0;
    const alice = { rcUserId: 'U1', username: 'alice' };
    assert.equal(await w.sync().addUser(room(w), alice), 'added');
    assert.deepEqual(w.jeedom.methods(), ['cmd::save']);
    assert.ok(w.jeedom.cmds.some((c) => c.logicalId === 'user:U1' && c.name === '@alice'));
    const record = await new ChannelEquipmentStore(w.store.view()).get('R1');
    assert.deepEqual(record?.users, [alice]);
  });
});

describe('all rooms', () => {
  test('every bot room is created; the equipment of a room the bot left is disabled', async () => {
    const w = world(3);
    await w.sync().all();
    assert.equal(w.jeedom.eqLogics.length, 3);
    w.chat.members.R2 = [];
    const summary = await w.sync().all();
    assert.deepEqual(summary.disabled, ['room-2']);
    assert.equal(summary.unchanged, 2);
    assert.equal(w.jeedom.eqLogics.find((e) => e.logicalId === 'rocketchat:R2')?.isEnable, 0);
  });

  test('one room failing does not stop the others, and is reported with Jeedom’s words', async () => {
    const w = world(3);
    let saves = 0;
    w.jeedom.before = (call) => {
      return call.method === 'eqLogic::save' && ++saves === 2 ? rpcError(-32000, 'Disk full') : undefined;
    };
    const summary = await w.sync().all();
    assert.equal(summary.created.length, 2);
    assert.equal(summary.failed.length, 1);
    assert.match(summary.failed[0].error.message, /Disk full/);
  });
});

describe('the deadline', () => {
  test('a slow Jeedom: no room is started in the last ROOM_RESERVE_MS, the rest is left for the job', async () => {
    const w = world(10);
    const T0 = Date.now();
    let now = T0;
    // Each equipment save takes 2.5 s of the fake clock (the e2e "slow Jeedom" case, without waiting for it).
    w.jeedom.before = (call) => {
      if (call.method === 'eqLogic::save') now += 2_500;
      return undefined;
    };
    const summary = await w.sync(T0 + 25_000, () => now).all();
    // Rooms start at 0, 2.5, … 20 s: the 9th starts at exactly 20 s (not past the reserve), the 10th does not.
    assert.equal(summary.created.length, 9);
    assert.equal(summary.remaining, 1);
    assert.ok(now - T0 > 25_000 - ROOM_RESERVE_MS, 'stopped only once the reserve was reached');
    const rest = await w.sync(now + 25_000, () => now).all();
    assert.equal(rest.created.length, 1);
    assert.equal(rest.remaining, 0);
    assert.equal(w.jeedom.eqLogics.length, 10);
  });

  test('past the reserve from the start (a preflight that took long), no room is started at all', async () => {
    const w = world(2);
    const summary = await w.sync(Date.now() + ROOM_RESERVE_MS - 1).all();
    assert.equal(summary.remaining, 2);
    assert.equal(writes(w), 0);
  });

  test('each Jeedom call gets at most the time left before the deadline, never the full timeout', async () => {
    const w = world(2);
    const deadlineAt = Date.now() + 8_000;
    await w.sync(deadlineAt).all();
    const timeouts = w.jeedom.http.calls.map((c) => Number(c.options.timeout));
    assert.ok(timeouts.length > 0);
    for (const timeout of timeouts)
      assert.ok(timeout <= 8_000 && timeout < CONFIG.timeoutMs, String(timeout));
  });
});

describe('who the per-user commands belong to (pure)', () => {
  test('user ids come from the user: logicalIds only', () => {
    assert.deepEqual(userIdsFromCmds({ send: '1', 'user:U1': '2', lastMessage: '3', 'user:U2': '4' }), [
      'U1',
      'U2',
    ]);
  });

  test('a known username wins, else the lookup, else the id (a deleted person keeps the command)', async () => {
    const looked: string[] = [];
    const users = await usersFromCmds(
      { 'user:U1': '1', 'user:U2': '2', 'user:U3': '3' },
      [{ rcUserId: 'U1', username: 'alice' }],
      async (id) => {
        looked.push(id);
        return id === 'U2' ? 'bob' : undefined;
      },
    );
    assert.deepEqual(users, [
      { rcUserId: 'U1', username: 'alice' },
      { rcUserId: 'U2', username: 'bob' },
      { rcUserId: 'U3', username: 'U3' },
    ]);
    assert.deepEqual(looked, ['U2', 'U3'], 'no lookup for a known person');
  });

  test('a merge keeps one entry per person, first-seen order, the later username', () => {
    assert.deepEqual(
      mergeUsers(
        [
          { rcUserId: 'U1', username: 'alice' },
          { rcUserId: 'U2', username: 'bob' },
        ],
        [
          { rcUserId: 'U2', username: 'bobby' },
          { rcUserId: 'U3', username: 'carol' },
        ],
      ),
      [
        { rcUserId: 'U1', username: 'alice' },
        { rcUserId: 'U2', username: 'bobby' },
        { rcUserId: 'U3', username: 'carol' },
      ],
    );
  });
});
