import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { RocketChatHarness } from '../../devkit/harness/RocketChatHarness';
import type { CmdRow, EqLogicRow, JeedomSimulator } from '../../devkit/simulator';
import { addHousehold, House, roomCmd, roomEquipment, startHouse, stopHouse } from './house';

let rc: RocketChatHarness;
let sim: JeedomSimulator;
let admin: IUser;
let alice: IUser;
let family: IRoom;
let team: IRoom;

const WRITES = ['eqLogic::save', 'cmd::save', 'cmd::event'];

let house: House;

before(async () => {
  house = await startHouse();
  ({ rc, sim } = house);
  ({ admin, alice, room: family } = addHousehold(rc, 'family', [], 'p'));
  team = rc.addRoom('c', 'team', [admin, alice]);
  await rc.setSetting('public_url', 'https://chat.example.org');
});

after(() => stopHouse(house, tokens()));

beforeEach(() => {
  sim.setFault(null);
  sim.clearCalls();
});

function ours(): EqLogicRow[] {
  return sim.equipment.eqLogicRows('script').filter((eq) => eq.logicalId?.startsWith('rocketchat:'));
}

const equipmentOf = (room: IRoom): EqLogicRow => roomEquipment(sim, room);
const cmdsOf = (room: IRoom): CmdRow[] => sim.equipment.cmdRowsOf([equipmentOf(room).id]);
const cmd = (room: IRoom, logicalId: string): CmdRow => roomCmd(sim, room, logicalId);

function tokens(): string[] {
  return sim.equipment
    .allCmdRows()
    .map((c) => String((c.configuration as Record<string, unknown>).http_password ?? ''))
    .filter(Boolean);
}

/**
 * Another server instance's claim (its ticket, as ClaimStore writes it) in the shared storage; change `until`
 * to expire it.
 */
function plantClaim(what: string): { until: number } {
  const contender = 'another-instance/1';
  const data = { key: what, runtime: 'another-instance', contender, state: 'ready', number: 1, until: 0 };
  data.until = Date.now() + 60_000;
  rc.world.persistence.set(`planted:${what}`, {
    id: `planted:${what}`,
    appId: rc.appId,
    associations: [
      { model: 'misc', id: 'jeedom-claim' },
      { model: 'misc', id: `jeedom-claim-key:${what}` },
      { model: 'misc', id: `jeedom-claim-by:${contender}` },
    ],
    data,
  });
  return data;
}

const writes = () => sim.calls.filter((c) => WRITES.includes(c.method)).length;

async function sync(user: IUser = admin): Promise<string> {
  await rc.slash(user, team, 'sync');
  return rc.lastNotice(user)?.text ?? '';
}

describe('first sync', () => {
  test('creates one script equipment per room the bot is in, exactly as SPEC §5 says', async () => {
    const text = await sync();
    assert.match(text, /Created \(2\): (family, team|team, family)/);
    for (const room of [family, team]) {
      const eq = equipmentOf(room);
      assert.equal(eq.eqType_name, 'script');
      assert.equal(eq.name, room.slugifiedName);
      assert.equal(Number(eq.isEnable), 1);
      assert.equal(Number(eq.isVisible), 1);
      assert.equal((eq.configuration as Record<string, unknown>).rocketchatRoomId, room.id);
      const logicalIds = cmdsOf(room)
        .map((c) => c.logicalId)
        .sort();
      assert.deepEqual(logicalIds, ['lastMessage', 'lastSender', 'refresh', 'send']);
    }
  });

  test('send calls the endpoint by GET with room-scoped credentials and the script plugin options', () => {
    const send = cmd(family, 'send');
    const config = send.configuration as Record<string, unknown>;
    assert.equal(send.type, 'action');
    assert.equal(send.subType, 'message');
    assert.equal(config.requestType, 'http');
    assert.equal(
      config.request,
      `${rc.endpointUrl('jeedom').replace(rc.siteUrl, 'https://chat.example.org')}?room=${family.id}&title=#title#&message=#message#&ts=#timestamp#`,
    );
    assert.equal(config.http_username, 'jeedom');
    assert.match(String(config.http_password), /^[0-9a-f]{64}$/);
    assert.notEqual(
      config.http_password,
      (cmd(team, 'send').configuration as Record<string, unknown>).http_password,
    );
    assert.equal(config.reponseMustContain, 'ok');
    assert.equal(String(config.maxHttpRetry), '2');
  });

  test('lastMessage and lastSender are info/string commands that always trigger', () => {
    for (const logicalId of ['lastMessage', 'lastSender']) {
      const info = cmd(team, logicalId);
      assert.equal(info.type, 'info');
      assert.equal(info.subType, 'string');
      assert.equal((info.configuration as Record<string, unknown>).repeatEventManagement, 'always');
    }
  });

  test('a second sync with nothing changed makes no write call', async () => {
    const text = await sync();
    assert.match(text, /Unchanged: 2/);
    assert.equal(writes(), 0);
  });
});

describe('keeping in step', () => {
  test('a renamed room renames its equipment, keeping its commands', async () => {
    const before = cmd(team, 'send').id;
    rc.renameRoom(team, 'team-renamed');
    assert.match(await sync(), /Updated \(1\): team-renamed/);
    assert.equal(equipmentOf(team).name, 'team-renamed');
    assert.equal(cmd(team, 'send').id, before, 'scenarios using the command keep working');
  });

  test('lost persistence is re-discovered from Jeedom by logicalId: never a duplicate equipment', async () => {
    const ids = ours()
      .map((e) => e.id)
      .sort();
    const sendId = cmd(family, 'send').id;
    rc.world.persistence.clear();
    await sync();
    assert.deepEqual(
      ours()
        .map((e) => e.id)
        .sort(),
      ids,
    );
    assert.equal(cmd(family, 'send').id, sendId);
    sim.clearCalls();
    assert.match(await sync(), /Unchanged: 2/);
    assert.equal(writes(), 0);
  });

  test('the bot joining a room provisions it at once', async () => {
    const garden = rc.addRoom('c', 'garden', [admin], false);
    await rc.inviteBot(garden);
    await rc.waitFor(() => ours().find((e) => e.logicalId === `rocketchat:${garden.id}`), {
      what: 'the garden equipment',
    });
  });

  test('the bot joining while the periodic sync runs still gives one equipment', async () => {
    const porch = rc.addRoom('c', 'porch-race', [admin], false);
    await Promise.all([rc.inviteBot(porch), rc.runJob('jeedom-sync'), sync()]);
    await rc.settled();
    const equipments = ours().filter((e) => e.logicalId === `rocketchat:${porch.id}`);
    assert.equal(equipments.length, 1, 'one equipment for the room');
  });

  test("while another server instance claims a room's creation, this one does not create it too", async () => {
    const shed = rc.addRoom('c', 'shed', [admin], false);
    const claim = plantClaim(`create-equipment:${shed.id}`);
    await rc.inviteBot(shed);
    assert.equal(
      ours().filter((e) => e.logicalId === `rocketchat:${shed.id}`).length,
      0,
      'left to the other',
    );
    claim.until = Date.now() - 1;
    await rc.runJob('jeedom-sync');
    await rc.waitFor(() => ours().find((e) => e.logicalId === `rocketchat:${shed.id}`), {
      what: 'the equipment once the claim expired',
    });
    assert.ok(
      ![...rc.world.persistence.values()].some((r) =>
        r.associations.some((a) => a.id === `jeedom-claim-key:create-equipment:${shed.id}`),
      ),
      'the claim is released',
    );
  });

  test('syncs started together agree on one generated secret: every room token checks', async () => {
    for (const [id, record] of rc.world.persistence)
      if (record.associations.some((a) => a.id === 'jeedom-generated-webhook-secret'))
        rc.world.persistence.delete(id);
    await Promise.all([sync(), sync(), rc.runJob('jeedom-sync')]);
    await rc.settled();
    const stored = [...rc.world.persistence.values()].find((r) =>
      r.associations.some((a) => a.id === 'jeedom-generated-webhook-secret'),
    );
    const secret = String((stored?.data as { secret?: string } | undefined)?.secret);
    for (const eq of ours().filter((e) => Number(e.isEnable) === 1)) {
      const roomId = String(eq.logicalId).slice('rocketchat:'.length);
      const send = sim.equipment.cmdRowsOf([eq.id]).find((c) => c.logicalId === 'send');
      const token = String((send?.configuration as Record<string, unknown>).http_password);
      assert.equal(token, createHmac('sha256', secret).update(roomId).digest('hex'), `${eq.name}'s token`);
    }
  });

  test('the bot leaving a room disables its equipment', async () => {
    const attic = rc.addRoom('c', 'attic', [admin]);
    await sync();
    await rc.removeBot(attic);
    await rc.waitFor(() => Number(equipmentOf(attic).isEnable) === 0, { what: 'attic disabled' });
  });

  test('a deleted room has its equipment disabled', async () => {
    const cellar = rc.addRoom('p', 'cellar', [admin]);
    await sync();
    await rc.deleteRoom(cellar);
    await rc.waitFor(() => Number(equipmentOf(cellar).isEnable) === 0, { what: 'cellar disabled' });
  });

  test('a room the bot left while nobody watched is disabled by the next sync', async () => {
    const shed = rc.addRoom('c', 'shed', [admin]);
    await sync();
    rc.world.leave(shed.id, rc.bot.id);
    assert.match(await sync(), /Disabled, the bot is no longer in the room \(1\): shed/);
    assert.equal(Number(equipmentOf(shed).isEnable), 0);
  });
});

describe('preflight says what to fix, and writes nothing', () => {
  test('the script plugin missing', async () => {
    sim.setPluginActive('script', false);
    try {
      const text = await sync();
      assert.match(text, /Nothing was synchronised/);
      assert.match(text, /installed but not active/);
      assert.equal(writes(), 0);
    } finally {
      sim.setPluginActive('script', true);
    }
  });

  test('a key without admin rights', async () => {
    await rc.setSetting('jeedom_api_key', sim.keys.user);
    try {
      assert.match(await sync(), /no administrator rights/);
      assert.equal(writes(), 0);
    } finally {
      await rc.setSetting('jeedom_api_key', sim.keys.admin);
    }
  });

  test('no address for Jeedom to call back', async () => {
    await rc.setSetting('public_url', '');
    rc.world.serverSettings.set('Site_Url', '');
    try {
      assert.match(await sync(), /needs an address to call Rocket\.Chat back/);
      assert.equal(writes(), 0);
    } finally {
      await rc.setSetting('public_url', 'https://chat.example.org');
    }
  });

  test('Jeedom down', async () => {
    sim.setFault({ kind: 'down' });
    assert.match(await sync(), /Nothing was synchronised\.\*[\s\S]*unreachable/);
  });

  test('only admins may sync', async () => {
    assert.match(await sync(alice), /Only a Rocket\.Chat administrator/);
    assert.equal(sim.callCount(), 0);
  });
});

describe('per-user commands and last-message infos', () => {
  test('a first message adds @username, and the infos end with the last message, sender first', async () => {
    await rc.postMessage(alice, family, 'hello house');
    await rc.waitFor(() => cmdsOf(family).find((c) => c.logicalId === `user:${alice.id}`), {
      what: 'the @alice command',
    });
    const user = cmd(family, `user:${alice.id}`);
    assert.equal(user.name, '@alice');
    assert.match(
      String((user.configuration as Record<string, unknown>).request),
      new RegExp(`&user=${alice.id}&`),
    );
    const lastMessage = cmd(family, 'lastMessage');
    await rc.waitFor(() => sim.equipment.cmdValue(lastMessage.id) === 'hello house', { what: 'lastMessage' });
    assert.equal(sim.equipment.cmdValue(cmd(family, 'lastSender').id), 'alice');
    const senderEvent = sim.equipment.events(cmd(family, 'lastSender').id).at(-1);
    const messageEvent = sim.equipment.events(lastMessage.id).at(-1);
    assert.ok(
      senderEvent && messageEvent && senderEvent.receivedAt <= messageEvent.receivedAt,
      'sender first',
    );
    sim.clearCalls();
    assert.match(await sync(), /Unchanged/);
    assert.equal(writes(), 0, 'adding the user kept the sync idempotent');
  });

  test('a burst ends with the last message, never an older one after a newer, with far fewer calls', async () => {
    const lastMessage = cmd(team, 'lastMessage');
    const seen: string[] = [];
    const stop = sim.equipment.onEvent((cmdId, event) => {
      if (cmdId === lastMessage.id) seen.push(String(event.value));
    });
    sim.clearCalls();
    const count = 200;
    for (let i = 1; i <= count; i++) await rc.postMessage(alice, team, `burst ${i}`);
    // A bound, not a pace: 200 hooks in the engine take a few seconds alone, far more with the suite's other files.
    await rc.waitFor(() => sim.equipment.cmdValue(lastMessage.id) === `burst ${count}`, {
      what: 'the final state',
      timeoutMs: 60_000,
    });
    await rc.settled();
    stop();
    const order = seen.map((v) => Number(v.replace('burst ', '')));
    assert.deepEqual(
      order,
      [...order].sort((a, b) => a - b),
      'never older after newer',
    );
    const events = sim.calls.filter((c) => c.method === 'cmd::event').length;
    assert.ok(events / count < 0.5, `${events} cmd::event calls for ${count} messages`);
  });

  test('one message is delivered exactly once, and the safety net does not send it again', async () => {
    const lastMessage = cmd(team, 'lastMessage');
    await rc.settled();
    sim.clearCalls();
    await rc.postMessage(alice, team, 'just once');
    await rc.waitFor(() => sim.equipment.cmdValue(lastMessage.id) === 'just once', { what: 'delivery' });
    await rc.settled();
    const events = () => sim.calls.filter((c) => c.method === 'cmd::event').length;
    assert.equal(events(), 2, 'lastSender and lastMessage, once each');
    // The delivered state must survive storage (undefined comes back as null) so nothing looks pending.
    await rc.runJob('jeedom-sync');
    await rc.settled();
    assert.equal(events(), 2, 'the safety net found nothing pending');
  });

  test("another server instance's delivery claim holds this one back until it is released or expires", async () => {
    const lastMessage = cmd(team, 'lastMessage');
    await rc.postMessage(alice, team, 'before the other instance');
    await rc.waitFor(() => sim.equipment.cmdValue(lastMessage.id) === 'before the other instance', {
      what: 'a first delivery',
    });
    await rc.settled();
    const delivery = [...rc.world.persistence.values()].find(
      (r) =>
        r.associations.some((a) => a.id === 'jeedom-channel-info') &&
        r.associations.some((a) => a.model === 'room' && a.id === team.id),
    );
    assert.ok(delivery, "the room's delivery record");
    const data = plantClaim(`deliver-infos:${team.id}`);
    await rc.postMessage(alice, team, 'while the other instance delivers');
    await rc.settled();
    assert.equal(sim.equipment.cmdValue(lastMessage.id), 'before the other instance', 'held back');
    data.until = Date.now() - 1;
    await rc.runJob('jeedom-sync');
    await rc.waitFor(() => sim.equipment.cmdValue(lastMessage.id) === 'while the other instance delivers', {
      what: 'the delivery once the claim expired',
    });
  });

  test('with Jeedom down, the latest value is delivered once it is back', async () => {
    const lastMessage = cmd(team, 'lastMessage');
    sim.setFault({ kind: 'down' });
    await rc.postMessage(alice, team, 'while down 1');
    await rc.postMessage(alice, team, 'while down 2');
    await rc.settled();
    assert.notEqual(sim.equipment.cmdValue(lastMessage.id), 'while down 2');
    sim.setFault(null);
    await rc.runJob('jeedom-info-retry');
    await rc.waitFor(() => sim.equipment.cmdValue(lastMessage.id) === 'while down 2', {
      what: 'the final state after recovery',
    });
  });

  test('adding a person keeps the per-person commands another server instance just added', async () => {
    // Another instance added @dora to the family equipment; this instance's record does not know yet.
    const dora = rc.addUser('dora');
    const erin = rc.addUser('erin');
    rc.world.join(family.id, dora.id);
    rc.world.join(family.id, erin.id);
    const send = cmd(family, 'send');
    const doraCmd = sim.equipment.addCmd({
      eqLogic_id: equipmentOf(family).id,
      name: '@dora',
      logicalId: `user:${dora.id}`,
      type: 'action',
      subType: 'message',
      configuration: send.configuration,
    });
    await rc.postMessage(erin, family, 'first words');
    await rc.waitFor(() => cmdsOf(family).find((c) => c.logicalId === `user:${erin.id}`), { what: '@erin' });
    const kept = cmdsOf(family).find((c) => c.logicalId === `user:${dora.id}`);
    assert.equal(kept?.id, doraCmd, "@dora's command is still there, same id");
    assert.equal(kept?.name, '@dora');
  });

  test('lost persistence keeps the per-person commands as they are: same id, same @username', async () => {
    const before = cmd(family, `user:${alice.id}`);
    assert.equal(before.name, '@alice');
    const saved = new Map(rc.world.persistence);
    rc.world.persistence.clear();
    try {
      await sync();
      const after = cmd(family, `user:${alice.id}`);
      assert.equal(after.id, before.id);
      assert.equal(after.name, '@alice', 'the @username, not the user id');
    } finally {
      // The rest of the suite keeps its delivery records.
      for (const [id, record] of saved)
        if (!rc.world.persistence.has(id)) rc.world.persistence.set(id, record);
    }
  });

  test('autousers off stops adding per-user commands in that room', async () => {
    const bob = rc.addUser('bob');
    rc.world.join(team.id, bob.id);
    await rc.slash(admin, team, 'autousers off');
    assert.match(rc.lastNotice(admin)?.text ?? '', /No more per-person commands/);
    await rc.postMessage(bob, team, 'hi');
    await rc.waitFor(() => sim.equipment.cmdValue(cmd(team, 'lastSender').id) === 'bob', {
      what: 'bob as last sender',
    });
    assert.equal(
      cmdsOf(team).find((c) => c.logicalId === `user:${bob.id}`),
      undefined,
    );
  });
});

describe('placement and names', () => {
  test('jeedom_object attaches new equipments to that object (by name, any case), and a name clash gets a suffix', async () => {
    const other = sim.equipment.addEqLogic({
      name: 'kitchen',
      eqType_name: 'virtual',
      object_id: 1,
      isEnable: 1,
    });
    await rc.setSetting('jeedom_object', 'salon');
    try {
      const kitchen = rc.addRoom('c', 'kitchen', [admin]);
      assert.match(await sync(), /Created \(1\): kitchen/);
      const eq = equipmentOf(kitchen);
      assert.equal(Number(eq.object_id), 1);
      assert.equal(eq.name, 'kitchen (Rocket.Chat)');
      assert.notEqual(eq.id, other);
      sim.clearCalls();
      await sync();
      assert.equal(writes(), 0, 'the suffixed name is stable');
    } finally {
      await rc.setSetting('jeedom_object', '');
    }
  });

  test('an object that does not exist stops the sync with a clear message', async () => {
    await rc.setSetting('jeedom_object', 'Garage');
    try {
      assert.match(await sync(), /no object matching/);
      assert.equal(writes(), 0);
    } finally {
      await rc.setSetting('jeedom_object', '');
    }
  });

  test('the periodic job provisions new rooms without anyone asking', async () => {
    const porch = rc.addRoom('c', 'porch', [admin]);
    await rc.runJob('jeedom-sync');
    await rc.waitFor(() => ours().find((e) => e.logicalId === `rocketchat:${porch.id}`), {
      what: 'the porch equipment',
    });
  });
});
