import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { blocksText, type RocketChatHarness } from '../../devkit/harness/RocketChatHarness';
import type { StoredMessage } from '../../devkit/harness/world';
import { INTERACT_NOT_ALLOWED, NOT_UNDERSTOOD } from '../../devkit/simulator';
import type { JeedomSimulator } from '../../devkit/simulator';
import { House, startHouse, stopHouse } from './house';

let rc: RocketChatHarness;
let sim: JeedomSimulator;
let admin: IUser;
let alice: IUser;
let bob: IUser;
let carol: IUser;
let general: IUser['id'];
let channel: IRoom;
let group: IRoom;

const LIGHT = 'allume la lumière du salon';
const LIGHT_REPLY = 'La lumière du salon est allumée';

let house: House;

before(async () => {
  house = await startHouse();
  ({ rc, sim } = house);
  sim.state.interactions.push(
    { phrases: [LIGHT], reply: LIGHT_REPLY },
    { phrases: ['ouvre le garage'], reply: 'Garage ouvert', persons: ['admin'] },
    { phrases: ['qui suis-je'], reply: 'Vous êtes #profile#' },
  );
  admin = rc.addUser('rc-admin-jo', { admin: true });
  alice = rc.addUser('alice');
  bob = rc.addUser('bob');
  carol = rc.addUser('carol', { language: 'fr' });
  channel = rc.addRoom('c', 'home', [admin, alice, bob, carol]);
  group = rc.addRoom('p', 'family', [admin, alice, carol]);
  general = channel.id;
  await rc.setSetting('jeedom_timeout', 2);
  await rc.slash(admin, channel, 'map @alice marie');
  await rc.slash(admin, channel, 'map @carol admin');
});

after(() => stopHouse(house));

beforeEach(async () => {
  sim.setFault(null);
  sim.clearCalls();
  await rc.setSetting('require_mention', true);
});

const interactCalls = () => sim.calls.filter((c) => c.method === 'interact::tryToReply');

/** A message that must be ignored, proven by a later one that is answered: hooks run in order of arrival. */
async function assertIgnored(send: () => Promise<unknown>): Promise<void> {
  const before = rc.world.messages.length;
  await send();
  const dm = rc.directWithBot(alice);
  const sentinel = await rc.postMessage(alice, dm, LIGHT);
  await rc.waitForBotMessage(dm, (m) => m.createdAt! >= sentinel.createdAt! && m.text === LIGHT_REPLY);
  await rc.settled();
  // (A message the test itself posts as the bot is not a reply.)
  const botReplies = rc.world.messages
    .slice(before)
    .filter((m) => m.sender.id === rc.bot.id && !m.text?.startsWith('@jeedom.bot'));
  assert.deepEqual(
    botReplies.map((m) => m.text),
    [LIGHT_REPLY],
    'only the sentinel was answered',
  );
  assert.equal(interactCalls().length, 1, 'only the sentinel reached Jeedom');
}

async function replyTo(message: StoredMessage, room: IRoom): Promise<StoredMessage> {
  return rc.waitForBotMessage(room, (m) => m.createdAt! >= message.createdAt! && m.id !== message.id);
}

describe('who the bot listens to', () => {
  test("a DM runs the interaction with the sender's Jeedom login as profile", async () => {
    const dm = rc.directWithBot(alice);
    const message = await rc.postMessage(alice, dm, LIGHT);
    const reply = await replyTo(message, dm);
    assert.equal(reply.text, LIGHT_REPLY);
    assert.equal(reply.threadId, undefined);
    assert.deepEqual(
      interactCalls().map((c) => c.params),
      [{ query: LIGHT, profile: 'marie' }],
    );
  });

  test('a DM whose member lists the server left empty is still answered (membership asked instead)', async () => {
    const dm = rc.world.addRoom('d', 'alice-bot-bare', alice, [rc.bot.id]);
    Object.assign(dm, { userIds: [], usernames: [] });
    const message = await rc.postMessage(alice, dm, LIGHT);
    assert.equal((await replyTo(message, dm)).text, LIGHT_REPLY);
  });

  test('a mention in a channel runs the interaction, mention stripped, and the reply names the sender', async () => {
    const message = await rc.postMessage(alice, channel, `@jeedom.bot ${LIGHT}`);
    const reply = await replyTo(message, channel);
    assert.equal(reply.text, `@alice ${LIGHT_REPLY}`);
    assert.equal(interactCalls()[0].params.query, LIGHT);
  });

  test('a mention in the middle of the sentence, in a private group, works too', async () => {
    const message = await rc.postMessage(alice, group, `qui suis-je @jeedom.bot ?`.replace(' ?', ''));
    assert.equal((await replyTo(message, group)).text, '@alice Vous êtes marie');
  });

  test('a channel message without the mention is ignored and costs no Jeedom call', async () => {
    await assertIgnored(() => rc.postMessage(alice, channel, LIGHT));
  });

  test('with require_mention off, channel messages run without the mention', async () => {
    await rc.setSetting('require_mention', false);
    const message = await rc.postMessage(alice, channel, LIGHT);
    assert.equal((await replyTo(message, channel)).text, `@alice ${LIGHT_REPLY}`);
  });

  test('with require_mention off, a channel the bot is not in is ignored', async () => {
    await rc.setSetting('require_mention', false);
    const elsewhere = rc.addRoom('c', 'no-bot-here', [alice], false);
    await assertIgnored(() => rc.postMessage(alice, elsewhere, LIGHT));
  });

  test("the bot's own messages, other bots, system messages and edits are never acted on", async () => {
    const otherBot = rc.world.addUser('weather.bot', { roles: ['bot'], type: 'bot' });
    rc.world.join(channel.id, otherBot.id);
    await assertIgnored(async () => {
      await rc.postMessage(otherBot, channel, `@jeedom.bot ${LIGHT}`);
      await rc.postMessage(rc.bot, channel, `@jeedom.bot ${LIGHT}`);
      await rc.postMessage(alice, channel, `@jeedom.bot ${LIGHT}`, { type: 'uj' });
      await rc.postMessage(alice, channel, `@jeedom.bot ${LIGHT}`, { editedAt: new Date() });
    });
  });

  test('a message in a thread gets its reply in that thread', async () => {
    const parent = await rc.postMessage(bob, channel, 'the lights?');
    const message = await rc.postMessage(alice, channel, `@jeedom.bot ${LIGHT}`, { threadId: parent.id });
    const reply = await replyTo(message, channel);
    assert.equal(reply.threadId, parent.id);
  });
});

describe('deny by default', () => {
  test('an unmapped person gets a short explanation in the DM, and nothing reaches Jeedom', async () => {
    const dm = rc.directWithBot(bob);
    const message = await rc.postMessage(bob, dm, LIGHT);
    const reply = await replyTo(message, dm);
    assert.match(reply.text ?? '', /not linked to a Jeedom user yet.*\/jeedom map @bob/);
    assert.equal(interactCalls().length, 0);
  });

  test('an unmapped person mentioning the bot in a channel is told privately', async () => {
    const notices = rc.noticesFor(bob).length;
    await assertIgnored(() => rc.postMessage(bob, channel, `@jeedom.bot ${LIGHT}`));
    const notice = await rc.waitFor(() => rc.noticesFor(bob)[notices]);
    assert.match(notice.text, /not linked to a Jeedom user yet/);
    assert.equal(notice.roomId, channel.id);
  });

  test('a person whose interactions are off is told so, in their language, and nothing reaches Jeedom', async () => {
    await rc.slash(admin, channel, 'allow @carol off');
    try {
      const dm = rc.directWithBot(carol);
      const message = await rc.postMessage(carol, dm, LIGHT);
      assert.match(
        (await replyTo(message, dm)).text ?? '',
        /les interactions sont coupées pour votre compte/,
      );
      assert.equal(interactCalls().length, 0);
    } finally {
      await rc.slash(admin, channel, 'allow @carol on');
    }
  });

  test("Jeedom's own refusal (the interaction's persons) is shown as Jeedom said it", async () => {
    const dm = rc.directWithBot(alice);
    const message = await rc.postMessage(alice, dm, 'ouvre le garage');
    assert.equal((await replyTo(message, dm)).text, INTERACT_NOT_ALLOWED);
  });

  test('the same interaction is allowed for a person Jeedom lists', async () => {
    const dm = rc.directWithBot(carol);
    const message = await rc.postMessage(carol, dm, 'ouvre le garage');
    assert.equal((await replyTo(message, dm)).text, 'Garage ouvert');
  });

  test("a phrase Jeedom does not understand gets Jeedom's answer", async () => {
    const dm = rc.directWithBot(alice);
    const message = await rc.postMessage(alice, dm, 'fais le café');
    assert.equal((await replyTo(message, dm)).text, NOT_UNDERSTOOD);
  });
});

describe('text hygiene', () => {
  test('#123# and #[Object][Equipment][Command]# patterns never reach Jeedom', async () => {
    const dm = rc.directWithBot(alice);
    const message = await rc.postMessage(alice, dm, 'donne #12# et #[Salon][Lampe][Etat]# et #profile#');
    await replyTo(message, dm);
    const query = String(interactCalls()[0].params.query);
    assert.ok(!query.includes('#'), query);
    assert.equal(query, 'donne ＃12＃ et ＃[Salon][Lampe][Etat]＃ et ＃profile＃');
  });

  test('control and invisible characters are dropped', async () => {
    const dm = rc.directWithBot(alice);
    const message = await rc.postMessage(alice, dm, `allume\u0000 la\u200b lumière\n du\u202e salon\u0007`);
    assert.equal((await replyTo(message, dm)).text, LIGHT_REPLY);
    assert.equal(interactCalls()[0].params.query, LIGHT);
  });

  test('a too long message is refused with a clear reason, not cut, and nothing is sent', async () => {
    const dm = rc.directWithBot(alice);
    const message = await rc.postMessage(alice, dm, `${LIGHT} ${'x'.repeat(600)}`);
    assert.match((await replyTo(message, dm)).text ?? '', /too long for Jeedom \(500 characters at most\)/);
    assert.equal(interactCalls().length, 0);
  });

  test('a mention alone asks what to do', async () => {
    const notices = rc.noticesFor(alice).length;
    await rc.postMessage(alice, channel, '@jeedom.bot');
    const notice = await rc.waitFor(() => rc.noticesFor(alice)[notices]);
    assert.match(notice.text, /What should I ask Jeedom/);
  });
});

describe('when the house does not answer well', () => {
  const cases = [
    {
      name: 'down',
      fault: { kind: 'down' as const },
      line: /Jeedom is unreachable at the moment\. Nothing was done\./,
    },
    { name: 'garbage', fault: { kind: 'garbage' as const }, line: /answer the app cannot understand/ },
    { name: 'banned', fault: { kind: 'ban' as const }, line: /bans the address/ },
  ];
  for (const { name, fault, line } of cases) {
    test(`${name}: a clear reply, never silence`, async () => {
      sim.setFault(fault);
      const dm = rc.directWithBot(alice);
      const message = await rc.postMessage(alice, dm, LIGHT);
      assert.match((await replyTo(message, dm)).text ?? '', line);
    });
  }

  test('slow: the reply comes within the timeout plus one second, and the command is not replayed later', async () => {
    await rc.setSetting('jeedom_timeout', 1);
    try {
      sim.setFault({ kind: 'slow', delayMs: 1500, method: 'interact::tryToReply' });
      const dm = rc.directWithBot(alice);
      const message = await rc.postMessage(alice, dm, LIGHT);
      const reply = await replyTo(message, dm);
      const elapsed = reply.createdAt!.getTime() - message.createdAt!.getTime();
      // Jeedom got the phrase and may act on it after the timeout: the reply must not claim nothing was done.
      assert.match(reply.text ?? '', /did not answer within 1 s\. It may still carry out the request/);
      assert.ok(elapsed < 2000, `replied after ${elapsed} ms`);
      sim.setFault(null);
      // Jeedom logs the slow call once it has answered it (after 1.5 s); by then, and once the app is done,
      // a replay would have reached Jeedom too.
      await rc.waitFor(() => interactCalls().length >= 1, { what: 'Jeedom to finish the slow call' });
      await rc.settled();
      assert.equal(interactCalls().length, 1, 'one attempt, no replay');
      assert.equal(rc.botMessagesIn(dm).filter((m) => m.createdAt! >= message.createdAt!).length, 1);
    } finally {
      await rc.setSetting('jeedom_timeout', 2);
    }
  });

  test("a wrong API key: a clear reply, in the person's language", async () => {
    await rc.setSetting('jeedom_api_key', 'not-the-right-key-0123456789');
    try {
      const dm = rc.directWithBot(carol);
      const message = await rc.postMessage(carol, dm, LIGHT);
      assert.match((await replyTo(message, dm)).text ?? '', /Jeedom a refusé la clé API/);
    } finally {
      await rc.setSetting('jeedom_api_key', sim.keys.admin);
    }
  });

  test('not configured: a clear reply and no call', async () => {
    await rc.setSetting('jeedom_url', '');
    try {
      const dm = rc.directWithBot(alice);
      const message = await rc.postMessage(alice, dm, LIGHT);
      assert.match((await replyTo(message, dm)).text ?? '', /not connected to Jeedom yet/);
      assert.equal(sim.callCount(), 0);
    } finally {
      await rc.setSetting('jeedom_url', sim.baseUrl);
    }
  });
});

describe('/jeedom <phrase>', () => {
  test('runs the interaction and posts the answer in the room, with the question', async () => {
    await rc.slash(alice, channel, LIGHT);
    const reply = await rc.waitForBotMessage(channel, (m) => m.text === `@alice: “${LIGHT}”\n${LIGHT_REPLY}`);
    assert.ok(reply);
    assert.equal(interactCalls()[0].params.profile, 'marie');
  });

  test('keeps the thread it was typed in', async () => {
    const parent = await rc.postMessage(bob, channel, 'lights, anyone?');
    await rc.slash(alice, channel, LIGHT, { threadId: parent.id });
    const reply = await rc.waitForBotMessage(channel, (m) => m.threadId === parent.id);
    assert.match(reply.text ?? '', /La lumière du salon est allumée/);
  });

  test('an unmapped person is told privately and nothing is posted or sent', async () => {
    const before = rc.botMessagesIn(channel).length;
    await rc.slash(bob, channel, LIGHT);
    assert.match(rc.lastNotice(bob)?.text ?? '', /not linked to a Jeedom user yet/);
    assert.equal(rc.botMessagesIn(channel).length, before);
    assert.equal(interactCalls().length, 0);
  });

  test('a failure is told privately', async () => {
    sim.setFault({ kind: 'down' });
    await rc.slash(alice, channel, LIGHT);
    assert.match(rc.lastNotice(alice)?.text ?? '', /unreachable/);
  });
});

describe('mapping people to Jeedom users (admins only)', () => {
  test('a non-admin is refused every mapping command, and nothing changes', async () => {
    for (const command of ['users', 'map @bob admin', 'unmap @alice', 'allow @alice off']) {
      await rc.slash(bob, channel, command);
      assert.match(rc.lastNotice(bob)?.text ?? '', /Only a Rocket\.Chat administrator can do that/, command);
    }
    await rc.slash(admin, channel, 'users');
    assert.match(
      blocksText(rc.lastNotice(admin)?.blocks),
      /@alice\* — Jeedom login `marie` — interactions on/,
    );
  });

  test('map checks that the login exists in Jeedom, and keeps only logins from its answer', async () => {
    await rc.slash(admin, channel, 'map @bob nobody');
    const text = rc.lastNotice(admin)?.text ?? '';
    assert.match(
      text,
      /no user with the login “nobody”; nothing was changed\. Jeedom's logins: admin, marie, leo\./,
    );
    await rc.slash(admin, channel, 'users');
    assert.doesNotMatch(blocksText(rc.lastNotice(admin)?.blocks), /@bob/);
  });

  test('map refuses when Jeedom cannot be asked, and nothing is changed', async () => {
    sim.setFault({ kind: 'down' });
    await rc.slash(admin, channel, 'map @bob marie');
    assert.match(
      rc.lastNotice(admin)?.text ?? '',
      /Could not check the Jeedom login, nothing was changed\. .*unreachable/,
    );
  });

  test('map, users, allow, unmap: the full cycle, keyed on the user id', async () => {
    await rc.slash(admin, channel, 'map @bob leo');
    assert.match(rc.lastNotice(admin)?.text ?? '', /@bob is now linked to the Jeedom user “leo”/);
    await rc.slash(admin, channel, 'allow @bob off');
    await rc.slash(admin, channel, 'users');
    const table = blocksText(rc.lastNotice(admin)?.blocks);
    assert.match(table, /People linked to Jeedom users\* \(3\)/);
    assert.match(table, /@bob\* — Jeedom login `leo` — interactions off/);
    const record = [...rc.world.persistence.values()].find((r) => JSON.stringify(r.data).includes('"leo"'));
    assert.ok(
      record?.associations.some((a) => a.id === bob.id),
      'stored under the Rocket.Chat user id',
    );
    await rc.slash(admin, channel, 'unmap @bob');
    assert.match(rc.lastNotice(admin)?.text ?? '', /@bob is no longer linked/);
    await rc.slash(admin, channel, 'unmap @bob');
    assert.match(rc.lastNotice(admin)?.text ?? '', /was not linked/);
  });

  test('usage errors and unknown people are explained', async () => {
    await rc.slash(admin, channel, 'map @bob');
    assert.match(rc.lastNotice(admin)?.text ?? '', /Usage: `\/jeedom map @user <Jeedom login>`/);
    await rc.slash(admin, channel, 'allow @alice maybe');
    assert.match(rc.lastNotice(admin)?.text ?? '', /Usage: `\/jeedom allow @user on`/);
    await rc.slash(admin, channel, 'unmap @ghost');
    assert.match(rc.lastNotice(admin)?.text ?? '', /There is no Rocket\.Chat user @ghost/);
    await rc.slash(admin, channel, 'allow @bob on');
    assert.match(rc.lastNotice(admin)?.text ?? '', /not linked to a Jeedom user yet/);
  });
});

test('the engine reported no hook error', () => {
  assert.deepEqual(rc.hookErrors, []);
  assert.ok(general);
});

test('/jeedom status tells admins how many people are linked and the last Jeedom problem', async () => {
  await rc.slash(admin, channel, 'status');
  const text = rc.lastNotice(admin)?.text ?? '';
  assert.match(text, /People linked: 2/);
  assert.match(
    text,
    /Last Jeedom problem: an interaction, \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \((unreachable|timeout|auth|protocol)\)/,
  );
});
