import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { translator } from '../../src/i18n/translate';
import { findLogin, loginCheck, userListSchema } from '../../src/jeedom/users';
import { isBotAccount } from '../../src/people/changes';
import { linkModal, panelBlocks, PEOPLE, submittedLink } from '../../src/people/panel';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { readJeedomLogins } from '../../src/people/jeedomLogins';
import { FakeHttp, replyWith, rpcResult } from './fakes/FakeHttp';
import { FakeStore } from './fakes/FakePersistence';
import { emptyChat, fakeRead } from './fakes/FakeRead';

test("user::all: only login, profile, enabled and key survive; enable as Jeedom sends it ('1'/'0', numbers, absent)", () => {
  const parsed = userListSchema.parse([
    { login: 'admin', profils: 'admin', enable: '1', hash: 'SECRET', password: 'x' },
    { login: 'paul', profils: 'user', enable: '0', hash: null },
    { login: 'leo', enable: 0, hash: 42 },
    { login: 'old' },
    { login: 'odd', enable: null },
  ]);
  assert.deepEqual(parsed, [
    { login: 'admin', profils: 'admin', enabled: true, apiKey: 'SECRET' },
    { login: 'paul', profils: 'user', enabled: false, apiKey: undefined },
    { login: 'leo', profils: undefined, enabled: false, apiKey: undefined },
    { login: 'old', profils: undefined, enabled: true, apiKey: undefined },
    { login: 'odd', profils: undefined, enabled: false, apiKey: undefined },
  ]);
  assert.doesNotMatch(JSON.stringify(parsed), /"x"/, 'the password hash is dropped');
  assert.deepEqual(userListSchema.parse('ok'), [], "4.5's empty list");
  assert.deepEqual(loginCheck(parsed, 'admin'), { state: 'enabled', key: 'SECRET' });
  assert.deepEqual(loginCheck(parsed, 'paul'), { state: 'disabled' });
  assert.deepEqual(loginCheck(parsed, 'nobody'), { state: 'missing' });
});

test("a typed login matches exactly first, else ignoring case, in Jeedom's spelling; ambiguous is no match", () => {
  const users = [{ login: 'marie' }, { login: 'Leo' }, { login: 'leo' }, { login: 'Paul' }];
  assert.equal(findLogin(users, 'MARIE')?.login, 'marie');
  assert.equal(findLogin(users, 'paul')?.login, 'Paul');
  assert.equal(findLogin(users, 'leo')?.login, 'leo', 'exact wins');
  assert.equal(findLogin(users, 'LEO'), undefined, 'two logins differ only by case: none is guessed');
  assert.equal(findLogin(users, 'nobody'), undefined);
});

test('bots and app users are not people', () => {
  const user = (extra: Partial<IUser> & Record<string, unknown>) =>
    ({ roles: ['user'], type: 'user', ...extra }) as IUser;
  assert.equal(isBotAccount(user({})), false);
  assert.equal(isBotAccount(user({ type: 'bot' } as never)), true);
  assert.equal(isBotAccount(user({ type: 'app' } as never)), true);
  assert.equal(isBotAccount(user({ roles: ['bot'] })), true);
  assert.equal(isBotAccount(user({ appId: 'x' })), true);
});

test('the panel: one row and two buttons per person, then Link someone; texts in the language asked', () => {
  const fr = translator('fr');
  const blocks = panelBlocks(
    [
      { userId: 'u1', username: 'alice', login: 'marie', enabled: true },
      { userId: 'u2', username: 'bob', login: 'leo', enabled: false },
    ],
    fr,
  ) as Array<{ type: string; elements?: Array<{ actionId: string; value: string; text: { text: string } }> }>;
  const buttons = blocks.flatMap((b) => b.elements ?? []).map((e) => [e.actionId, e.value, e.text.text]);
  assert.deepEqual(buttons, [
    [PEOPLE.toggle, 'u1', 'Couper'],
    [PEOPLE.unlink, 'u1', 'Délier'],
    [PEOPLE.toggle, 'u2', 'Activer'],
    [PEOPLE.unlink, 'u2', 'Délier'],
    [PEOPLE.add, 'add', "Lier quelqu'un"],
  ]);
});

test("the modal offers Jeedom's enabled logins only", () => {
  const modal = linkModal(
    'room1',
    [
      { login: 'admin', profils: 'admin', enabled: true },
      { login: 'paul', profils: 'user', enabled: false },
    ],
    translator('en'),
  );
  assert.equal(modal.id, `${PEOPLE.modalPrefix}room1`);
  const select = modal.blocks[1].element as { options: Array<{ value: string }> };
  assert.deepEqual(
    select.options.map((o) => o.value),
    ['admin'],
  );
});

test("a submitted form's state, whatever the client sends, gives two strings and never throws", () => {
  assert.deepEqual(
    submittedLink({ [PEOPLE.personBlock]: { user: '@bob ' }, [PEOPLE.loginBlock]: { login: ['leo', 'x'] } }),
    { person: 'bob', login: 'leo' },
  );
  fc.assert(
    fc.property(fc.jsonValue(), fc.anything(), (state, other) => {
      for (const input of [state, other, { [PEOPLE.personBlock]: state, [PEOPLE.loginBlock]: other }]) {
        const result = submittedLink(input);
        assert.equal(typeof result.person, 'string');
        assert.equal(typeof result.login, 'string');
      }
    }),
    { seed: 141, numRuns: 500 },
  );
});

test("reading Jeedom's logins (the people panel, `/jeedom map`, `link`) gets only what is left of its invocation's deadline", async () => {
  const chat = emptyChat();
  chat.settings = { jeedom_url: 'http://jeedom.test', jeedom_api_key: 'k'.repeat(32), jeedom_timeout: 10 };
  const http = new FakeHttp(replyWith(rpcResult([{ login: 'marie', profils: 'user', enable: '1' }])));
  const read = fakeRead(chat, new FakeStore().view());
  const t = translator('en');
  const fresh = await readJeedomLogins(read, http, t, Date.now() + 20_000);
  assert.deepEqual(fresh, {
    ok: true,
    users: [{ login: 'marie', profils: 'user', enabled: true }],
  });
  assert.equal(http.calls[0]?.options.timeout, 10_000, 'time to spare: the configured timeout');
  await readJeedomLogins(read, http, t, Date.now() + 2_000);
  const late = Number(http.calls[1]?.options.timeout);
  assert.ok(late <= 2_000 && late > 1_000, `near the deadline: what is left (${late} ms), not 10 s`);
});
