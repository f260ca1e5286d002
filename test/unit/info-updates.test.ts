import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ILogger } from '@rocket.chat/apps-engine/definition/accessors';
import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import { ADD_PERSON_JOB, onChannelMessage } from '../../src/provisioning/channelActivity';
import { ClaimStore } from '../../src/storage/ClaimStore';
import { COALESCE_MS, INFO_RETRY_JOB, InfoUpdates } from '../../src/provisioning/infoUpdates';
import { ChannelEquipmentStore } from '../../src/storage/ChannelEquipmentStore';
import { InfoStateStore } from '../../src/storage/InfoStateStore';
import { FakeJeedom } from './fakes/FakeJeedom';
import { FakeModify } from './fakes/FakeModify';
import { FakeStore } from './fakes/FakePersistence';
import { emptyChat, fakeRead, fakeRoom, fakeUser, only } from './fakes/FakeRead';

const logger = only<ILogger>('logger', { warn: () => undefined, error: () => undefined });
let rooms = 0;

/** A provisioned channel (its own id per test: the module keeps per-room state) and Jeedom with its infos. */
async function channel(timeoutSeconds = 1) {
  const roomId = `INFO${++rooms}`;
  const chat = emptyChat();
  chat.settings = {
    jeedom_url: 'http://jeedom.test',
    jeedom_api_key: 'k'.repeat(32),
    jeedom_timeout: timeoutSeconds,
  };
  const store = new FakeStore();
  const view = store.view();
  const jeedom = new FakeJeedom();
  for (const [id, logicalId] of [
    ['11', 'lastSender'],
    ['12', 'lastMessage'],
  ])
    jeedom.cmds.push({ id, logicalId, name: logicalId, type: 'info', subType: 'string', eqLogic_id: '10' });
  await ChannelEquipmentStore.save(view, {
    roomId,
    eqLogicId: '10',
    name: 'family',
    cmdIds: { send: '13', lastSender: '11', lastMessage: '12' },
    users: [],
    autoUsers: true,
    enabled: true,
    fingerprint: 'x',
  });
  const modify = new FakeModify();
  const deps = { read: fakeRead(chat, view), http: jeedom.http, persis: view, modify: modify.modify, logger };
  const value = (logicalId: string) => jeedom.cmds.find((c) => c.logicalId === logicalId)?.value;
  const pending = async () => (await new InfoStateStore(view).pending(roomId)).length;
  return { roomId, store, view, jeedom, modify, deps, value, pending };
}

const message = (seq: number, text: string, sender = 'alice') => ({
  seq,
  messageId: `M${seq}`,
  sender,
  text,
});

describe('channel infos', () => {
  test('lastSender then lastMessage, and nothing left pending', async () => {
    const c = await channel();
    await new InfoUpdates(c.deps).record(c.roomId, message(1, 'hello'));
    assert.deepEqual(
      c.jeedom.calls.map((call) => [call.method, call.params.id, call.params.value]),
      [
        ['cmd::event', '11', 'alice'],
        ['cmd::event', '12', 'hello'],
      ],
    );
    assert.equal(await c.pending(), 0);
  });

  test('Jeedom unreachable: one retry job, the value kept, delivered once Jeedom is back', async () => {
    const c = await channel();
    c.jeedom.before = () => {
      throw new Error('connect ECONNREFUSED');
    };
    await new InfoUpdates(c.deps).record(c.roomId, message(1, 'while down'));
    await new InfoUpdates(c.deps).record(c.roomId, message(2, 'still down'));
    assert.deepEqual(
      c.modify.jobs.map((j) => [j.id, (j.data as { roomId: string }).roomId]),
      [[INFO_RETRY_JOB, c.roomId]],
      'one retry job for the room',
    );
    assert.equal(await c.pending(), 1, 'only the newest value is kept');
    c.jeedom.before = undefined;
    await new InfoUpdates(c.deps).flush(c.roomId);
    assert.equal(c.value('lastMessage'), 'still down');
    assert.equal(await c.pending(), 0);
  });

  test("another runtime's delivery claim: no call, a retry when its claim ends", async () => {
    const c = await channel();
    const other = c.store.view('other');
    const claim = await new ClaimStore(other, other, { runtime: 'other' }).take(
      `deliver-infos:${c.roomId}`,
      4_000,
    );
    assert.ok(claim.ok);
    const before = Date.now();
    await new InfoUpdates(c.deps).record(c.roomId, message(1, 'held back'));
    assert.equal(c.jeedom.calls.length, 0);
    const [job] = c.modify.jobs;
    assert.equal(job?.id, INFO_RETRY_JOB);
    const when = new Date(job.when).getTime();
    assert.ok(when >= before + 4_000 && when <= Date.now() + 4_000 + COALESCE_MS, 'at the claim’s end');
    await claim.release();
    await new InfoUpdates(c.deps).flush(c.roomId);
    assert.equal(c.value('lastMessage'), 'held back');
  });
});

describe('the deadline of the hook', () => {
  test('each cmd::event gets at most the time left, never the full timeout', async () => {
    const c = await channel(10);
    await new InfoUpdates({ ...c.deps, deadlineAt: Date.now() + 3_000 }).record(c.roomId, message(1, 'hi'));
    const timeouts = c.jeedom.http.calls.map((call) => Number(call.options.timeout));
    assert.equal(timeouts.length, 2);
    for (const timeout of timeouts) assert.ok(timeout <= 3_000, String(timeout));
  });

  test('a second delivery that would not fit in the time left is handed to a job, not started', async () => {
    const c = await channel(1);
    // Time for one delivery (two calls of 1 s) but not two.
    const infos = new InfoUpdates({ ...c.deps, deadlineAt: Date.now() + 1_500 });
    await infos.record(c.roomId, message(1, 'first'));
    assert.equal(c.value('lastMessage'), 'first');
    await infos.record(c.roomId, message(2, 'second'));
    assert.equal(c.value('lastMessage'), 'first', 'not started');
    assert.equal(c.jeedom.calls.length, 2);
    assert.deepEqual(
      c.modify.jobs.map((j) => j.id),
      [INFO_RETRY_JOB],
    );
    assert.ok(new Date(c.modify.jobs[0].when).getTime() <= Date.now() + COALESCE_MS, 'at once');
    await new InfoUpdates(c.deps).flush(c.roomId);
    assert.equal(c.value('lastMessage'), 'second', 'the job delivers it');
  });
});

describe('a message in a provisioned channel (the hook)', () => {
  const person = fakeUser('U9', 'newcomer');
  const said = (roomId: string, id: string) =>
    ({
      id,
      room: fakeRoom(roomId, 'family'),
      sender: person,
      text: 'hello',
      createdAt: new Date(),
    }) as IMessage;

  test("a newcomer's first messages ask one job for their command; the hook calls Jeedom for the infos only", async () => {
    const c = await channel();
    const deps = { ...c.deps, modify: c.modify.modify, appId: 'APP', botId: 'BOT' };
    await onChannelMessage(said(c.roomId, 'm1'), deps);
    await onChannelMessage(said(c.roomId, 'm2'), deps);
    assert.deepEqual(
      [...new Set(c.jeedom.methods())],
      ['cmd::event'],
      'no preflight, no cmd::save in the hook',
    );
    const asked = c.modify.jobs.filter((j) => j.id === ADD_PERSON_JOB);
    assert.deepEqual(
      asked.map((j) => j.data),
      [{ roomId: c.roomId, userId: person.id }],
      'one job for the burst',
    );
  });
});
