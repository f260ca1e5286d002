import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { IApiRequest } from '@rocket.chat/apps-engine/definition/api';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { RocketChatHarness } from '../../devkit/harness/RocketChatHarness';
import { askOnlyElements } from '../../devkit/simulator';
import type { JeedomSimulator } from '../../devkit/simulator';
import { addHousehold, cameraKeys, House, roomCmd, startHouse, stopHouse } from './house';

let house: House;
let rc: RocketChatHarness;
let sim: JeedomSimulator;
let admin: IUser;
let alice: IUser;
let bob: IUser;
let garage: IRoom;
let audit: IRoom;

before(async () => {
  house = await startHouse();
  ({ rc, sim } = house);
  sim.state.askPollMs = 100;
  sim.state.interactions.push({ phrases: ['allume la lumière'], reply: 'Lumière allumée' });
  sim.addCamera({ name: 'Entrée' });
  ({ admin, alice, bob, room: garage } = addHousehold(rc, 'garage', ['bob']));
  audit = rc.addRoom('p', 'house-log', [admin]);
  await rc.setSetting('public_url', rc.siteUrl);
  await rc.setSetting('audit_room', 'house-log');
});

after(() => stopHouse(house, cameraKeys(sim)));

const lines = () => rc.botMessagesIn(audit).map((m) => m.text ?? '');
/** The audit room's lines since a mark, with the mention-silencing joiners taken out for reading. */
const since = (mark: number) =>
  lines()
    .slice(mark)
    .map((l) => l.replace(/\u2060/g, ''));

describe('audit lines, one per event, naming people by username', () => {
  test('link changes say who changed whom', async () => {
    const mark = lines().length;
    await rc.slash(admin, garage, 'map @alice marie');
    await rc.slash(admin, garage, 'allow @alice off');
    await rc.slash(admin, garage, 'allow @alice on');
    await rc.slash(admin, garage, 'map @bob leo');
    await rc.slash(admin, garage, 'unmap @bob');
    assert.deepEqual(since(mark), [
      '@house-admin linked @alice to the Jeedom user “marie”',
      '@house-admin turned interactions off for @alice',
      '@house-admin turned interactions on for @alice',
      '@house-admin linked @bob to the Jeedom user “leo”',
      '@house-admin unlinked @bob (Jeedom user “leo”)',
    ]);
  });

  test('mentions in a line notify nobody', () => {
    const line = lines().find((l) => l.includes('linked'));
    assert.match(line ?? '', /@\u2060house-admin/);
  });

  test('a sync that changed something, and not one that changed nothing', async () => {
    const mark = lines().length;
    await rc.slash(admin, garage, 'sync');
    await rc.slash(admin, garage, 'sync');
    assert.deepEqual(since(mark), ['A sync changed Jeedom: 2 created, 0 updated, 0 disabled, 0 failed']);
  });

  test('an interaction: who, the cleaned phrase, the outcome kind — never the reply', async () => {
    const mark = lines().length;
    await rc.postMessage(alice, rc.directWithBot(alice), 'allume la lumière #12#');
    await rc.settled();
    assert.deepEqual(since(mark), ['@alice ran an interaction “allume la lumière ＃12＃” → reply']);
    assert.doesNotMatch(lines().join('\n'), /Lumière allumée/);
    sim.setFault({ kind: 'down' });
    await rc.slash(alice, garage, 'allume la lumière');
    sim.setFault(null);
    assert.match(
      since(mark).at(-1) ?? '',
      /@alice ran an interaction “allume la lumière” → failed:unreachable/,
    );
  });

  test('/jeedom run and /jeedom snap: who, what, outcome', async () => {
    const mark = lines().length;
    await rc.slash(alice, garage, 'run 999999');
    await rc.slash(alice, garage, 'snap Entrée');
    await rc.settled();
    assert.deepEqual(since(mark), [
      '@alice ran the command “999999” → failed:not_found',
      '@alice asked for a snapshot of “Entrée” → ok',
    ]);
  });

  test('/jeedom snap of a camera that does not exist names the cameras that do', async () => {
    sim.addCamera({ name: 'Allée' });
    await rc.slash(alice, garage, 'snap garage-cam');
    assert.equal(
      rc.lastNotice(alice)?.text,
      'Jeedom has no camera “garage-cam”. Its cameras: Allée, Entrée.',
    );
    assert.match(since(lines().length - 1)[0] ?? '', /snapshot of “garage-cam” → failed:not_found/);
  });

  test('an ask answered: who, which answer, which question', async () => {
    const send = roomCmd(sim, garage, 'send');
    const elements = askOnlyElements({
      question: 'Fermer le garage ?',
      answer: 'oui;non',
      variable: 'rep',
      timeout: 30,
      cmdId: send.id,
    });
    const run = sim.runScenario(sim.addScenario({ name: 'Garage', elements } as never));
    const question = await rc.waitFor(
      () => rc.botMessagesIn(garage).find((m) => m.text === 'Fermer le garage ?' && m.blocks?.length),
      { what: 'the question', timeoutMs: 8000 },
    );
    const mark = lines().length;
    await rc.clickButton(alice, question, 'jeedom-ask');
    await run;
    assert.deepEqual(since(mark), ['@alice answered “oui” to “Fermer le garage ?”']);
  });

  test('a link request and its decision', async () => {
    const mark = lines().length;
    await rc.slash(bob, garage, 'link leo');
    const card = rc.botMessagesIn(audit).find((m) => /asks to be linked/.test(m.text ?? ''));
    assert.ok(card, 'the card went to the audit room');
    await rc.clickButton(admin, card, 'jeedom-link-deny');
    assert.deepEqual(
      since(mark).filter((l) => !/asks to be linked|^[✓✗⌛]/.test(l)),
      [
        '@bob asked to be linked to the Jeedom user “leo”',
        "@house-admin denied @bob's request for the Jeedom user “leo”",
      ],
    );
  });

  test('refused endpoint calls: counted by room, one summary line for the minute', async () => {
    const mark = lines().length;
    const bad = { authorization: `Basic ${Buffer.from('jeedom:wrong').toString('base64')}` };
    for (let i = 0; i < 3; i++)
      await rc.callEndpoint('jeedom', {
        method: 'get',
        query: { room: garage.id, message: 'x' },
        headers: bad,
      } as Partial<IApiRequest>);
    await rc.callEndpoint('jeedom', {
      method: 'get',
      query: { room: 'nope<b>', message: 'x' },
      headers: bad,
    } as Partial<IApiRequest>);
    assert.deepEqual(since(mark), [], 'nothing posted per call');
    await rc.runJob('jeedom-audit-refused');
    assert.deepEqual(since(mark), [
      `Refused calls to the app's endpoint in the last minute: room ${garage.id}: 3 bad credentials, 0 throttled · room nopeb: 1 bad credentials, 0 throttled`,
    ]);
  });
});

describe('/jeedom audit', () => {
  test('admins only', async () => {
    await rc.slash(bob, garage, 'audit');
    assert.match(rc.lastNotice(bob)?.text ?? '', /Only a Rocket\.Chat administrator/);
  });

  test('the last n events, oldest first, with their time', async () => {
    await rc.slash(admin, garage, 'audit 2');
    const text = rc.lastNotice(admin)?.text ?? '';
    const shown = text.split('\n');
    assert.equal(shown[0], '*The last 2 audited events*');
    assert.match(shown[1], /^`\d{4}-\d\d-\d\d \d\d:\d\d:\d\d` @\u2060house-admin denied/);
    assert.match(shown[2], /Refused calls/);
    for (let i = 0; i < 4; i++) {
      await rc.slash(admin, garage, 'allow @alice off');
      await rc.slash(admin, garage, 'allow @alice on');
    }
    await rc.slash(admin, garage, 'audit');
    assert.equal(rc.lastNotice(admin)?.text.split('\n').length, 21, '20 by default');
    await rc.slash(admin, garage, 'audit zero');
    assert.match(rc.lastNotice(admin)?.text ?? '', /Usage: `\/jeedom audit`/);
  });

  test('kept when no room is set, and the bot posts nowhere it is not a member', async () => {
    const outside = rc.addRoom('c', 'not-for-bot', [admin], false);
    await rc.setSetting('audit_room', 'not-for-bot');
    await rc.slash(admin, garage, 'allow @alice off');
    await rc.setSetting('audit_room', '');
    await rc.slash(admin, garage, 'allow @alice on');
    assert.equal(rc.messagesIn(outside).length, 0);
    await rc.slash(admin, garage, 'audit 2');
    assert.match(
      rc.lastNotice(admin)?.text ?? '',
      /turned interactions off for @\u2060alice\n.*turned interactions on/,
    );
  });
});

test('the engine reported no hook error', () => {
  assert.deepEqual(rc.hookErrors, []);
});
