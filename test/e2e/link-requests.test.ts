import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { RocketChatHarness } from '../../devkit/harness/RocketChatHarness';
import type { StoredMessage } from '../../devkit/harness/world';
import type { JeedomSimulator } from '../../devkit/simulator';
import { House, startHouse, stopHouse } from './house';

let rc: RocketChatHarness;
let sim: JeedomSimulator;
let anna: IUser;
let ben: IUser;
let guest: IUser;
let other: IUser;
let home: IRoom;
let house: House;

before(async () => {
  house = await startHouse();
  ({ rc, sim } = house);
  anna = rc.addUser('anna', { admin: true });
  ben = rc.addUser('ben', { admin: true });
  guest = rc.addUser('guest');
  other = rc.addUser('other');
  // The harness's own admin (rc.admin) creates the rooms, so it is a member too: three admins in all.
  home = rc.addRoom('c', 'home', [anna, ben, guest, other]);
});

after(() => stopHouse(house));

const mappingOf = (user: IUser) =>
  [...rc.world.persistence.values()].find(
    (r) => JSON.stringify(r.data).includes('"jeedomLogin"') && r.associations.some((a) => a.id === user.id),
  )?.data as { jeedomLogin: string } | undefined;

/** The Approve/Deny card in an admin's DM with the bot, as stored now. */
function cardFor(admin: IUser): StoredMessage | undefined {
  const dm = rc.world.directRoomOf([admin.username, rc.bot.username]);
  return dm
    ? [...rc.botMessagesIn(dm)]
        .reverse()
        .find((m) => /asks to be linked|asked for|is linked to/.test(m.text ?? ''))
    : undefined;
}

const buttonsOf = (m: StoredMessage | undefined) =>
  ((m?.blocks ?? []) as Array<{ elements?: Array<{ actionId: string }> }>).flatMap((b) => b.elements ?? []);

describe('/jeedom link', () => {
  test('a login that does not exist, or is disabled, asks nobody', async () => {
    await rc.slash(guest, home, 'link nobody');
    assert.match(
      rc.lastNotice(guest)?.text ?? '',
      /no enabled user with the login “nobody”\. Nothing was asked/,
    );
    await rc.slash(guest, home, 'link paul');
    assert.match(rc.lastNotice(guest)?.text ?? '', /no enabled user with the login “paul”/);
    assert.equal(cardFor(anna), undefined);
  });

  test('the person is told "asked"; every admin gets a card in a DM from the bot', async () => {
    await rc.slash(guest, home, 'link MARIE');
    assert.match(
      rc.lastNotice(guest)?.text ?? '',
      /Asked: an administrator will confirm your link to the Jeedom user “marie”/,
    );
    for (const admin of [anna, ben, rc.admin]) {
      const card = cardFor(admin);
      assert.match(card?.text ?? '', /@guest asks to be linked to the Jeedom user “marie”/, admin.username);
      assert.deepEqual(
        buttonsOf(card).map((b) => b.actionId),
        ['jeedom-link-approve', 'jeedom-link-deny'],
      );
    }
    assert.equal(mappingOf(guest), undefined, 'nothing linked before an admin decides');
  });

  test('asking again while a request is open says so, and sends no new card', async () => {
    const cards = rc.world.messages.length;
    await rc.slash(guest, home, 'link leo');
    assert.match(rc.lastNotice(guest)?.text ?? '', /already asked to be linked to “marie”/);
    assert.equal(rc.world.messages.length, cards);
  });

  test('a non-admin cannot decide', async () => {
    const card = cardFor(anna);
    assert.ok(card);
    await rc.clickButton(other, card, 'jeedom-link-approve');
    assert.match(rc.lastNotice(other)?.text ?? '', /Only a Rocket\.Chat administrator/);
    assert.equal(mappingOf(guest), undefined);
  });

  test('the first admin decides; the cards say who; the person is told; a later click is refused', async () => {
    const annaCard = cardFor(anna);
    const benCard = cardFor(ben);
    assert.ok(annaCard && benCard);
    const requestId = (buttonsOf(benCard)[1] as { value?: string }).value;
    await rc.clickButton(anna, annaCard, 'jeedom-link-approve');
    assert.equal(mappingOf(guest)?.jeedomLogin, 'marie');
    for (const admin of [anna, ben, rc.admin]) {
      const card = cardFor(admin);
      assert.match(card?.text ?? '', /@guest is linked to the Jeedom user “marie” — approved by @anna/);
      assert.deepEqual(buttonsOf(card), [], 'buttons removed');
    }
    const guestDm = rc.world.directRoomOf([guest.username, rc.bot.username]);
    assert.ok(guestDm);
    assert.match(rc.botMessagesIn(guestDm).at(-1)?.text ?? '', /@anna linked you to the Jeedom user “marie”/);
    // Ben's click arrives on the card as he saw it, with the buttons.
    await rc.clickButton(ben, benCard, 'jeedom-link-deny', requestId);
    assert.match(rc.lastNotice(ben)?.text ?? '', /already decided, or has expired/);
    assert.equal(mappingOf(guest)?.jeedomLogin, 'marie', 'the first decision stands');
  });

  test('two admins clicking at the same moment: one decision, the other told it was decided', async () => {
    const kim = rc.addUser('kim');
    await rc.slash(kim, home, 'link leo');
    const annaCard = cardFor(anna) as StoredMessage;
    const benCard = cardFor(ben) as StoredMessage;
    const before = [rc.noticesFor(anna).length, rc.noticesFor(ben).length];
    await Promise.all([
      rc.clickButton(anna, annaCard, 'jeedom-link-approve'),
      rc.clickButton(ben, benCard, 'jeedom-link-deny'),
    ]);
    const refused = [anna, ben].filter((admin, i) =>
      rc
        .noticesFor(admin)
        .slice(before[i])
        .some((n) => /already decided/.test(n.text)),
    );
    assert.equal(refused.length, 1, 'exactly one click is refused');
    const approved = refused[0] === ben;
    assert.equal(mappingOf(kim)?.jeedomLogin, approved ? 'leo' : undefined);
    assert.match(cardFor(rc.admin)?.text ?? '', approved ? /approved by @anna/ : /denied by @ben/);
  });

  test('someone linked already is told so', async () => {
    await rc.slash(guest, home, 'link leo');
    assert.match(rc.lastNotice(guest)?.text ?? '', /already linked to the Jeedom user “marie”/);
  });

  test('a denial tells the person, and links nothing', async () => {
    await rc.slash(other, home, 'link leo');
    await rc.clickButton(ben, cardFor(ben) as StoredMessage, 'jeedom-link-deny');
    assert.equal(mappingOf(other), undefined);
    assert.match(cardFor(anna)?.text ?? '', /@other asked for the Jeedom user “leo” — denied by @ben/);
    const dm = rc.world.directRoomOf([other.username, rc.bot.username]);
    assert.match(rc.botMessagesIn(dm as IRoom).at(-1)?.text ?? '', /@ben declined to link you/);
  });

  test('a request nobody decides expires after 7 days: its cards say so, clicks are refused', async () => {
    const late = rc.addUser('late');
    rc.world.join(home.id, late.id);
    await rc.slash(late, home, 'link leo');
    const record = [...rc.world.persistence.values()].find(
      (r) => (r.data as { userId?: string; state?: string }).userId === late.id,
    );
    assert.ok(record);
    const data = record.data as { expiresAt: number; requestedAt: number };
    assert.equal(data.expiresAt - data.requestedAt, 7 * 24 * 3600 * 1000);
    // A week later: the stored deadline is moved to the past, then the scheduled job runs.
    data.expiresAt = Date.now() - 1;
    await rc.runJob(
      'jeedom-link-expire',
      (job) => job.requestId === (record.data as { requestId: string }).requestId,
    );
    assert.match(
      cardFor(anna)?.text ?? '',
      /@late asked for the Jeedom user “leo” — expired without a decision/,
    );
    await rc.clickButton(
      anna,
      cardFor(anna) as StoredMessage,
      'jeedom-link-approve',
      (record.data as { requestId: string }).requestId,
    );
    assert.match(rc.lastNotice(anna)?.text ?? '', /already decided, or has expired/);
    assert.equal(mappingOf(late), undefined);
  });

  test('with an audit room set (the bot in it), the card goes there instead of DMs', async () => {
    const audit = rc.addRoom('p', 'house-audit', [anna]);
    await rc.setSetting('audit_room', 'house-audit');
    const dmCards = rc.world.messages.filter((m) => /asks to be linked/.test(m.text ?? '')).length;
    const zoe = rc.addUser('zoe');
    await rc.slash(zoe, home, 'link leo');
    const inAudit = rc.botMessagesIn(audit).find((m) => /@zoe asks to be linked/.test(m.text ?? ''));
    assert.ok(inAudit, 'the card is in the audit room');
    assert.equal(
      rc.world.messages.filter((m) => /asks to be linked/.test(m.text ?? '')).length,
      dmCards + 1,
      'and nowhere else',
    );
    await rc.clickButton(anna, inAudit, 'jeedom-link-approve');
    assert.equal(mappingOf(zoe)?.jeedomLogin, 'leo');
    await rc.setSetting('audit_room', '');
  });
});

test('the engine reported no hook error', () => {
  assert.deepEqual(rc.hookErrors, []);
  assert.ok(sim);
});
