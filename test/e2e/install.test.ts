import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { RocketChatHarness } from '../../devkit/harness/RocketChatHarness';
import { appZip } from './zip';

let rc: RocketChatHarness;

before(async () => {
  rc = await RocketChatHarness.start({ zipPath: await appZip() });
});

after(async () => {
  await rc?.stop();
});

test('the packaged zip installs and enables in the official engine, with its bot user', async () => {
  assert.equal(await rc.appStatus(), 'manually_enabled');
  assert.equal(rc.bot.username, 'jeedom.bot');
  assert.deepEqual(rc.bot.roles, ['app']);
});

test('every SPEC §3 setting is registered with its type and default', () => {
  const expected: Array<[string, string, unknown]> = [
    ['jeedom_url', 'string', ''],
    ['jeedom_api_key', 'password', ''],
    ['jeedom_tls_verify', 'boolean', true],
    ['jeedom_timeout', 'int', 10],
    ['public_url', 'string', ''],
    ['webhook_secret', 'password', ''],
    ['require_mention', 'boolean', true],
    ['auto_user_commands', 'boolean', true],
    ['jeedom_object', 'string', ''],
    ['language', 'select', 'auto'],
  ];
  const settings = rc.engine.getSettingsManager();
  for (const [id, type, packageValue] of expected) {
    const setting = settings.getAppSetting(rc.appId, id);
    assert.equal(setting.type, type, id);
    assert.deepEqual(setting.packageValue, packageValue, id);
  }
  const language = settings.getAppSetting(rc.appId, 'language');
  assert.deepEqual(
    language.values?.map((v) => v.key),
    ['auto', 'en', 'fr', 'de', 'es', 'it', 'pt', 'nl', 'pl', 'ru'],
  );
});

test('the /jeedom slash command is registered by the app', () => {
  const command = rc.bridges.commands.commands.get('jeedom');
  assert.equal(command?.appId, rc.appId);
  assert.equal(command?.enabled, true);
});

test('/jeedom help answers the sender alone, in their language', async () => {
  const alice = rc.addUser('alice');
  const marie = rc.addUser('marie', { language: 'fr' });
  const room = rc.addRoom('c', 'general', [alice, marie]);
  await rc.slash(alice, room, 'help');
  await rc.slash(marie, room, 'help');
  assert.match(rc.lastNotice(alice)?.text ?? '', /`\/jeedom status`/);
  assert.match(rc.lastNotice(alice)?.text ?? '', /chat with your house/);
  assert.match(rc.lastNotice(marie)?.text ?? '', /discutez avec votre maison/);
  assert.equal(rc.botMessagesIn(room).length, 0, 'help is not posted in the room');
});

test('/jeedom with no argument shows the help', async () => {
  const bob = rc.addUser('bob');
  const room = rc.addRoom('c', 'bobs-room', [bob]);
  await rc.slash(bob, room, '');
  assert.match(rc.lastNotice(bob)?.text ?? '', /`\/jeedom help`/);
});

test("the language setting overrides each person's language", async () => {
  const paul = rc.addUser('paul', { language: 'fr' });
  const room = rc.addRoom('p', 'family', [paul]);
  await rc.setSetting('language', 'en');
  await rc.slash(paul, room, 'help');
  assert.match(rc.lastNotice(paul)?.text ?? '', /chat with your house/);
  await rc.setSetting('language', 'auto');
});
