/**
 * The endpoint's de-duplication under concurrency (its own engine: the rate limits of the main endpoint suite
 * are not shared). Retries come from Jeedom's script plugin when an answer is slow; several scenarios may
 * notify the same room at once.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, beforeEach, test } from 'node:test';
import type { IApiRequest } from '@rocket.chat/apps-engine/definition/api';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { RocketChatHarness } from '../../devkit/harness/RocketChatHarness';
import { House, startHouse, stopHouse } from './house';

const SECRET = 'dedup-master-secret-0123456789abcdef';

let rc: RocketChatHarness;
let home: IRoom;
let house: House;

const token = (roomId: string) => createHmac('sha256', SECRET).update(roomId).digest('hex');
const basic = (password: string) => `Basic ${Buffer.from(`jeedom:${password}`).toString('base64')}`;

before(async () => {
  house = await startHouse();
  ({ rc } = house);
  const admin = rc.addUser('house-admin', { admin: true });
  home = rc.addRoom('c', 'home', [admin]);
  await rc.setSetting('webhook_secret', SECRET);
});

after(() => stopHouse(house, [SECRET]));

let seq = 0;
beforeEach(() => {
  seq++;
});

function get(query: Record<string, string>, authorization: string): Promise<{ status: number }> {
  return rc.callEndpoint('jeedom', {
    method: 'get',
    query,
    headers: { authorization },
  } as Partial<IApiRequest>);
}

const botTexts = (room: IRoom) => rc.botMessagesIn(room).map((m) => m.text);

test('a retry arriving while the first call is still being handled posts once', async () => {
  const query = { room: home.id, title: '', message: `Concurrent ${seq}`, ts: `${seq}-concurrent` };
  const answers = await Promise.all([1, 2, 3].map(() => get(query, basic(token(home.id)))));
  assert.deepEqual(
    answers.map((a) => a.status),
    [200, 200, 200],
  );
  await rc.settled();
  assert.equal(botTexts(home).filter((t) => t === `Concurrent ${seq}`).length, 1);
});

test('calls handled at the same time are each remembered: their retries post nothing', async () => {
  const calls = Array.from({ length: 8 }, (_, i) => ({
    room: home.id,
    title: '',
    message: `Parallel ${i} ${seq}`,
    ts: `${seq}-parallel-${i}`,
  }));
  await Promise.all(calls.map((q) => get(q, basic(token(home.id)))));
  await Promise.all(calls.map((q) => get(q, basic(token(home.id)))));
  for (const q of calls) assert.equal(botTexts(home).filter((t) => t === q.message).length, 1, q.message);
});

test('the periodic job forgets calls older than the minute, and only those', async () => {
  const old = { room: home.id, title: '', message: `Old ${seq}`, ts: `${seq}-old` };
  const fresh = { room: home.id, title: '', message: `Fresh ${seq}`, ts: `${seq}-fresh` };
  const records = () =>
    [...rc.world.persistence.values()].filter((r) =>
      r.associations.some((a) => a.id === 'jeedom-endpoint-posted'),
    );
  const stored = records().length;
  await get(old, basic(token(home.id)));
  await get(fresh, basic(token(home.id)));
  // Two records per call (its start, then its post); the post's is written once the call has answered.
  await rc.waitFor(() => records().length === stored + 4, { what: "both calls' dedup records" });
  const added = records().slice(stored);
  // The old call's start is written first (before its post, which is before the fresh call).
  const oldKey = (added[0].data as { key: string }).key;
  const oldRecords = added.filter((r) => (r.data as { key: string }).key === oldKey);
  const freshRecord = added.find((r) => (r.data as { key: string }).key !== oldKey);
  assert.equal(oldRecords.length, 2, 'the old call: its start and its post');
  assert.ok(freshRecord);
  assert.equal((freshRecord.data as { roomId: string }).roomId, home.id);
  for (const r of oldRecords) (r.data as { at: number }).at -= 61_000;
  const before = records().length;
  await rc.runJob('jeedom-sync');
  await rc.settled();
  assert.equal(records().length, before - 2, 'only the old call was forgotten');
  await get(fresh, basic(token(home.id)));
  assert.equal(
    botTexts(home).filter((t) => t === fresh.message).length,
    1,
    'the fresh one still deduplicates',
  );
});

test('while Jeedom is down, the periodic job still forgets old call records and old questions', async () => {
  const old = Date.now() - 8 * 24 * 3600 * 1000;
  const plant = (id: string, associations: Array<{ model: string; id: string }>, data: object) =>
    rc.world.persistence.set(id, { id, appId: rc.appId, associations, data });
  plant(
    `old-call-${seq}`,
    [
      { model: 'misc', id: 'jeedom-endpoint-posted' },
      { model: 'room', id: home.id },
      { model: 'misc', id: `posted:old-${seq}` },
    ],
    { roomId: home.id, key: `old-${seq}`, at: old },
  );
  plant(
    `old-ask-${seq}`,
    [
      { model: 'misc', id: 'jeedom-ask' },
      { model: 'misc', id: `ask:old-${seq}` },
    ],
    {
      askId: `old-${seq}`,
      roomId: home.id,
      messageId: `old-message-${seq}`,
      scenarioId: '1',
      question: 'Old question?',
      answers: ['yes'],
      freeText: false,
      variable: 'old',
      expiresAt: old,
      status: 'expired',
    },
  );
  const callsBefore = house.sim.calls.length;
  const skipped = () => rc.logLines().filter((l) => l.includes('provisioning skipped')).length;
  const skippedBefore = skipped();
  house.sim.setFault({ kind: 'down' });
  try {
    await rc.runJob('jeedom-sync');
    await rc.settled();
  } finally {
    house.sim.setFault(null);
  }
  const calls = house.sim.calls.slice(callsBefore);
  assert.ok(calls.length > 0, 'the preflight tried Jeedom');
  assert.ok(
    calls.every((c) => c.fault === 'down'),
    'Jeedom answered nothing',
  );
  assert.ok(!calls.some((c) => c.method === 'eqLogic::byType'), 'the sync stopped at the preflight');
  assert.equal(skipped(), skippedBefore + 1, "the job's log says why");
  assert.equal(rc.world.persistence.has(`old-call-${seq}`), false, 'the old call record is gone');
  assert.equal(rc.world.persistence.has(`old-ask-${seq}`), false, 'the old question is gone');
});
