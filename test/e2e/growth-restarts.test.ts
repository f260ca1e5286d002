/**
 * Restarts in the middle of a channel-info delivery and around an endpoint retry, and bounded growth
 * (issue 12, items 4 and 9): the final state in Jeedom and in the app's storage, not only that something ran.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { IApiRequest } from '@rocket.chat/apps-engine/definition/api';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { RocketChatHarness } from '../../devkit/harness/RocketChatHarness';
import type { JeedomSimulator } from '../../devkit/simulator';
import { addHousehold, House, roomCmd, roomEquipment, startHouse, stopHouse } from './house';

let house: House;
let rc: RocketChatHarness;
let sim: JeedomSimulator;
let admin: IUser;
let alice: IUser;
let home: IRoom;
let crowd: IRoom;

const cmdId = (room: IRoom, logicalId: string) => roomCmd(sim, room, logicalId).id;

type Data = Record<string, unknown>;
const records = (predicate: (data: Data) => boolean) =>
  [...rc.world.persistence.values()].filter((r) => predicate(r.data as Data));
/** The channel's stored messages waiting for delivery. */
const pendingIn = (room: IRoom) => records((d) => d.roomId === room.id && typeof d.text === 'string').length;

before(async () => {
  house = await startHouse();
  ({ rc, sim } = house);
  ({ admin, alice, room: home } = addHousehold(rc, 'home'));
  crowd = rc.addRoom('c', 'crowd', [admin]);
  await rc.setSetting('public_url', rc.siteUrl);
  await rc.slash(admin, home, 'sync');
  await rc.setSetting('jeedom_timeout', 1);
});

beforeEach(() => {
  sim.setFault(null);
  sim.clearCalls();
});

after(() => stopHouse(house));

describe('a restart in the middle of a channel-info delivery', () => {
  for (const step of ['lastSender', 'lastMessage'] as const) {
    test(`during ${step}: the next message's infos reach Jeedom within a few seconds`, async () => {
      const lastSender = cmdId(home, 'lastSender');
      const lastMessage = cmdId(home, 'lastMessage');
      // Jeedom swallows the call of this step: the app is stopped while it waits for it.
      const stop = sim.onCall((call) => {
        if (
          call.method === 'cmd::event' &&
          String(call.params.id) === String(lastSender) &&
          step === 'lastMessage'
        )
          sim.setFault({ kind: 'hang', method: 'cmd::event', times: 1 });
      });
      if (step === 'lastSender') sim.setFault({ kind: 'hang', method: 'cmd::event', times: 1 });
      await rc.postMessage(alice, home, `before the restart (${step})`);
      const target = step === 'lastSender' ? lastSender : lastMessage;
      await rc.waitFor(
        () => sim.calls.some((c) => c.fault === 'hang' && String(c.params.id) === String(target)),
        { what: `the ${step} call under way` },
      );
      stop();
      await rc.restart();
      const started = Date.now();
      await rc.postMessage(alice, home, `after the restart (${step})`);
      await rc.waitFor(() => sim.equipment.cmdValue(lastMessage) === `after the restart (${step})`, {
        what: 'the new lastMessage in Jeedom',
        timeoutMs: 6000,
      });
      const took = Date.now() - started;
      assert.ok(took < 6000, `delivered ${took} ms after the message`);
      assert.equal(sim.equipment.cmdValue(lastSender), 'alice');
      await rc.waitFor(() => pendingIn(home) === 0, { what: 'nothing left pending' });
    });
  }
});

describe('a restart in the middle of creating a room’s equipment', () => {
  test('the equipment is created within seconds after the restart, once the dead runtime’s claim ends', async () => {
    const porch = rc.addRoom('c', 'porch', [admin], false);
    sim.setFault({ kind: 'hang', method: 'eqLogic::save', times: 1 });
    const invite = rc.inviteBot(porch).catch(() => undefined);
    await rc.waitFor(() => sim.calls.some((c) => c.method === 'eqLogic::save' && c.fault === 'hang'), {
      what: 'the creation under way',
    });
    await rc.restart();
    await invite;
    const created = () =>
      sim.equipment.eqLogicRows('script').filter((e) => e.logicalId === `rocketchat:${porch.id}`);
    await rc.waitFor(() => created().length === 1, { what: 'the porch equipment', timeoutMs: 9000 });
    await rc.settled();
    assert.equal(created().length, 1, 'created once');
  });
});

describe('bounded growth', () => {
  test('with Jeedom down, a burst of messages leaves one pending value for the channel, delivered later', async () => {
    sim.setFault({ kind: 'down', method: 'cmd::event' });
    for (let i = 1; i <= 30; i++) {
      await rc.postMessage(alice, home, `down ${i}`);
      await rc.settled();
    }
    assert.equal(pendingIn(home), 1, 'one pending value, not one per message');
    sim.setFault(null);
    await rc.runJob('jeedom-info-retry');
    await rc.waitFor(() => sim.equipment.cmdValue(cmdId(home, 'lastMessage')) === 'down 30', {
      what: 'the newest message delivered',
    });
    assert.equal(pendingIn(home), 0);
  });

  test('each new person costs one cmd::save, the same for the first and the tenth', async () => {
    await rc.slash(admin, crowd, 'sync');
    const eqLogic = roomEquipment(sim, crowd);
    const perPerson: string[][] = [];
    for (let i = 1; i <= 10; i++) {
      const person = rc.addUser(`visitor${i}`);
      rc.world.join(crowd.id, person.id);
      sim.clearCalls();
      await rc.postMessage(person, crowd, 'hi');
      await rc.waitFor(() => sim.equipment.allCmdRows().find((c) => c.logicalId === `user:${person.id}`), {
        what: `@visitor${i}`,
      });
      await rc.settled();
      perPerson.push(sim.calls.filter((c) => c.method !== 'cmd::event').map((c) => c.method));
    }
    assert.deepEqual(perPerson[9], perPerson[0], 'the same calls for the tenth person as for the first');
    assert.equal(perPerson[9].filter((m) => m === 'cmd::save').length, 1);
    assert.ok(!perPerson.flat().includes('eqLogic::save'), 'the equipment is never rewritten');
    // The commands are whole: a sync afterwards has nothing to write.
    sim.clearCalls();
    await rc.slash(admin, crowd, 'sync');
    assert.equal(sim.callCount('eqLogic::save'), 0);
    assert.equal(sim.callCount('cmd::save'), 0);
    const cmd = sim.equipment.allCmdRows().find((c) => c.name === '@visitor10');
    assert.equal(cmd?.eqLogic_id, eqLogic.id);
  });

  test('past 100 per-person commands a channel adds none, logs why once, and /jeedom status says so', async () => {
    const record = records((d) => d.roomId === crowd.id && Array.isArray(d.users))[0];
    const data = record.data as { users: Array<{ rcUserId: string; username: string }> };
    while (data.users.length < 100)
      data.users.push({ rcUserId: `ghost${data.users.length}`, username: 'ghost' });
    const late = rc.addUser('latecomer');
    rc.world.join(crowd.id, late.id);
    sim.clearCalls();
    // One at a time: the engine sends a hook's log lines with the answer of the latest request it started, so
    // lines of hooks running side by side can be lost (an Apps-Engine 1.59 quirk).
    await rc.postMessage(late, crowd, 'hello');
    await rc.settled();
    await rc.postMessage(late, crowd, 'hello again');
    await rc.settled();
    assert.equal(sim.callCount('cmd::save'), 0);
    const capLine = (l: string) => /has 100, the most a channel gets: @latecomer gets none/.test(l);
    assert.equal(rc.logLines().filter(capLine).length, 1, 'logged once for this person');
    await rc.slash(admin, crowd, 'status');
    assert.match(rc.lastNotice(admin)?.text ?? '', /1 channel\(s\) reached 100 per-person commands/);
  });

  test('endpoint de-duplication records older than the window go as new calls come', async () => {
    const old = Date.now() - 61_000;
    const sendCmd = roomCmd(sim, home, 'send');
    await sim.executeCommand(sendCmd.id, { title: '', message: 'first call' });
    await rc.waitForBotMessage(home, (m) => m.text === 'first call');
    const remembered = records(
      (d) => d.roomId === home.id && typeof d.key === 'string' && typeof d.at === 'number',
    );
    assert.ok(remembered.length >= 1);
    // As if that call had been remembered more than a minute ago (the periodic job would still find it).
    for (const r of remembered) (r.data as { at: number }).at = old;
    await sim.executeCommand(sendCmd.id, { title: '', message: 'second call' });
    await rc.waitForBotMessage(home, (m) => m.text === 'second call');
    await rc.waitFor(
      () => records((d) => d.roomId === home.id && typeof d.key === 'string' && d.at === old).length === 0,
      { what: 'the expired records gone' },
    );
  });
});

describe('an endpoint retry around a restart', () => {
  test('the same call retried after a restart is posted once', async () => {
    const token = roomCmd(sim, home, 'send').configuration as { http_password?: string } | undefined;
    assert.ok(token?.http_password);
    const headers = {
      authorization: `Basic ${Buffer.from(`jeedom:${token.http_password}`).toString('base64')}`,
    };
    const query = { room: home.id, title: '', message: 'retried across a restart', ts: String(Date.now()) };
    const call = () => rc.callEndpoint('jeedom', { method: 'get', query, headers } as Partial<IApiRequest>);
    assert.equal((await call()).status, 200);
    await rc.restart();
    assert.equal((await call()).status, 200);
    await rc.settled();
    assert.equal(rc.botMessagesIn(home).filter((m) => m.text === 'retried across a restart').length, 1);
  });

  test('a restart after posting, before the call was remembered: the retry posts nothing more', async () => {
    const send = roomCmd(sim, home, 'send');
    const password = (send?.configuration as { http_password?: string } | undefined)?.http_password;
    assert.ok(password);
    const headers = { authorization: `Basic ${Buffer.from(`jeedom:${password}`).toString('base64')}` };
    const text = 'posted just before a restart';
    const query = { room: home.id, title: '', message: text, ts: String(Date.now()) };
    const call = () => rc.callEndpoint('jeedom', { method: 'get', query, headers } as Partial<IApiRequest>);
    let held = false;
    rc.bridges.messages.afterCreate = (m) => {
      if (m.text !== text) return;
      held = true;
      return new Promise<void>(() => undefined);
    };
    const first = call();
    await rc.waitFor(() => held, { what: 'the post held' });
    await rc.restart();
    rc.bridges.messages.afterCreate = () => undefined;
    assert.notEqual((await first).status, 200, 'the first attempt never answered');
    assert.equal((await call()).status, 200);
    await rc.settled();
    assert.equal(rc.botMessagesIn(home).filter((m) => m.text === text).length, 1, 'posted once');
    // A later retry is told it was posted, by the record the recovery wrote.
    assert.equal((await call()).status, 200);
    assert.equal(rc.botMessagesIn(home).filter((m) => m.text === text).length, 1);
  });
});
