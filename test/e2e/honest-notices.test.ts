/**
 * Notices that match what happened, Jeedom's own switches, echoes that notify nobody, and the camera's own
 * budget (issue 12, items 6, 7, 8, 11).
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { RocketChatHarness } from '../../devkit/harness/RocketChatHarness';
import { SNAPSHOT_PATH } from '../../devkit/simulator';
import type { JeedomSimulator } from '../../devkit/simulator';
import { addHousehold, addLamp, House, roomCmd, startHouse, stopHouse } from './house';

let house: House;
let rc: RocketChatHarness;
let sim: JeedomSimulator;
let admin: IUser;
let alice: IUser;
let leo: IUser;
let paul: IUser;
let stranger: IUser;
let home: IRoom;
let lampOn: number;
let notify: number;
let checkOk: number;

const LIGHT = 'allume la lumière du salon';
const LIGHT_REPLY = 'La lumière du salon est allumée';

before(async () => {
  house = await startHouse();
  ({ rc, sim } = house);
  sim.state.interactions.push({ phrases: [LIGHT], reply: LIGHT_REPLY });
  let lamp: number;
  ({ lamp, lampOn } = addLamp(sim));
  sim.addCamera({ name: 'Entrée' });
  notify = sim.equipment.addCmd({
    eqLogic_id: lamp,
    name: 'Notifier',
    type: 'action',
    subType: 'message',
    logicalId: 'notify',
    configuration: {
      requestType: 'http',
      request: `${sim.baseUrl}/notify?m=#message#`,
      reponseMustContain: 'ok',
    },
  });
  checkOk = sim.equipment.addCmd({
    eqLogic_id: lamp,
    name: 'Vérifier',
    type: 'action',
    subType: 'other',
    logicalId: 'check',
    configuration: { requestType: 'http', request: `${sim.baseUrl}/notify?m=x`, reponseMustContain: 'ok' },
  });
  sim.addRoute(
    '/notify',
    () => ({ status: 200, body: 'refused', headers: { 'content-type': 'text/plain' } }) as never,
  );
  ({
    admin,
    alice,
    'leo-rc': leo,
    'paul-rc': paul,
    stranger,
    room: home,
  } = addHousehold(rc, 'home', ['leo-rc', 'paul-rc', 'stranger']));
  await rc.setSetting('public_url', rc.siteUrl);
  await rc.slash(admin, home, 'map @alice marie');
  await rc.slash(admin, home, 'map @leo-rc leo');
  await rc.slash(admin, home, 'map @paul-rc marie');
  await rc.slash(admin, home, 'sync');
});

beforeEach(() => {
  sim.setFault(null);
  sim.clearCalls();
});

after(() => stopHouse(house));

describe('notices that match what happened', () => {
  test('an unlinked person mentioning the bot in a channel reads that the interactions were not run for them', async () => {
    const lastMessage = roomCmd(sim, home, 'lastMessage');
    const since = rc.noticesFor(stranger).length;
    await rc.postMessage(stranger, home, `@jeedom.bot ${LIGHT}`);
    const notice = await rc.waitFor(() => rc.noticesFor(stranger)[since], { what: 'the notice' });
    assert.match(
      notice.text,
      /^Jeedom's interactions were not run for you: your Rocket\.Chat account is not linked/,
    );
    assert.doesNotMatch(notice.text, /Nothing was sent/);
    assert.equal(sim.callCount('interact::tryToReply'), 0);
    // What the notice does not deny: the message went to Jeedom as the channel's last message.
    await rc.waitFor(() => sim.equipment.cmdValue(lastMessage.id) === `@jeedom.bot ${LIGHT}`, {
      what: 'lastMessage',
    });
  });

  test('in a DM, where nothing reaches the infos, "nothing was sent" stays true', async () => {
    const dm = rc.directWithBot(stranger);
    const message = await rc.postMessage(stranger, dm, LIGHT);
    const reply = await rc.waitForBotMessage(dm, (m) => m.createdAt! >= message.createdAt!);
    assert.match(reply.text ?? '', /Nothing was sent/);
  });
});

describe("Jeedom's own switches win", () => {
  test('a login disabled in Jeedom runs no interaction, no command, no snapshot', async () => {
    sim.setUserEnabled('marie', false);
    try {
      const dm = rc.directWithBot(paul);
      const message = await rc.postMessage(paul, dm, LIGHT);
      const reply = await rc.waitForBotMessage(dm, (m) => m.createdAt! >= message.createdAt!);
      assert.match(reply.text ?? '', /your Jeedom user is disabled in Jeedom\. Nothing was sent\./);
      await rc.slash(paul, home, `run ${lampOn}`);
      assert.match(rc.lastNotice(paul)?.text ?? '', /disabled in Jeedom/);
      const uploads = rc.world.uploads.size;
      await rc.slash(paul, home, 'snap Entrée');
      assert.match(rc.lastNotice(paul)?.text ?? '', /disabled in Jeedom/);
      assert.equal(rc.world.uploads.size, uploads);
      assert.equal(sim.callCount('interact::tryToReply'), 0);
      assert.equal(sim.callCount('cmd::execCmd'), 0);
      assert.equal(sim.snapshotRequests.length, 0);
      assert.equal(sim.scriptRequests.filter((r) => r.url.includes('/lamp-on')).length, 0);
    } finally {
      sim.setUserEnabled('marie', true);
    }
  });

  test('/jeedom snap checks the person’s own rights on the camera first, as /jeedom run does', async () => {
    sim.clearSnapshotRequests();
    const uploads = rc.world.uploads.size;
    await rc.slash(leo, home, 'snap Entrée');
    assert.match(rc.lastNotice(leo)?.text ?? '', /Jeedom has no camera “Entrée” that you may see/);
    assert.equal(rc.world.uploads.size, uploads);
    assert.equal(sim.snapshotRequests.length, 0, 'no snapshot taken for someone without the right');
    await rc.slash(alice, home, 'snap Entrée');
    assert.equal(rc.world.uploads.size, uploads + 1);
  });
});

describe("/jeedom run passes Jeedom's own words on", () => {
  test('a message command, and any command, whose call came back without "ok"', async () => {
    await rc.slash(alice, home, `run ${notify}`);
    assert.equal(
      rc.lastNotice(alice)?.text,
      '✗ Jeedom reported an error. Jeedom said: La réponse ne contient pas "ok" : "refused"',
    );
    await rc.slash(alice, home, `run ${checkOk}`);
    assert.match(
      rc.lastNotice(alice)?.text ?? '',
      /Jeedom said: La réponse ne contient pas "ok" : "refused"/,
    );
    assert.doesNotMatch(rc.lastNotice(alice)?.text ?? '', /URL/);
  });
});

describe('camera snapshots have their own budget', () => {
  test('a camera slower than jeedom_timeout still gives its snapshot', async () => {
    await rc.setSetting('jeedom_timeout', 1);
    try {
      sim.setFault({ kind: 'slow', delayMs: 1500, path: SNAPSHOT_PATH, times: 1 });
      const uploads = rc.world.uploads.size;
      await rc.slash(alice, home, 'snap Entrée');
      assert.equal(rc.world.uploads.size, uploads + 1);
    } finally {
      await rc.setSetting('jeedom_timeout', 10);
    }
  });
});

describe('/jeedom <phrase> echoes what Jeedom got, notifying nobody', () => {
  test('mentions defused, zero-width flood and bidi override gone, # neutralised', async () => {
    const phrase = `répète \u202e@all ${'\u200b'.repeat(20_000)}@here #12# @alice`;
    const count = rc.botMessagesIn(home).length;
    await rc.slash(alice, home, phrase);
    const posted = rc.botMessagesIn(home).slice(count);
    assert.equal(posted.length, 1);
    const text = posted[0].text ?? '';
    assert.ok(text.length < 300, `echo of ${text.length} characters`);
    assert.ok(!/[\u200b\u202e]/.test(text), 'no invisible or bidi character');
    assert.ok(!/(^|[^\w])@(all|here|alice)\b/.test(text.split('\n')[0].replace(/^@alice:/, '')), text);
    assert.match(text, /＠all ＠here ＃12＃ ＠alice/);
    const query = sim.calls.find((c) => c.method === 'interact::tryToReply')?.params.query;
    assert.equal(query, 'répète @all @here ＃12＃ @alice');
  });
});
