/**
 * The harness's bridges, proven through the official engine with a fixture app (test/harness/fixture-app):
 * each test drives one capability the way a person or Jeedom would, and checks what Rocket.Chat would hold.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { packageApp } from '../../scripts/package';
import { UPLOADED_TEXT } from './fixture-app/src/files';
import { RocketChatHarness } from '../../devkit/harness/RocketChatHarness';
import type { StoredMessage } from '../../devkit/harness/world';

interface AppJson {
  permissions: Array<{ name: string }>;
}

const fixtureRoot = path.join(__dirname, 'fixture-app');
const { permissions: asked } = JSON.parse(
  fs.readFileSync(path.join(fixtureRoot, 'app.json'), 'utf8'),
) as AppJson;
/** Agenda's job ids: Mongo ObjectIds. */
const JOB_ID = /^[0-9a-f]{24}$/;

let zipPath: string;

before(async () => {
  zipPath = await packageApp({ appRoot: fixtureRoot });
});

/** Runs `/fixture <text>` and returns the notice it left for the sender. */
async function fixture(rc: RocketChatHarness, user: IUser, room: IRoom, text: string): Promise<string> {
  const before = rc.noticesFor(user).length;
  await rc.slash(user, room, text, { command: 'fixture' });
  const notices = rc.noticesFor(user);
  return notices.length > before ? notices[notices.length - 1].text : '';
}

/** The JSON after the first word of a notice (`uploaded {…}`) or of a job's message (`once {…}`). */
function payload(text: string | undefined): Record<string, unknown> {
  const value = text ?? '';
  return JSON.parse(value.slice(value.indexOf(' ') + 1)) as Record<string, unknown>;
}

const jobContext = (message: StoredMessage) => payload(message.text);

/** The job id in `scheduled <id>` / `ticking <id>`. */
const jobIdIn = (notice: string) => /^(?:scheduled|ticking) (\w+)$/.exec(notice)?.[1] ?? '';

describe('the fixture app, with the permissions it asks for', () => {
  let rc: RocketChatHarness;
  let alice: IUser;
  let bob: IUser;
  let general: IRoom;
  let kitchen: IRoom;
  const run = (text: string, user = alice, room = general) => fixture(rc, user, room, text);

  before(async () => {
    rc = await RocketChatHarness.start({ zipPath });
    alice = rc.addUser('alice');
    bob = rc.addUser('bob');
    general = rc.addRoom('c', 'general', [alice, bob]);
    kitchen = rc.addRoom('p', 'kitchen', [alice]);
  });

  after(async () => {
    await rc?.stop();
  });

  test('installs enabled, with its bot, granted exactly the permissions app.json asks for', async () => {
    assert.equal(await rc.appStatus(), 'manually_enabled');
    assert.equal(rc.bot.username, 'harness-fixture.bot');
    assert.deepEqual(rc.engine.getPermissionsById(rc.appId), asked);
  });

  test('persistence: a record with two associations is found by both or by one, updated in place, removed', async () => {
    const created = /^created garage as (\w+)$/.exec(await run('persist garage open'));
    assert.ok(created, 'the engine returns the new record id');
    const record = rc.world.persistence.get(created[1]);
    assert.deepEqual(record?.associations, [
      { model: 'misc', id: 'key:garage' },
      { model: 'room', id: general.id },
    ]);
    assert.equal(await run('persist garage closed'), 'updated garage');
    assert.equal(rc.world.persistence.size, 1, 'updated, not added');
    assert.equal(await run('read garage'), 'garage = closed');
    assert.equal(
      await run('read garage', alice, kitchen),
      'garage is not set',
      'the room association counts',
    );
    assert.equal(await run('list'), 'keys here: garage');
    assert.equal(await run('forget garage'), 'forgot garage ([{"key":"garage","value":"closed"}])');
    assert.equal(rc.world.persistence.size, 0);
    assert.equal(
      await run('forget garage'),
      'forgot garage (null)',
      'nothing removed: the server returns nothing',
    );
  });

  test('persistence: an upsert inserts once, then updates in place and returns an empty id', async () => {
    const inserted = /^upserted porch \("(\w+)"\)$/.exec(await run('upsert porch on'));
    assert.ok(inserted && rc.world.persistence.has(inserted[1]));
    assert.equal(await run('upsert porch off'), 'upserted porch ("")');
    assert.deepEqual(
      [...rc.world.persistence.values()].map((r) => r.data),
      [{ key: 'porch', value: 'off' }],
    );
    await run('forget porch');
  });

  test('a DM between the bot and the sender is created once, then found again', async () => {
    await run('dm');
    const dm = rc.world.directRoomOf([alice.username, rc.bot.username]);
    assert.ok(dm, 'the DM exists');
    assert.equal(dm.type, 'd');
    assert.deepEqual(
      rc.world
        .membersOf(dm.id)
        .map((u) => u.username)
        .sort(),
      ['alice', 'harness-fixture.bot'],
    );
    await run('dm');
    assert.deepEqual(
      rc.botMessagesIn(dm).map((m) => m.text),
      ['hello alice (new DM)', 'hello alice (existing DM)'],
    );
    assert.equal([...rc.world.rooms.values()].filter((r) => r.type === 'd').length, 1);
  });

  test('buttons: the engine gives each block an id; a click edits the message, keeping the buttons', async () => {
    await run('buttons');
    const question = await rc.waitForBotMessage(general, (m) => m.text === 'Open the garage?');
    const blocks = question.blocks as Array<{ appId: string; blockId: string; type: string }>;
    assert.deepEqual(
      blocks.map((b) => [b.type, b.appId]),
      [
        ['section', rc.appId],
        ['actions', rc.appId],
      ],
    );
    assert.ok(
      blocks.every((b) => /^[0-9a-f-]{36}$/.test(b.blockId)),
      'uuid block ids',
    );

    assert.deepEqual(await rc.clickButton(alice, question, 'fixture_later'), { success: true });
    const edited = rc.world.messageById(question.id);
    assert.equal(edited?.text, 'alice clicked fixture_later (later)');
    assert.deepEqual(edited?.blocks, blocks, 'an edit that does not set blocks keeps them');
    assert.equal(edited?.editor?.id, rc.bot.id);
    assert.ok(edited?.editedAt);

    const seen = payload(rc.lastNotice(alice)?.text);
    assert.deepEqual(seen, {
      keys: ['actionId', 'appId', 'blockId', 'container', 'message', 'room', 'triggerId', 'user', 'value'],
      actionId: 'fixture_later',
      blockId: blocks[1].blockId,
      value: 'later',
      user: 'alice',
      roomId: general.id,
      messageId: question.id,
      container: { type: 'message', id: question.id },
      triggerId: true,
    });
  });

  test('buttons: answering edits the message and removes the buttons', async () => {
    await run('buttons');
    const question = await rc.waitForBotMessage(general, (m) => m.text === 'Open the garage?');
    await rc.clickButton(bob, question, 'fixture_answer');
    const edited = rc.world.messageById(question.id);
    assert.equal(edited?.text, 'bob clicked fixture_answer (yes)');
    assert.deepEqual(edited?.blocks, []);
    assert.match(rc.lastNotice(bob)?.text ?? '', /^clicked \{.*"value":"yes"/);
    assert.deepEqual(rc.hookErrors, []);
  });

  test('a reply posted in a thread is in that thread, and the app reads the thread back', async () => {
    const notice = /^thread (\w+): thread parent \/ thread reply$/.exec(await run('thread'));
    assert.ok(notice, 'the thread reader returns the parent then the reply');
    const parent = rc.world.messageById(notice[1]);
    assert.equal(parent?.text, 'thread parent');
    assert.equal(parent?.threadId, undefined);
    assert.deepEqual(
      rc.threadOf(notice[1]).map((m) => [m.text, m.sender.id]),
      [['thread reply', rc.bot.id]],
    );
  });

  test('a message starting with "ping" gets a "pong" in the same room and thread', async () => {
    await rc.postMessage(alice, general, 'ping');
    const pong = await rc.waitForBotMessage(general, (m) => m.text === 'pong');
    assert.equal(pong.threadId, undefined);
    const parent = await rc.postMessage(alice, general, 'a thread');
    await rc.postMessage(bob, general, 'Ping in a thread', { threadId: parent.id });
    await rc.waitFor(() => rc.threadOf(parent).find((m) => m.text === 'pong'), {
      what: 'a pong in the thread',
    });
  });

  test("the bot's own ping gets no answer: the hook runs for app messages, and the guard holds", async () => {
    const pongs = () => rc.botMessagesIn(general).filter((m) => m.text === 'pong').length;
    const declined = () =>
      rc
        .logLines()
        .filter((l) => /'checkPostMessageSent' was successfully called! The result is: false$/.test(l))
        .length;
    await rc.settled();
    const [pongsBefore, declinedBefore] = [pongs(), declined()];
    await run('say ping from the bot');
    await rc.settled();
    assert.ok(rc.botMessagesIn(general).some((m) => m.text === 'ping from the bot'));
    assert.equal(declined(), declinedBefore + 1, 'the hook ran for the bot message and declined it');
    assert.equal(pongs(), pongsBefore);
  });

  test('a hook that throws is swallowed by the engine; rc.hookErrors reports it', async (t) => {
    const printed = t.mock.method(console, 'error', () => undefined);
    await rc.postMessage(alice, general, 'boom');
    await rc.settled();
    assert.deepEqual(rc.hookErrors, ['app:executePostMessageSent: Internal error']);
    // How the server prints it differs by engine (1.59: a label and the JSON-RPC error; 1.62: its own form),
    // the app's own message is in it either way.
    const printedText = JSON.stringify(
      printed.mock.calls.map((call) => call.arguments),
      (_key, value: unknown) => (value instanceof Error ? { ...value, message: value.message } : value),
    );
    assert.ok(printedText.includes('boom from the fixture hook'), printedText.slice(0, 500));
  });

  test('one-time jobs: each runs when due with its data and the job id scheduling returned', async () => {
    const started = Date.now();
    const first = jobIdIn(await run('schedule 150 first'));
    const second = jobIdIn(await run('schedule 150 second'));
    assert.match(first, JOB_ID);
    assert.match(second, JOB_ID);
    assert.notEqual(first, second, 'two jobs of one processor are two jobs');
    const ran = (label: string) =>
      rc.waitForBotMessage(general, (m) => !!m.text?.startsWith('once ') && jobContext(m).label === label);
    assert.deepEqual(jobContext(await ran('first')), { roomId: general.id, label: 'first', jobId: first });
    assert.ok(Date.now() - started >= 150, 'not before it is due');
    assert.deepEqual(jobContext(await ran('second')), { roomId: general.id, label: 'second', jobId: second });
    assert.equal(rc.bridges.scheduler.jobs.size, 0, 'a one-time job is gone once run');
  });

  test('a one-time job cancelled by its id never runs; the other one does', async () => {
    const keep = jobIdIn(await run('schedule 100 keep'));
    const drop = jobIdIn(await run('schedule 100 drop'));
    assert.equal(await run(`cancel ${drop}`), `cancelled ${drop}`);
    assert.deepEqual([...rc.bridges.scheduler.jobs.keys()], [keep]);
    await rc.waitForBotMessage(
      general,
      (m) => !!m.text?.startsWith('once ') && jobContext(m).label === 'keep',
    );
    await rc.settled();
    assert.ok(!rc.botMessagesIn(general).some((m) => m.text?.includes('"label":"drop"')));
  });

  test('settled() waits for work the app goes on with after it answered', async () => {
    assert.equal(await run('later 30 done later'), 'started');
    await rc.settled();
    assert.ok(rc.botMessagesIn(general).some((m) => m.text === 'done later'));
  });

  test('settled() waits for a job scheduled for now, not for one due later', async () => {
    const once = () => rc.botMessagesIn(general).filter((m) => m.text?.startsWith('once '));
    const before = once().length;
    await run('schedule 0 now');
    await run('schedule 60000 later');
    await rc.settled();
    assert.deepEqual(
      once()
        .slice(before)
        .map((m) => jobContext(m).label),
      ['now'],
    );
    await rc.bridges.scheduler.runNow('fixture-one-time');
    await rc.settled();
  });

  test('a recurring job runs every interval until cancelled', async () => {
    const ticks = () => rc.botMessagesIn(general).filter((m) => m.text?.startsWith('tick '));
    const jobId = jobIdIn(await run('tick 100'));
    assert.match(jobId, JOB_ID);
    await rc.waitFor(() => ticks().length >= 3, { what: 'three ticks' });
    assert.deepEqual(jobContext(ticks()[2]), { roomId: general.id, jobId }, 'the same job each time');
    assert.equal(await run('cancel'), 'cancelled fixture-recurring');
    assert.equal(rc.bridges.scheduler.jobs.size, 0, 'no timer left');
    // A tick already under way when the cancel came may still post: counted once it is done.
    await rc.settled();
    const count = ticks().length;
    await rc.settled();
    assert.equal(ticks().length, count, 'no tick after the cancel');
  });

  test('an upload is stored with its type, posted by the bot as a file message, and read back by the app', async () => {
    const uploaded = payload(await run('upload'));
    assert.equal(uploaded.name, 'fixture.txt');
    assert.equal(uploaded.type, 'text/plain', 'the server works the type out');
    assert.equal(Number(uploaded.size), Buffer.byteLength(UPLOADED_TEXT));
    const stored = rc.world.uploads.get(String(uploaded.id));
    assert.equal(stored?.buffer.toString('utf8'), UPLOADED_TEXT);
    assert.equal(stored?.userId, rc.bot.id);
    const file = rc.botMessagesIn(general).find((m) => m.file?._id === uploaded.id);
    assert.equal(file?.text, '');
    assert.equal(
      await run(`readupload ${uploaded.id}`),
      `read ${JSON.stringify({ name: 'fixture.txt', roomId: general.id, text: UPLOADED_TEXT })}`,
    );

    const snapshot = payload(await run('upload snapshot.jpg'));
    assert.equal(snapshot.type, 'image/jpeg', 'by the file name first');
    const image = rc.botMessagesIn(general).find((m) => m.file?._id === snapshot.id);
    assert.equal(image?.attachments?.[0]?.imageUrl, `/file-upload/${snapshot.id}/snapshot.jpg`);
  });

  test('IHttp reaches a local server: the app sees its status code', async () => {
    const server = http.createServer((_req, res) => res.writeHead(418).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/teapot`;
    try {
      assert.equal(await run(`fetch ${url}`), `GET ${url} → 418`);
      assert.equal(rc.bridges.http.calls.at(-1)?.status, 418);
    } finally {
      server.close();
    }
  });

  test('the public echo endpoint answers what it got; header names reach the app in lower case', async (t) => {
    t.mock.method(console, 'error', () => undefined);
    const posted = await rc.callEndpoint('echo', {
      method: 'POST' as never,
      headers: { Authorization: 'Bearer 0123456789', 'Content-Type': 'application/json' },
      query: { room: 'general' },
      content: { open: true },
    });
    assert.deepEqual(posted, {
      status: 200,
      headers: { 'content-type': 'application/json' },
      content: { method: 'post', query: { room: 'general' }, content: { open: true }, authorization: true },
    });
    const got = await rc.callEndpoint('echo', {});
    assert.deepEqual(got.content, { method: 'get', query: {}, content: null, authorization: false });
    const put = await rc.callEndpoint('echo', { method: 'put' as never });
    assert.deepEqual(
      put,
      { status: 500, content: "echo's put not exists" },
      'as the server: 500 and the message',
    );
    assert.equal((await rc.callEndpoint('nowhere', {})).status, 404);
  });

  test('a command that throws: the call rejects with the app’s message', async (t) => {
    t.mock.method(console, 'error', () => undefined);
    await assert.rejects(rc.slash(alice, general, 'throw', { command: 'fixture' }), {
      message: 'thrown by /fixture throw',
    });
  });

  test('a restart keeps stored records and scheduled jobs, and re-enables the app', async () => {
    await run('persist door locked');
    const jobId = jobIdIn(await run('schedule 300 after-restart'));
    const bot = rc.bot.id;
    await rc.restart();
    assert.equal(await rc.appStatus(), 'manually_enabled');
    assert.equal(rc.bot.id, bot);
    assert.ok(!rc.botMessagesIn(general).some((m) => m.text?.includes('after-restart')), 'not run during it');
    assert.equal(await run('read door'), 'door = locked');
    assert.equal((await rc.callEndpoint('echo', {})).status, 200);
    const ran = await rc.waitForBotMessage(general, (m) => !!m.text?.includes('"label":"after-restart"'));
    assert.equal(jobContext(ran).jobId, jobId);
    assert.deepEqual(rc.bridges.scheduler.errors, []);
  });
});

describe('the fixture app, installed without the persistence permission', () => {
  let rc: RocketChatHarness;

  before(async () => {
    rc = await RocketChatHarness.start({
      zipPath,
      permissionsGranted: asked.filter((p) => p.name !== 'persistence'),
    });
  });

  after(async () => {
    await rc?.stop();
  });

  test('the engine refuses the write: nothing stored, the app gets null, the server prints why', async (t) => {
    const printed = t.mock.method(console, 'error', () => undefined);
    const alice = rc.addUser('alice');
    const room = rc.addRoom('c', 'general', [alice]);
    assert.equal(await fixture(rc, alice, room, 'persist secret 42'), 'created secret as null');
    assert.equal(await fixture(rc, alice, room, 'read secret'), 'secret is not set');
    assert.equal(rc.world.persistence.size, 0);
    const denials = printed.mock.calls.map((c) => String(c.arguments[0]));
    assert.equal(denials.length, 3, 'one line per refused call: persist reads then creates; read reads');
    for (const line of denials) assert.match(line, /lacks the following permissions:\n\["persistence"\]/);
  });
});
