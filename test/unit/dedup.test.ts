import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dedupKey, oneCallAtATime } from '../../src/endpoint/dedup';
import {
  callState,
  DEDUP_WINDOW_MS,
  markPosting,
  pruneOldCalls,
  rememberPosted,
} from '../../src/storage/PostedCallStore';
import { cleanUpStorage } from '../../src/handlers/cleanUp';
import { AskStore, KEEP_CLOSED_MS } from '../../src/storage/AskStore';
import { FakeStore } from './fakes/FakePersistence';

const call = { roomId: 'R1', title: 't', message: 'Door open', idempotencyKey: '1700000000', files: [] };
const posted = (store: FakeStore) => store.find('jeedom-endpoint-posted');
/** Moves a stored call record back in time, as if it had been written `ms` ago. */
const age = (store: FakeStore, ms: number) => {
  for (const r of posted(store)) (r.data as { at: number }).at -= ms;
};

describe('what makes two endpoint calls the same call', () => {
  test('no id and no ts: never de-duplicated', () => {
    assert.equal(dedupKey({ ...call, idempotencyKey: undefined }), undefined);
  });

  test('same room, key, title, message and user: one key; any of them different: another', () => {
    const key = dedupKey(call);
    assert.equal(dedupKey({ ...call }), key);
    for (const other of [
      { ...call, roomId: 'R2' },
      { ...call, idempotencyKey: '1700000001' },
      { ...call, title: 'T' },
      { ...call, message: 'Door closed' },
      { ...call, userId: 'U1' },
    ])
      assert.notEqual(dedupKey(other), key);
  });
});

describe('the records of posted calls', () => {
  test('a call remembered as posted is a retry; one only started may have died mid-post', async () => {
    const store = new FakeStore();
    const view = store.view();
    const key = dedupKey(call) as string;
    assert.deepEqual(await callState(view, 'R1', key), { posted: false, postingSince: undefined });
    await markPosting(view, 'R1', key);
    const started = await callState(view, 'R1', key);
    assert.equal(started.posted, false);
    assert.ok(started.postingSince && started.postingSince <= Date.now());
    await rememberPosted(view, 'R1', key);
    assert.equal((await callState(view, 'R1', key)).posted, true);
  });

  test('past the window a call is new again', async () => {
    const store = new FakeStore();
    const view = store.view();
    await rememberPosted(view, 'R1', 'k1');
    age(store, DEDUP_WINDOW_MS);
    assert.equal((await callState(view, 'R1', 'k1')).posted, false);
  });

  test('the periodic prune forgets calls past the window, and only those', async () => {
    const store = new FakeStore();
    const view = store.view();
    await markPosting(view, 'R1', 'old');
    await rememberPosted(view, 'R1', 'old');
    age(store, DEDUP_WINDOW_MS + 1);
    await rememberPosted(view, 'R2', 'fresh');
    assert.equal(await pruneOldCalls(view, view), 1, 'one call (its two records)');
    assert.deepEqual(
      posted(store).map((r) => (r.data as { key: string }).key),
      ['fresh'],
    );
  });

  test("remembering a call forgets that room's expired ones without waiting for the periodic job", async () => {
    const store = new FakeStore();
    const view = store.view();
    await rememberPosted(view, 'R1', 'old');
    await rememberPosted(view, 'R2', 'other room');
    age(store, DEDUP_WINDOW_MS);
    await rememberPosted(view, 'R1', 'new', view);
    assert.deepEqual(
      posted(store)
        .map((r) => (r.data as { key: string }).key)
        .sort(),
      ['new', 'other room'],
    );
  });

  test('calls with the same key wait for each other; without a key they do not', async () => {
    const log: string[] = [];
    const work = (name: string) => async () => {
      log.push(`${name} start`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      log.push(`${name} end`);
    };
    await Promise.all([oneCallAtATime('k', work('a')), oneCallAtATime('k', work('b'))]);
    assert.deepEqual(log, ['a start', 'a end', 'b start', 'b end']);
    log.length = 0;
    await Promise.all([oneCallAtATime(undefined, work('a')), oneCallAtATime(undefined, work('b'))]);
    assert.deepEqual(log, ['a start', 'b start', 'a end', 'b end']);
  });
});

describe('the periodic clean-up', () => {
  test('old call records and week-old questions go, with no Jeedom at all', async () => {
    const store = new FakeStore();
    const view = store.view();
    await rememberPosted(view, 'R1', 'old');
    age(store, DEDUP_WINDOW_MS);
    const ask = {
      askId: 'A1',
      roomId: 'R1',
      messageId: 'M1',
      scenarioId: '1',
      question: 'Old?',
      answers: ['yes'],
      freeText: false,
      variable: 'v',
      expiresAt: Date.now() - KEEP_CLOSED_MS - 1,
      status: 'expired' as const,
    };
    await AskStore.save(view, ask);
    await AskStore.save(view, { ...ask, askId: 'A2', messageId: 'M2', expiresAt: Date.now() });
    assert.deepEqual(await cleanUpStorage(view, view), { calls: 1, asks: 1 });
    assert.equal(posted(store).length, 0);
    assert.equal(await new AskStore(view).get('A1'), undefined);
    assert.ok(await new AskStore(view).get('A2'), 'a recent question stays');
  });
});
