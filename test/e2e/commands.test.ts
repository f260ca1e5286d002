import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { RocketChatHarness } from '../../devkit/harness/RocketChatHarness';
import type { JeedomSimulator } from '../../devkit/simulator';
import { addHousehold, addLamp, House, startHouse, stopHouse } from './house';

let rc: RocketChatHarness;
let sim: JeedomSimulator;
let admin: IUser;
let alice: IUser;
let leo: IUser;
let bob: IUser;
let home: IRoom;
let lampOn: number;
let lamp: number;

let house: House;

before(async () => {
  house = await startHouse();
  ({ rc, sim } = house);
  ({ lamp, lampOn } = addLamp(sim));
  ({ admin, alice, 'leo-rc': leo, bob, room: home } = addHousehold(rc, 'home', ['leo-rc', 'bob']));
  await rc.slash(admin, home, 'map @alice marie');
  await rc.slash(admin, home, 'map @leo-rc leo');
});

after(() => stopHouse(house));

const lampRequests = () => sim.scriptRequests.filter((r) => r.url.includes('/lamp-on'));

describe('/jeedom run', () => {
  test("runs an action command by id, with the person's own Jeedom key", async () => {
    sim.clearCalls();
    await rc.slash(alice, home, `run ${lampOn}`);
    assert.match(rc.lastNotice(alice)?.text ?? '', new RegExp(`Done: ${lampOn}`));
    assert.equal(lampRequests().length, 1);
    const exec = sim.calls.find((c) => c.method === 'cmd::execCmd');
    assert.ok(exec, 'cmd::execCmd was called');
  });

  test('runs an action command by its [Object][Equipment][Command] name', async () => {
    await rc.slash(alice, home, 'run [Salon][Lampe][On]');
    assert.match(rc.lastNotice(alice)?.text ?? '', /Done: \[Salon\]\[Lampe\]\[On\]/);
    assert.equal(lampRequests().length, 2);
  });

  test("Jeedom's own rights apply: a restricted Jeedom user without the right is refused, nothing runs", async () => {
    sim.equipment.setRights('leo', lamp, 'r');
    await rc.slash(leo, home, `run ${lampOn}`);
    assert.match(rc.lastNotice(leo)?.text ?? '', /rights are not enough/);
    assert.equal(lampRequests().length, 2);
  });

  test('an unknown name is said so; an unlinked person is refused before Jeedom is asked', async () => {
    await rc.slash(alice, home, 'run [Salon][Lampe][Off]');
    assert.match(rc.lastNotice(alice)?.text ?? '', /no action command “\[Salon\]\[Lampe\]\[Off\]”/);
    sim.clearCalls();
    await rc.slash(bob, home, `run ${lampOn}`);
    assert.match(rc.lastNotice(bob)?.text ?? '', /not linked to a Jeedom user yet/);
    assert.equal(sim.callCount(), 0);
  });

  test('usage', async () => {
    await rc.slash(alice, home, 'run the lamp');
    assert.match(rc.lastNotice(alice)?.text ?? '', /Usage: `\/jeedom run <command id>`/);
  });
});
