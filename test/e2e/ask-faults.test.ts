/**
 * Answers to scenario questions under faults and restarts (issue 12, items 1, 3, 5): every case ends in one
 * state, the same in Jeedom (the scenario's variable, what the scenario read) and in the chat (the question).
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { RocketChatHarness } from '../../devkit/harness/RocketChatHarness';
import type { StoredMessage } from '../../devkit/harness/world';
import { askOnlyElements } from '../../devkit/simulator';
import type { JeedomSimulator } from '../../devkit/simulator';
import { addHousehold, House, roomCmd, startHouse, stopHouse } from './house';

let house: House;
let rc: RocketChatHarness;
let sim: JeedomSimulator;
let admin: IUser;
let alice: IUser;
let bob: IUser;
let carol: IUser;
let garage: IRoom;
let safe: IRoom;
let elsewhere: IRoom;
let counter = 0;

const cmdId = (room: IRoom, logicalId: string) => roomCmd(sim, room, logicalId).id;

/** A scenario asking `oui;non` through the room's command; waits for the question with its buttons. */
async function ask(room: IRoom, logicalId = 'send', timeout = 600) {
  counter++;
  const question = `Question ${counter} ?`;
  const variable = `rep_${counter}`;
  const elements = askOnlyElements({
    question,
    answer: 'oui;non',
    variable,
    timeout,
    cmdId: cmdId(room, logicalId),
  });
  const scenario = sim.addScenario({ name: `Ask ${counter}`, elements } as never);
  const run = sim.runScenario(scenario);
  const message = await rc.waitFor(
    // A person's `@username` command posts the question with their mention.
    () =>
      rc.botMessagesIn(room).find((m) => (m.text ?? '').endsWith(question) && (m.blocks?.length ?? 0) > 0),
    { what: `the question “${question}” with buttons`, timeoutMs: 8000 },
  );
  return { run, message, question, variable };
}

const current = (message: StoredMessage) => rc.world.messageById(message.id) as StoredMessage;
const valueOf = (message: StoredMessage, index: number) =>
  new RegExp(`"value":"([^"]+\\|${index})"`).exec(JSON.stringify(current(message).blocks))?.[1];
/** Successful writes of an answer into Jeedom (a fault's swallowed or refused call is not one). */
const saves = () => sim.calls.filter((c) => c.method === 'datastore::save' && c.ok).length;

/** The ask as the app stored it. */
function stored(message: StoredMessage): Record<string, unknown> | undefined {
  for (const record of rc.world.persistence.values()) {
    const data = record.data as Record<string, unknown>;
    if (data.messageId === message.id && typeof data.askId === 'string') return data;
  }
  return undefined;
}

/** Runs this question's scheduled review now (the retry would otherwise come 30 s later). */
async function runReview(message: StoredMessage): Promise<void> {
  const askId = stored(message)?.askId;
  const job = [...rc.bridges.scheduler.jobs.values()].find(
    (j) => (j.data as { askId?: string } | undefined)?.askId === askId,
  );
  assert.ok(job, 'a review is scheduled');
  await rc.bridges.scheduler.runNow(job.id);
}

before(async () => {
  house = await startHouse();
  ({ rc, sim } = house);
  // Questions of 600 polls: 30 s at this pace, long enough for every case here.
  sim.state.askPollMs = 50;
  ({ admin, alice, bob, room: garage } = addHousehold(rc, 'garage', ['bob']));
  carol = rc.addUser('carol');
  safe = rc.addRoom('p', 'safe', [admin]);
  elsewhere = rc.addRoom('c', 'elsewhere', [admin, alice, carol]);
  await rc.setSetting('public_url', rc.siteUrl);
  await rc.setSetting('jeedom_timeout', 1);
  for (const [who, login] of [
    ['alice', 'marie'],
    ['bob', 'admin'],
    ['carol', 'marie'],
  ])
    await rc.slash(admin, garage, `map @${who} ${login}`);
  await rc.slash(admin, garage, 'sync');
});

beforeEach(() => {
  sim.setFault(null);
  sim.clearCalls();
  rc.bridges.messages.beforeUpdate = () => undefined;
});

after(() => stopHouse(house));

describe('who may answer a question', () => {
  test('a forged button value on another message answers nothing', async () => {
    const { message, variable } = await ask(garage);
    const own = await rc.postMessage(alice, garage, 'my own message');
    sim.clearCalls();
    await rc.clickButton(alice, own, 'jeedom-ask', valueOf(message, 0));
    assert.match(rc.lastNotice(alice)?.text ?? '', /not allowed to answer/);
    assert.equal(sim.callCount('datastore::save'), 0);
    assert.equal(sim.variable(variable), '');
    assert.equal(stored(message)?.status, 'pending');
    assert.ok(current(message).blocks?.length, 'the question still has its buttons');
  });

  test('a linked person who is not in a private room cannot answer its question', async () => {
    const { message, run } = await ask(safe);
    sim.clearCalls();
    await rc.clickButton(alice, message, 'jeedom-ask');
    assert.match(rc.lastNotice(alice)?.text ?? '', /not allowed to answer/);
    assert.equal(sim.callCount('datastore::save'), 0);
    await rc.slash(admin, safe, 'map @house-admin admin');
    await rc.clickButton(admin, message, 'jeedom-ask');
    assert.equal((await run.done).answer, 'oui');
    await rc.slash(admin, safe, 'unmap @house-admin');
  });

  test("a reply carrying the question's thread id from another room is not an answer", async () => {
    const { message, variable } = await ask(garage);
    sim.clearCalls();
    await rc.postMessage(carol, elsewhere, 'oui', { threadId: message.id });
    await rc.settled();
    assert.equal(sim.callCount('datastore::save'), 0);
    assert.equal(sim.variable(variable), '');
    assert.ok(current(message).blocks?.length);
  });

  test('a user: question is answered only by its person, and only once linked with interactions on', async () => {
    await rc.postMessage(bob, garage, 'hello');
    await rc.waitFor(() => sim.equipment.allCmdRows().find((c) => c.logicalId === `user:${bob.id}`), {
      what: '@bob',
    });
    await rc.slash(admin, garage, 'allow @bob off');
    const { message, run } = await ask(garage, `user:${bob.id}`);
    await rc.clickButton(alice, message, 'jeedom-ask');
    assert.match(rc.lastNotice(alice)?.text ?? '', /not allowed to answer/);
    await rc.clickButton(bob, message, 'jeedom-ask');
    assert.match(rc.lastNotice(bob)?.text ?? '', /not allowed to answer/);
    assert.equal(sim.callCount('datastore::save'), 0);
    await rc.slash(admin, garage, 'allow @bob on');
    await rc.clickButton(bob, message, 'jeedom-ask', valueOf(message, 1));
    assert.equal((await run.done).answer, 'non');
  });

  test('a login disabled in Jeedom cannot answer', async () => {
    const { message, variable } = await ask(garage);
    sim.setUserEnabled('marie', false);
    try {
      await rc.clickButton(alice, message, 'jeedom-ask');
      assert.match(rc.lastNotice(alice)?.text ?? '', /disabled in Jeedom/);
      assert.equal(sim.variable(variable), '');
      assert.equal(stored(message)?.status, 'pending');
    } finally {
      sim.setUserEnabled('marie', true);
    }
  });

  test('a free-text answer reaches Jeedom cleaned, and a too long one is refused', async () => {
    counter++;
    const question = `Un mot ${counter} ?`;
    const elements = askOnlyElements({
      question,
      answer: '*',
      variable: `free_${counter}`,
      timeout: 600,
      cmdId: cmdId(garage, 'send'),
    });
    const run = sim.runScenario(sim.addScenario({ name: `Free ${counter}`, elements } as never));
    const message = await rc.waitFor(
      () => rc.botMessagesIn(garage).find((m) => m.text === question && (m.blocks?.length ?? 0) > 0),
      { what: 'the free question' },
    );
    await rc.postMessage(alice, garage, 'x'.repeat(201), { threadId: message.id });
    await rc.waitForNotice(alice, (n) => /too long for Jeedom \(200 characters at most\)/.test(n.text));
    await rc.postMessage(alice, garage, 'le code\u200b est #12# \u202eok', { threadId: message.id });
    assert.equal((await run.done).answer, 'le code est ＃12＃ ok');
  });
});

describe('an answer Jeedom does not confirm in time', () => {
  test('stays its author’s, refuses another answer, and is settled once Jeedom answers', async () => {
    const { message, run, variable } = await ask(garage);
    const non = valueOf(message, 1);
    sim.setFault({ kind: 'slow', delayMs: 1500, method: 'datastore::save', times: 1 });
    await rc.clickButton(alice, message, 'jeedom-ask');
    assert.match(rc.lastNotice(alice)?.text ?? '', /did not answer within 1 s\. It may still carry out/);
    assert.match(current(message).text ?? '', /Answer sent, not confirmed: oui — by @alice/);
    assert.deepEqual(current(message).blocks, []);
    await rc.clickButton(bob, message, 'jeedom-ask', non);
    assert.match(rc.lastNotice(bob)?.text ?? '', /already on its way to Jeedom/);
    // Jeedom carried the slow answer out: the scenario got "oui", never "non".
    assert.equal((await run.done).answer, 'oui');
    assert.equal(sim.variable(variable), 'oui');
    // The review at the answer's deadline finds "oui" in Jeedom and closes the question.
    await rc.waitFor(() => stored(message)?.status === 'answered', {
      what: 'the settled ask',
      timeoutMs: 5000,
    });
    assert.match(current(message).text ?? '', /✓ Answered: oui — by @alice/);
    assert.equal(saves(), 1, 'written once, by the slow call itself');
  });

  test('with Jeedom unreachable afterwards it stays unconfirmed, then is written when Jeedom is back', async () => {
    const { message, run, variable } = await ask(garage);
    sim.clearCalls();
    sim.setFault({ kind: 'hang', method: 'datastore::save' });
    await rc.clickButton(alice, message, 'jeedom-ask');
    sim.setFault({ kind: 'down' });
    await rc.waitFor(
      () => stored(message)?.status === 'unconfirmed' && stored(message)?.shown === 'unconfirmed',
      {
        what: 'the unconfirmed answer',
      },
    );
    assert.match(current(message).text ?? '', /Answer sent, not confirmed: oui — by @alice/);
    assert.equal(sim.variable(variable), '');
    // Wait for the review at the deadline to have failed against the down Jeedom.
    await rc.waitFor(() => sim.calls.some((c) => c.method === 'datastore::byTypeLinkIdKey'), {
      what: 'the review trying Jeedom',
      timeoutMs: 5000,
    });
    sim.setFault(null);
    await runReview(message);
    assert.equal((await run.done).answer, 'oui');
    await rc.waitFor(() => /✓ Answered: oui — by @alice/.test(current(message).text ?? ''), {
      what: 'the settled question',
    });
    assert.equal(saves(), 1);
  });

  test('an answer Jeedom refused outright reopens the question for anyone', async () => {
    const { message, run } = await ask(garage);
    sim.setFault({ kind: 'down', method: 'datastore::save', times: 1 });
    await rc.clickButton(alice, message, 'jeedom-ask');
    assert.match(rc.lastNotice(alice)?.text ?? '', /unreachable/);
    assert.equal(stored(message)?.status, 'pending');
    assert.ok(current(message).blocks?.length);
    await rc.clickButton(bob, message, 'jeedom-ask', valueOf(message, 1));
    assert.equal((await run.done).answer, 'non');
  });
});

describe('a restart at any point of an answer ends in one state', () => {
  test('before the answer reached Jeedom: the review writes it', async (t) => {
    // The dead runtime's claim outlives the restart only if it lasts longer than a restart under load (seconds):
    // at 1 s a slow restart let the next click settle it first, and "closed" was then the truth.
    await rc.setSetting('jeedom_timeout', 4);
    t.after(() => rc.setSetting('jeedom_timeout', 1));
    const { message, run, variable } = await ask(garage);
    sim.clearCalls();
    sim.setFault({ kind: 'hang', method: 'datastore::save', times: 1 });
    const click = rc.clickButton(alice, message, 'jeedom-ask').catch(() => undefined);
    await rc.waitFor(
      () => stored(message)?.status === 'answering' && sim.callCount('datastore::save') === 1,
      {
        what: 'the answer under way',
      },
    );
    await rc.restart();
    await click; // the dead runtime's click fails with it
    assert.equal(sim.variable(variable), '', 'Jeedom never got it');
    // Anyone else clicking meanwhile is told an answer is under way, not that the question is closed. Once the
    // dead runtime's claim has ended (1 s timeout + 2 s: a restart under load can outlast it), that click is what
    // settles the answer: it writes alice's, and is then told the question is answered, which it must show.
    await rc.clickButton(bob, message, 'jeedom-ask', valueOf(message, 1));
    const told = rc.lastNotice(bob)?.text ?? '';
    if (/already answered, or has expired/.test(told))
      assert.match(current(message).text ?? '', /✓ Answered: oui — by @alice/, 'settled by that click');
    else assert.match(told, /already on its way to Jeedom/);
    assert.equal((await run.done).answer, 'oui');
    await rc.waitFor(() => /✓ Answered: oui — by @alice/.test(current(message).text ?? ''), {
      what: 'the answered question',
      timeoutMs: 20_000,
    });
    assert.deepEqual(current(message).blocks, []);
    assert.equal(saves(), 1);
  });

  test('after Jeedom took the answer, before the app heard back: the review only confirms it', async () => {
    const { message, run } = await ask(garage);
    sim.clearCalls();
    sim.setFault({ kind: 'slow', delayMs: 300, method: 'datastore::save', times: 1 });
    const click = rc.clickButton(alice, message, 'jeedom-ask').catch(() => undefined);
    await rc.waitFor(() => stored(message)?.status === 'answering', { what: 'the answer under way' });
    await rc.restart();
    await click;
    assert.equal((await run.done).answer, 'oui');
    await rc.waitFor(() => /✓ Answered: oui — by @alice/.test(current(message).text ?? ''), {
      what: 'the answered question',
      timeoutMs: 5000,
    });
    assert.equal(saves(), 1, 'not written twice');
  });

  test('after Jeedom confirmed, before the question was edited: the review shows it answered', async () => {
    const { message, run } = await ask(garage);
    sim.clearCalls();
    let held = false;
    rc.bridges.messages.beforeUpdate = (m) => {
      if (m.id !== message.id) return;
      held = true;
      return new Promise<void>(() => undefined);
    };
    const click = rc.clickButton(alice, message, 'jeedom-ask').catch(() => undefined);
    await rc.waitFor(() => held, { what: 'the edit held' });
    assert.equal((await run.done).answer, 'oui');
    await rc.restart();
    rc.bridges.messages.beforeUpdate = () => undefined;
    await click;
    assert.ok(current(message).blocks?.length, 'the edit never reached the server');
    await rc.waitFor(() => stored(message)?.status === 'answered', {
      what: 'the answered ask',
      timeoutMs: 5000,
    });
    assert.match(current(message).text ?? '', /✓ Answered: oui — by @alice/);
    assert.equal(saves(), 1);
  });

  test('with its review lost too, a click after the deadline re-drives the answer instead of saying it is closed', async () => {
    const { message, run } = await ask(garage);
    sim.setFault({ kind: 'hang', method: 'datastore::save', times: 1 });
    const click = rc.clickButton(alice, message, 'jeedom-ask').catch(() => undefined);
    await rc.waitFor(() => stored(message)?.status === 'answering', { what: 'the answer under way' });
    await rc.restart();
    await click;
    const askId = stored(message)?.askId;
    for (const [id, job] of rc.bridges.scheduler.jobs)
      if ((job.data as { askId?: string } | undefined)?.askId === askId) {
        clearTimeout(job.timer);
        rc.bridges.scheduler.jobs.delete(id);
      }
    const deadline = Number(stored(message)?.deadline);
    await rc.waitFor(() => Date.now() > deadline, { what: 'the deadline', timeoutMs: 5000, pollMs: 50 });
    await rc.clickButton(bob, message, 'jeedom-ask', valueOf(message, 1));
    assert.equal((await run.done).answer, 'oui', "alice's answer, not bob's");
    assert.match(current(message).text ?? '', /✓ Answered: oui — by @alice/);
    assert.match(rc.lastNotice(bob)?.text ?? '', /already answered/);
    assert.equal(saves(), 1);
  });
});
