import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { blocksText, type RocketChatHarness } from '../../devkit/harness/RocketChatHarness';
import type { Notice } from '../../devkit/harness/world';
import type { JeedomSimulator } from '../../devkit/simulator';
import { addHousehold, House, startHouse, stopHouse } from './house';

let rc: RocketChatHarness;
let sim: JeedomSimulator;
let admin: IUser;
let alice: IUser;
let bob: IUser;
let guest: IUser;
let home: IRoom;
let house: House;

before(async () => {
  house = await startHouse();
  ({ rc, sim } = house);
  ({ admin, alice, bob, guest, room: home } = addHousehold(rc, 'home', ['bob', 'guest']));
});

after(() => stopHouse(house));

beforeEach(() => sim.setFault(null));

interface Button {
  actionId: string;
  value?: string;
  text?: { text?: string };
}

/** The admin's people panel: the last notice with blocks, its buttons by label and value. */
function panel(): { notice: Notice; text: string; buttons: Button[] } {
  const notice = [...rc.noticesFor(admin)].reverse().find((n) => Array.isArray(n.blocks));
  assert.ok(notice, 'a panel was shown');
  const buttons = (notice.blocks as Array<{ elements?: Button[] }>).flatMap((b) => b.elements ?? []);
  return { notice, text: blocksText(notice.blocks), buttons };
}

const mappingOf = (user: IUser) =>
  [...rc.world.persistence.values()].find(
    (r) => JSON.stringify(r.data).includes('"jeedomLogin"') && r.associations.some((a) => a.id === user.id),
  )?.data as { jeedomLogin: string; interactionsEnabled: boolean } | undefined;

describe('typed mapping commands', () => {
  test('a bot cannot be linked, the app user included', async () => {
    await rc.slash(admin, home, `map @${rc.bot.username} admin`);
    assert.match(rc.lastNotice(admin)?.text ?? '', /is a bot: only people can be linked/);
    assert.equal(mappingOf(rc.bot), undefined);
    const other = rc.world.addUser('other.bot', { roles: ['bot'], type: 'bot' });
    await rc.slash(admin, home, 'map @other.bot admin');
    assert.match(rc.lastNotice(admin)?.text ?? '', /@other\.bot is a bot/);
    assert.equal(mappingOf(other), undefined);
  });

  test('a login disabled in Jeedom is refused; the list offered names enabled logins only', async () => {
    await rc.slash(admin, home, 'map @bob paul');
    assert.match(rc.lastNotice(admin)?.text ?? '', /“paul” is disabled in Jeedom; nothing was changed/);
    await rc.slash(admin, home, 'map @bob nobody');
    assert.match(rc.lastNotice(admin)?.text ?? '', /Jeedom's logins: admin, marie, leo\.$/);
    assert.equal(mappingOf(bob), undefined);
  });

  test("logins match as Jeedom compares them, case-insensitively, stored in Jeedom's spelling", async () => {
    await rc.slash(admin, home, 'map @guest MARIE');
    assert.match(rc.lastNotice(admin)?.text ?? '', /@guest is now linked to the Jeedom user “marie”/);
    assert.equal(mappingOf(guest)?.jeedomLogin, 'marie');
    await rc.slash(admin, home, 'unmap @guest');
  });

  test('/jeedom autousers in a DM says it applies to channels only', async () => {
    await rc.slash(admin, rc.directWithBot(admin), 'autousers on');
    assert.match(rc.lastNotice(admin)?.text ?? '', /only applies to channels and private groups/);
  });
});

describe('the people panel', () => {
  test('non-admins get no panel', async () => {
    await rc.slash(bob, home, 'users');
    assert.match(rc.lastNotice(bob)?.text ?? '', /Only a Rocket\.Chat administrator/);
    assert.equal(rc.noticesFor(bob).filter((n) => Array.isArray(n.blocks)).length, 0);
  });

  test('one row per linked person, with its buttons and "Link someone"', async () => {
    await rc.slash(admin, home, 'map @alice marie');
    await rc.slash(admin, home, 'users');
    const { text, buttons } = panel();
    assert.match(text, /People linked to Jeedom users\* \(1\)/);
    assert.match(text, /\*@alice\* — Jeedom login `marie` — interactions on/);
    assert.deepEqual(
      buttons.map((b) => [b.actionId, b.value, b.text?.text]),
      [
        ['jeedom-people-toggle', alice.id, 'Turn off'],
        ['jeedom-people-unlink', alice.id, 'Unlink'],
        ['jeedom-people-add', 'add', 'Link someone'],
      ],
    );
  });

  test('Turn off takes effect at once and the panel refreshes in place', async () => {
    const before = panel().notice;
    await rc.clickNoticeButton(admin, before, 'jeedom-people-toggle', alice.id);
    assert.equal(mappingOf(alice)?.interactionsEnabled, false);
    await rc.slash(alice, home, 'allume la lumière');
    assert.match(rc.lastNotice(alice)?.text ?? '', /interactions are turned off for your account/);
    const after = panel();
    assert.match(after.text, /@alice\* — Jeedom login `marie` — interactions off/);
    assert.equal(after.notice.id, before.id, 'the same panel, refreshed');
    assert.equal(rc.noticesFor(admin).filter((n) => n.id === before.id).length, 1);
    await rc.clickNoticeButton(admin, after.notice, 'jeedom-people-toggle', alice.id);
    assert.equal(mappingOf(alice)?.interactionsEnabled, true);
    assert.match(panel().text, /interactions on/);
  });

  test('a click from someone who is no longer an admin changes nothing', async () => {
    const notice = panel().notice;
    const demoted = { ...admin, roles: ['user'] } as IUser;
    rc.world.users.set(admin.id, demoted);
    try {
      await rc.clickNoticeButton(demoted, notice, 'jeedom-people-unlink', alice.id);
    } finally {
      rc.world.users.set(admin.id, admin);
    }
    assert.equal(mappingOf(alice)?.jeedomLogin, 'marie');
  });

  test("Link someone opens a modal with a person picker and Jeedom's enabled logins, read now", async () => {
    sim.clearCalls();
    const response = (await rc.clickNoticeButton(admin, panel().notice, 'jeedom-people-add')) as {
      type?: string;
      view?: {
        id: string;
        blocks: Array<{ blockId: string; element: { type: string; options?: Array<{ value: string }> } }>;
      };
    };
    assert.equal(response.type, 'modal.open');
    assert.ok(
      sim.calls.some((c) => c.method === 'user::all'),
      'the logins are read when the modal opens',
    );
    const [person, login] = response.view?.blocks ?? [];
    assert.equal(person.element.type, 'users_select');
    assert.equal(login.element.type, 'static_select');
    assert.deepEqual(
      login.element.options?.map((o) => o.value),
      ['admin', 'marie', 'leo'],
      'paul is disabled in Jeedom: not offered',
    );
  });

  test('the modal links the person at once, and the panel shows them', async () => {
    const response = (await rc.clickNoticeButton(admin, panel().notice, 'jeedom-people-add')) as {
      view: { id: string };
    };
    const result = await rc.submitView(
      admin,
      response.view,
      { 'jeedom-link-person': { user: 'bob' }, 'jeedom-link-login': { login: 'leo' } },
      home,
    );
    assert.equal(result.success, true);
    assert.equal(mappingOf(bob)?.jeedomLogin, 'leo');
    assert.match(panel().text, /\*@bob\* — Jeedom login `leo` — interactions on/);
  });

  test('the modal refuses a bot, an unknown person and a disabled login, with the reason by the field', async () => {
    const response = (await rc.clickNoticeButton(admin, panel().notice, 'jeedom-people-add')) as {
      view: { id: string };
    };
    const submit = (user: string, login: string) =>
      rc.submitView(admin, response.view, {
        'jeedom-link-person': { user },
        'jeedom-link-login': { login },
      });
    const bot = await submit(rc.bot.username, 'admin');
    assert.match(bot.errors?.['jeedom-link-person'] ?? '', /is a bot/);
    const ghost = await submit('ghost', 'admin');
    assert.match(ghost.errors?.['jeedom-link-person'] ?? '', /no Rocket\.Chat user @ghost/);
    const disabled = await submit('guest', 'paul');
    assert.match(disabled.errors?.['jeedom-link-login'] ?? '', /disabled in Jeedom/);
    assert.equal(mappingOf(guest), undefined);
  });

  test('Unlink removes the link at once', async () => {
    await rc.slash(admin, home, 'users');
    await rc.clickNoticeButton(admin, panel().notice, 'jeedom-people-unlink', bob.id);
    assert.equal(mappingOf(bob), undefined);
    assert.doesNotMatch(panel().text, /@bob/);
  });

  test('Jeedom down when the modal would open: the admin is told, no modal', async () => {
    sim.setFault({ kind: 'down' });
    const response = (await rc.clickNoticeButton(admin, panel().notice, 'jeedom-people-add')) as {
      type?: string;
    };
    assert.notEqual(response.type, 'modal.open');
    assert.match(rc.lastNotice(admin)?.text ?? '', /Could not check the Jeedom login.*unreachable/s);
  });
});

describe('renames (mappings are keyed on the user id)', () => {
  test('the panel shows the current username, and commands resolve the current one', async () => {
    const dora = rc.addUser('dora');
    await rc.slash(admin, home, 'map @dora leo');
    rc.renameUser(dora, 'dorothea');
    const impostor = rc.addUser('dora');
    await rc.slash(admin, home, 'users');
    assert.match(panel().text, /\*@dorothea\* — Jeedom login `leo`/);
    assert.doesNotMatch(panel().text, /\*@dora\*/);
    await rc.slash(admin, home, 'unmap @dora');
    assert.match(rc.lastNotice(admin)?.text ?? '', /@dora was not linked/);
    assert.equal(mappingOf(impostor), undefined);
    await rc.slash(admin, home, 'allow @dorothea off');
    assert.match(rc.lastNotice(admin)?.text ?? '', /now off for @dorothea/);
    await rc.slash(admin, home, 'unmap @dorothea');
    assert.match(rc.lastNotice(admin)?.text ?? '', /@dorothea is no longer linked/);
  });
});

test('the engine reported no hook error', () => {
  assert.deepEqual(rc.hookErrors, []);
});
