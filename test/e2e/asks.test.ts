import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
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
let garage: IRoom;
let kitchen: IRoom;

const cmdId = (room: IRoom, logicalId: string) => roomCmd(sim, room, logicalId).id;

function askScenario(
  name: string,
  cmd: number,
  question: string,
  answer: string,
  variable: string,
  timeout = 30,
): number {
  const elements = askOnlyElements({ question, answer, variable, timeout, cmdId: cmd });
  return sim.addScenario({ name, elements } as never);
}

/** Runs the scenario and waits until its question is in the room with buttons. */
async function ask(scenario: number, room: IRoom, question: string) {
  const run = sim.runScenario(scenario);
  const message = await rc.waitFor(
    () =>
      rc
        .botMessagesIn(room)
        // A person's `user:` command keeps its mention in front of the question.
        .find(
          (m) =>
            (m.text === question || /^@\S+ /.test(m.text ?? '')) &&
            (m.text ?? '').endsWith(question) &&
            Array.isArray(m.blocks) &&
            m.blocks.length > 0,
        ),
    { what: `the question “${question}” with buttons`, timeoutMs: 8000 },
  );
  return { run, message };
}

const current = (message: StoredMessage) => rc.world.messageById(message.id) as StoredMessage;

before(async () => {
  house = await startHouse();
  ({ rc, sim } = house);
  sim.state.askPollMs = 100;
  ({ admin, alice, bob, room: garage } = addHousehold(rc, 'garage', ['bob']));
  kitchen = rc.addRoom('c', 'kitchen', [admin, alice]);
  await rc.setSetting('public_url', rc.siteUrl);
  await rc.slash(admin, garage, 'map @alice marie');
  await rc.slash(admin, garage, 'sync');
});

after(() => stopHouse(house));

describe('a scenario asks in chat', () => {
  test('the question gets one button per answer; an allowed click reaches the scenario and closes the question', async () => {
    const scenario = askScenario(
      'Garage',
      cmdId(garage, 'send'),
      'Fermer le garage ?',
      'oui;non',
      'rep_garage',
    );
    const { run, message } = await ask(scenario, garage, 'Fermer le garage ?');
    const labels = JSON.stringify(message.blocks);
    assert.match(labels, /"oui"/);
    assert.match(labels, /"non"/);
    await rc.clickButton(alice, message, 'jeedom-ask');
    const outcome = await run.done;
    assert.equal(outcome.answer, 'oui');
    assert.equal(outcome.timedOut, false);
    const edited = current(message);
    assert.equal(edited.text, 'Fermer le garage ?\n✓ Answered: oui — by @alice');
    assert.deepEqual(edited.blocks, []);
  });

  test("a stranger's click is refused privately and nothing reaches Jeedom; a second answer is refused", async () => {
    const scenario = askScenario('Porte', cmdId(garage, 'send'), 'Ouvrir la porte ?', 'oui;non', 'rep_porte');
    const { run, message } = await ask(scenario, garage, 'Ouvrir la porte ?');
    sim.clearCalls();
    await rc.clickButton(bob, message, 'jeedom-ask');
    assert.match(rc.lastNotice(bob)?.text ?? '', /not allowed to answer/);
    assert.equal(sim.callCount('datastore::save'), 0);
    await rc.slash(admin, garage, 'status');
    assert.match(rc.lastNotice(admin)?.text ?? '', /Questions waiting for an answer: 1/);
    const blocks = JSON.stringify(current(message).blocks);
    const nonValue = /"value":"([^"]+\|1)"/.exec(blocks)?.[1];
    await rc.clickButton(alice, message, 'jeedom-ask', nonValue);
    assert.equal((await run.done).answer, 'non');
    await rc.clickButton(alice, message, 'jeedom-ask', nonValue);
    assert.match(rc.lastNotice(alice)?.text ?? '', /already answered/);
  });

  test('a text reply in the thread answers (listed spelling kept); a wrong one gets the list of answers', async () => {
    const scenario = askScenario(
      'Chauffage',
      cmdId(garage, 'send'),
      'Chauffage ?',
      'Oui;Non',
      'rep_chauffage',
    );
    const { run, message } = await ask(scenario, garage, 'Chauffage ?');
    await rc.postMessage(alice, garage, 'peut-être', { threadId: message.id });
    const notice = await rc.waitForNotice(alice, (n) => /is not one of the answers: Oui, Non/.test(n.text));
    assert.ok(notice);
    await rc.postMessage(alice, garage, 'OUI', { threadId: message.id });
    assert.equal((await run.done).answer, 'Oui');
  });

  test('two answers at the same instant: exactly one reaches Jeedom, the other is told it was answered', async () => {
    await rc.slash(admin, garage, 'map @house-admin admin');
    const scenario = askScenario('Double', cmdId(garage, 'send'), 'Couper l’eau ?', 'oui;non', 'rep_eau');
    const { run, message } = await ask(scenario, garage, 'Couper l’eau ?');
    sim.clearCalls();
    const noValue = /"value":"([^"]+\|1)"/.exec(JSON.stringify(current(message).blocks))?.[1];
    await Promise.all([
      rc.clickButton(alice, message, 'jeedom-ask'),
      rc.clickButton(admin, message, 'jeedom-ask', noValue),
    ]);
    const outcome = await run.done;
    assert.equal(sim.callCount('datastore::save'), 1, 'one answer written');
    const winner = outcome.answer === 'oui' ? alice : admin;
    const loser = winner === alice ? admin : alice;
    assert.match(
      current(message).text ?? '',
      new RegExp(`Answered: ${outcome.answer} — by @${winner.username}`),
    );
    assert.match(rc.lastNotice(loser)?.text ?? '', /already answered/);
  });

  test('free text is accepted when the answers include *', async () => {
    const scenario = askScenario(
      'Message',
      cmdId(garage, 'send'),
      'Un mot pour la famille ?',
      'rien;*',
      'rep_mot',
    );
    const { run, message } = await ask(scenario, garage, 'Un mot pour la famille ?');
    await rc.postMessage(alice, garage, 'À table !', { threadId: message.id });
    assert.equal((await run.done).answer, 'À table !');
  });

  test('at the timeout the question says it expired and loses its buttons', async () => {
    const scenario = askScenario(
      'Volets',
      cmdId(garage, 'send'),
      'Fermer les volets ?',
      'oui;non',
      'rep_volets',
      1,
    );
    const { run, message } = await ask(scenario, garage, 'Fermer les volets ?');
    const outcome = await run.done;
    assert.equal(outcome.timedOut, true);
    await rc.waitFor(() => current(message).text === 'Fermer les volets ?\n⌛ Expired: no answer in time', {
      what: 'the expired question',
      timeoutMs: 5000,
    });
    assert.deepEqual(current(message).blocks, []);
  });

  test('an app restart in the middle keeps the ask answerable', async () => {
    // 300 polls (30 s here) rather than 30 (3 s): the restart and the click must fit in the question's life
    // even on a loaded machine; an answered question ends the scenario's wait at once.
    const scenario = askScenario(
      'Alarme',
      cmdId(garage, 'send'),
      "Activer l'alarme ?",
      'oui;non',
      'rep_alarme',
      300,
    );
    const { run, message } = await ask(scenario, garage, "Activer l'alarme ?");
    await rc.restart();
    await rc.clickButton(alice, message, 'jeedom-ask');
    assert.equal((await run.done).answer, 'oui');
  });

  test('two asks at once, in two rooms, do not mix', async () => {
    await rc.slash(admin, kitchen, 'sync');
    const a = askScenario('Four', cmdId(kitchen, 'send'), 'Éteindre le four ?', 'oui;non', 'rep_four');
    const b = askScenario(
      'Lumière',
      cmdId(garage, 'send'),
      'Éteindre la lumière ?',
      'oui;non',
      'rep_lumiere',
    );
    const first = await ask(a, kitchen, 'Éteindre le four ?');
    const second = await ask(b, garage, 'Éteindre la lumière ?');
    const noOf = (m: StoredMessage) => /"value":"([^"]+\|1)"/.exec(JSON.stringify(current(m).blocks))?.[1];
    await rc.clickButton(alice, second.message, 'jeedom-ask', noOf(second.message));
    await rc.clickButton(alice, first.message, 'jeedom-ask');
    assert.equal((await first.run.done).answer, 'oui');
    assert.equal((await second.run.done).answer, 'non');
  });

  test('two asks at once in the same room each get their own answer, by button and in their thread', async () => {
    const a = askScenario(
      'Arrosage',
      cmdId(garage, 'send'),
      'Arroser le jardin ?',
      'oui;non',
      'rep_arrosage',
    );
    const b = askScenario(
      'Portail',
      cmdId(garage, 'send'),
      'Fermer le portail ?',
      'oui;non;plus tard',
      'rep_portail',
    );
    const first = await ask(a, garage, 'Arroser le jardin ?');
    const second = await ask(b, garage, 'Fermer le portail ?');
    assert.notEqual(first.message.id, second.message.id);
    await rc.postMessage(alice, garage, 'plus tard', { threadId: second.message.id });
    await rc.clickButton(alice, first.message, 'jeedom-ask');
    assert.equal((await first.run.done).answer, 'oui');
    assert.equal((await second.run.done).answer, 'plus tard');
    assert.equal(sim.variable('rep_arrosage'), 'oui');
    assert.equal(sim.variable('rep_portail'), 'plus tard');
  });

  test('for a user: command only the mentioned person may answer', async () => {
    await rc.postMessage(bob, garage, 'hello');
    await rc.waitFor(() => sim.equipment.allCmdRows().find((c) => c.logicalId === `user:${bob.id}`), {
      what: '@bob',
    });
    const scenario = askScenario(
      'Bob',
      cmdId(garage, `user:${bob.id}`),
      'Bob, le chien est sorti ?',
      'oui;non',
      'rep_bob',
    );
    const run = sim.runScenario(scenario);
    const message = await rc.waitFor(
      () =>
        rc
          .botMessagesIn(garage)
          .find(
            (m) =>
              m.text === '@bob Bob, le chien est sorti ?' && Array.isArray(m.blocks) && m.blocks.length > 0,
          ),
      { what: 'the question to bob', timeoutMs: 8000 },
    );
    await rc.clickButton(alice, message, 'jeedom-ask');
    assert.match(rc.lastNotice(alice)?.text ?? '', /not allowed to answer/);
    // The mentioned person too must be linked to Jeedom with interactions on: deny by default.
    await rc.clickButton(bob, message, 'jeedom-ask');
    assert.match(rc.lastNotice(bob)?.text ?? '', /not allowed to answer/);
    await rc.slash(admin, garage, 'map @bob marie');
    await rc.clickButton(bob, message, 'jeedom-ask');
    assert.equal((await run.done).answer, 'oui');
    await rc.slash(admin, garage, 'unmap @bob');
  });

  test('a message with title = message and no waiting scenario stays an ordinary message', async () => {
    await sim.executeCommand(cmdId(garage, 'send'), { title: 'Bonjour', message: 'Bonjour' });
    const plain = await rc.waitForBotMessage(garage, (m) => m.text === 'Bonjour');
    // The endpoint looks for a waiting scenario after it answered Jeedom: once that is done, still no buttons.
    await rc.settled();
    assert.ok(!current(plain).blocks?.length);
  });
});

describe('answering in the direct messages with the bot', () => {
  const interactCalls = () => sim.callCount('interact::tryToReply');
  const dmReply = (user: IUser, predicate: (text: string) => boolean) =>
    rc.waitForBotMessage(rc.directWithBot(user), (m) => predicate(m.text ?? ''));

  test('the person a user: question mentions answers it from the DM; nothing goes to the interactions', async () => {
    const scenario = askScenario(
      'Bob DM',
      cmdId(garage, `user:${bob.id}`),
      'Bob, as-tu fermé la porte ?',
      'oui;non',
      'rep_bob_dm',
    );
    await rc.slash(admin, garage, 'map @bob marie');
    const { run, message } = await ask(scenario, garage, 'Bob, as-tu fermé la porte ?');
    sim.clearCalls();
    await rc.postMessage(bob, rc.directWithBot(bob), 'NON');
    assert.equal((await run.done).answer, 'non');
    await dmReply(bob, (text) => text === '✓ Sent to Jeedom: “non” for “Bob, as-tu fermé la porte ?”.');
    assert.equal(current(message).text, 'Bob, as-tu fermé la porte ?\n✓ Answered: non — by @bob');
    assert.equal(interactCalls(), 0);
    await rc.slash(admin, garage, 'unmap @bob');
  });

  test("a channel's question is answered from the DM by a linked member of that channel", async () => {
    const scenario = askScenario(
      'Alarme',
      cmdId(kitchen, 'send'),
      'Activer l’alarme ?',
      'oui;non',
      'rep_alarme',
    );
    const { run } = await ask(scenario, kitchen, 'Activer l’alarme ?');
    await rc.postMessage(alice, rc.directWithBot(alice), 'oui');
    assert.equal((await run.done).answer, 'oui');
    await dmReply(alice, (text) => text.includes('“oui” for “Activer l’alarme ?”'));
  });

  test('someone who may not answer, or a word that is not an answer, stays an interaction', async () => {
    const scenario = askScenario(
      'Volets',
      cmdId(kitchen, 'send'),
      'Fermer les volets ?',
      'oui;non',
      'rep_volets',
    );
    const { run, message } = await ask(scenario, kitchen, 'Fermer les volets ?');
    sim.clearCalls();
    // bob is not in the kitchen (and not linked): his "oui" is not an answer to the kitchen's question.
    await rc.postMessage(bob, rc.directWithBot(bob), 'oui');
    await dmReply(bob, (text) => /not linked to a Jeedom user/.test(text));
    // alice may answer, but "peut-être" is not one of the answers: Jeedom's interactions get it.
    await rc.postMessage(alice, rc.directWithBot(alice), 'peut-être');
    await rc.waitFor(() => interactCalls() === 1, { what: 'the interaction' });
    assert.equal(sim.callCount('datastore::save'), 0);
    assert.ok(current(message).blocks?.length, 'the question still waits');
    await rc.clickButton(alice, message, 'jeedom-ask');
    assert.equal((await run.done).answer, 'oui');
  });

  test('when two waiting questions take the same answer, the DM asks to use the buttons and answers neither', async () => {
    const first = askScenario('Q1', cmdId(garage, 'send'), 'Allumer le porche ?', 'oui;non', 'rep_q1');
    const second = askScenario(
      'Q2',
      cmdId(kitchen, 'send'),
      'Lancer le lave-vaisselle ?',
      'oui;non',
      'rep_q2',
    );
    const one = await ask(first, garage, 'Allumer le porche ?');
    const two = await ask(second, kitchen, 'Lancer le lave-vaisselle ?');
    sim.clearCalls();
    await rc.postMessage(alice, rc.directWithBot(alice), 'oui');
    await dmReply(alice, (text) => /Several questions are waiting for “oui”/.test(text));
    assert.equal(sim.callCount('datastore::save'), 0);
    await rc.clickButton(alice, one.message, 'jeedom-ask');
    await rc.clickButton(alice, two.message, 'jeedom-ask');
    assert.equal((await one.run.done).answer, 'oui');
    assert.equal((await two.run.done).answer, 'oui');
  });
});
