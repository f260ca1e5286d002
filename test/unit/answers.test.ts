import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { answerAsk, expireAsk } from '../../src/asks/answerAsk';
import { ASK_EXPIRE_JOB } from '../../src/asks/offerAsk';
import { Ask, AskStore } from '../../src/storage/AskStore';
import { ClaimStore } from '../../src/storage/ClaimStore';
import { UserMappingStore } from '../../src/storage/UserMappingStore';
import { FakeJeedom } from './fakes/FakeJeedom';
import { FakeModify } from './fakes/FakeModify';
import { FakeStore } from './fakes/FakePersistence';
import { emptyChat, fakeRead, fakeUser } from './fakes/FakeRead';

const BOT = { ...fakeUser('BOT', 'jeedom.bot'), type: 'app' } as ReturnType<typeof fakeUser>;
const alice = fakeUser('U1', 'alice');
const bob = fakeUser('U2', 'bob');
let asks = 0;

async function question(overrides: Partial<Ask> = {}) {
  const askId = `A${++asks}`;
  const chat = emptyChat();
  chat.users.push(BOT, alice, bob);
  chat.members.R1 = [BOT.id, alice.id, bob.id];
  chat.settings = {
    jeedom_url: 'http://jeedom.test',
    jeedom_api_key: 'k'.repeat(32),
    jeedom_timeout: 1,
    language: 'en',
  };
  const store = new FakeStore();
  const view = store.view();
  const jeedom = new FakeJeedom();
  for (const login of ['alice', 'bob'])
    jeedom.users.push({ login, profils: 'user', enable: '1', hash: `${login}-key`.padEnd(32, 'x') });
  jeedom.variables.set('reponse', '');
  for (const person of [alice, bob])
    await UserMappingStore.save(view, {
      rcUserId: person.id,
      rcUsername: person.username,
      jeedomLogin: person.username,
      interactionsEnabled: true,
      updatedAt: new Date().toISOString(),
      updatedBy: 'admin',
    });
  const ask: Ask = {
    askId,
    roomId: 'R1',
    messageId: `M-${askId}`,
    scenarioId: '7',
    question: 'Open the gate?',
    answers: ['oui', 'non'],
    freeText: false,
    variable: 'reponse',
    expiresAt: Date.now() + 120_000,
    status: 'pending',
    ...overrides,
  };
  await AskStore.save(view, ask);
  const modify = new FakeModify();
  const deps = { read: fakeRead(chat, view), http: jeedom.http, persis: view, modify: modify.modify };
  const click = { kind: 'button' as const, roomId: 'R1', messageId: ask.messageId };
  const stored = async () => new AskStore(view).get(askId);
  return { askId, store, view, jeedom, modify, deps, click, stored };
}

const saves = (jeedom: FakeJeedom) => jeedom.calls.filter((c) => c.method === 'datastore::save');

describe('answers to a question', () => {
  test('a listed answer is written into the variable, the question says who answered what', async () => {
    const q = await question();
    assert.deepEqual(await answerAsk(q.askId, alice, 'oui', q.deps, q.click), { ok: true });
    assert.equal(q.jeedom.variables.get('reponse'), 'oui');
    assert.equal((await q.stored())?.status, 'answered');
    const edit = q.modify.edits.at(-1);
    assert.equal(edit?.messageId, `M-${q.askId}`);
    assert.match(edit?.text ?? '', /Open the gate\?[\s\S]*oui[\s\S]*alice/);
    assert.deepEqual(edit?.blocks, [], 'buttons removed');
  });

  test('two clicks at once in this process: one answer written, the other told it is closed', async () => {
    const q = await question();
    const [first, second] = await Promise.all([
      answerAsk(q.askId, alice, 'oui', q.deps, q.click),
      answerAsk(q.askId, bob, 'non', q.deps, q.click),
    ]);
    assert.deepEqual(first, { ok: true });
    assert.equal(second.ok, false);
    assert.equal(saves(q.jeedom).length, 1);
    assert.equal(q.jeedom.variables.get('reponse'), 'oui');
  });

  test("another runtime holds the answer's claim: nothing is written, the person is told it is closed", async () => {
    const q = await question();
    const other = q.store.view('other');
    const held = await new ClaimStore(other, other, { runtime: 'other' }).take(
      `answer-ask:${q.askId}`,
      5_000,
    );
    assert.ok(held.ok);
    const result = await answerAsk(q.askId, alice, 'oui', q.deps, q.click);
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.notice, /already|closed|no longer/i);
    assert.equal(saves(q.jeedom).length, 0);
    assert.equal((await q.stored())?.status, 'pending', 'still open for the holder');
  });

  test('Jeedom unreachable: nothing was written, the question is open again for anyone', async () => {
    const q = await question();
    q.jeedom.before = (call) => {
      if (call.method === 'datastore::save') throw new Error('connect ECONNREFUSED');
      return undefined;
    };
    const result = await answerAsk(q.askId, alice, 'oui', q.deps, q.click);
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.notice, /unreachable/i);
    assert.equal((await q.stored())?.status, 'pending');
  });

  test('no answer in time: the answer stays its author’s, unconfirmed, and a review is scheduled', async () => {
    const q = await question();
    q.jeedom.before = (call) =>
      call.method === 'datastore::save' ? new Promise(() => undefined) : undefined;
    // The invocation's deadline (shorter than the 1 s timeout here) bounds the wait.
    const started = Date.now();
    const result = await answerAsk(
      q.askId,
      alice,
      'oui',
      { ...q.deps, deadlineAt: Date.now() + 200 },
      q.click,
    );
    assert.ok(Date.now() - started < 1_000, 'gave up at the deadline, not the timeout');
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.notice, /may still/i);
    const stored = await q.stored();
    assert.equal(stored?.status, 'unconfirmed');
    assert.equal(stored?.answer, 'oui');
    assert.ok(
      q.modify.jobs.some((j) => j.id === ASK_EXPIRE_JOB),
      'a review job',
    );
  });

  test('the review finds the answer in the variable: the question reads answered', async () => {
    const q = await question({
      status: 'unconfirmed',
      answer: 'oui',
      answeredBy: 'alice',
      answeredById: alice.id,
    });
    q.jeedom.variables.set('reponse', 'oui');
    await expireAsk(q.askId, q.deps);
    assert.equal((await q.stored())?.status, 'answered');
    assert.equal(saves(q.jeedom).length, 0, 'not written twice');
  });
});
