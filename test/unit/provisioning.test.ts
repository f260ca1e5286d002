import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import { roomToken, sameSecret } from '../../src/webhook/secrets';
import { translator } from '../../src/i18n/translate';
import { JeedomError } from '../../src/jeedom/JeedomError';
import { lastMessageText } from '../../src/provisioning/channelActivity';
import { fingerprint } from '../../src/provisioning/fingerprint';
import { desiredEquipment, jeedomName, ShapeInput } from '../../src/provisioning/shape';
import { formatSyncSummary } from '../../src/provisioning/summary';
import { typedExports } from '../../scripts/package';

const OPENSSL_TOKEN = '9dca19c948c8006c0dd888374087c28eacdc20dad940bda61b6a0cab2c53c5f8';

const input: ShapeInput = {
  roomId: 'ROOM1',
  roomName: 'family',
  objectId: 3,
  endpoint: { url: 'https://chat.example.org/api/apps/public/APP/jeedom', token: 'a'.repeat(64) },
  users: [{ rcUserId: 'U1', username: 'alice' }],
  names: { send: 'Send', lastMessage: 'Last message', lastSender: 'Last sender' },
};

test('the equipment has the contract shape: script type, logicalIds, enabled and visible, room id kept', () => {
  const eq = desiredEquipment(input);
  assert.equal(eq.eqType_name, 'script');
  assert.equal(eq.logicalId, 'rocketchat:ROOM1');
  assert.equal(eq.isEnable, 1);
  assert.equal(eq.isVisible, 1);
  assert.equal(eq.object_id, 3);
  assert.deepEqual(eq.configuration, { rocketchatRoomId: 'ROOM1' });
  assert.deepEqual(
    eq.cmds.map((c) => [c.logicalId, c.name, c.type, c.subType]),
    [
      ['send', 'Send', 'action', 'message'],
      ['lastMessage', 'Last message', 'info', 'string'],
      ['lastSender', 'Last sender', 'info', 'string'],
      ['user:U1', '@alice', 'action', 'message'],
    ],
  );
});

test('send and user commands call the endpoint by GET, room-scoped credentials, no secret in the URL', () => {
  const [send, , lastSender, user] = desiredEquipment(input).cmds;
  assert.equal(
    send.configuration.request,
    `${input.endpoint.url}?room=ROOM1&title=#title#&message=#message#&ts=#timestamp#`,
  );
  assert.equal(
    user.configuration.request,
    `${input.endpoint.url}?room=ROOM1&user=U1&title=#title#&message=#message#&ts=#timestamp#`,
  );
  for (const cmd of [send, user]) {
    assert.equal(cmd.configuration.requestType, 'http');
    assert.equal(cmd.configuration.http_username, 'jeedom');
    assert.equal(cmd.configuration.http_password, input.endpoint.token);
    assert.equal(cmd.configuration.reponseMustContain, 'ok');
    assert.ok(Number(cmd.configuration.timeout) <= 10);
    assert.ok([1, 2].includes(Number(cmd.configuration.maxHttpRetry)));
    assert.ok(!String(cmd.configuration.request).includes(input.endpoint.token));
  }
  assert.equal(lastSender.configuration.repeatEventManagement, 'always');
});

test('names are cleaned the way Jeedom cleans them', () => {
  assert.equal(jeedomName(`  Team #1 [ops] & "friends"/*<b>x</b>  `, 'fallback'), 'Team 1 ops friendsx');
  assert.equal(jeedomName('###', 'Rocket.Chat R1'), 'Rocket.Chat R1');
  // Jeedom's column holds 127 bytes and refuses half a character: names stay whole and short enough.
  assert.equal(jeedomName('é'.repeat(300), 'x'), 'é'.repeat(55));
  assert.ok(Buffer.byteLength(jeedomName('a'.repeat(300), 'x')) <= 110);
});

test('the fingerprint changes with anything Jeedom must be told, and only then', () => {
  const base = fingerprint(desiredEquipment(input));
  assert.equal(fingerprint(desiredEquipment({ ...input })), base);
  assert.notEqual(fingerprint(desiredEquipment({ ...input, roomName: 'renamed' })), base);
  assert.notEqual(
    fingerprint(desiredEquipment({ ...input, endpoint: { ...input.endpoint, token: 'b'.repeat(64) } })),
    base,
  );
  assert.notEqual(fingerprint(desiredEquipment({ ...input, users: [] })), base);
});

test('room tokens: HMAC-SHA256 of the room id under the secret, lowercase hex, compared in constant time', () => {
  const token = roomToken('secret', 'ROOM1');
  assert.match(token, /^[0-9a-f]{64}$/);
  // Reference value from an independent implementation (openssl dgst -sha256 -hmac secret).
  assert.equal(token, OPENSSL_TOKEN);
  assert.notEqual(roomToken('secret', 'ROOM2'), token);
  assert.notEqual(roomToken('other', 'ROOM1'), token);
  assert.ok(sameSecret(token, roomToken('secret', 'ROOM1')));
  assert.ok(!sameSecret(token, roomToken('secret', 'ROOM2')));
  assert.ok(!sameSecret('', token));
});

test("lastMessage holds the text as written, or a file's name and link", () => {
  assert.equal(lastMessageText({ text: 'hello #1' } as IMessage), 'hello #1');
  const file = {
    text: '',
    file: { _id: 'F', name: 'photo.jpg', type: 'image/jpeg' },
    attachments: [{ title: { value: 'photo.jpg', link: '/file-upload/F/photo.jpg' } }],
  };
  assert.equal(lastMessageText(file as unknown as IMessage), 'photo.jpg /file-upload/F/photo.jpg');
});

test("the sync summary lists each kind of change, and failures in Jeedom's words", () => {
  const text = formatSyncSummary(
    {
      created: ['family'],
      updated: ['team'],
      disabled: ['old'],
      unchanged: 4,
      failed: [
        { name: 'ops', error: new JeedomError('protocol', 'x', { jeedomMessage: 'Duplicate entry' }) },
      ],
      remaining: 7,
    },
    translator('en'),
    10,
  );
  assert.match(text, /Created \(1\): family/);
  assert.match(text, /Updated \(1\): team/);
  assert.match(text, /Disabled, the bot is no longer in the room \(1\): old/);
  assert.match(text, /Unchanged: 4/);
  assert.match(text, /✗ ops: /);
  assert.match(text, /and 7 more rooms: the sync goes on in the background/);
  assert.match(text, /and 7 more rooms: the sync goes on in the background/);
  assert.match(
    formatSyncSummary(
      { created: [], updated: [], disabled: [], unchanged: 0, failed: [], remaining: 0 },
      translator('en'),
      10,
    ),
    /invite @jeedom\.bot/,
  );
});

test("the bundle's exports are typed as any for the Rocket.Chat compiler", () => {
  const out = typedExports('var a = 1;\nclass B {}\nexport {\n  a,\n  B as C\n};\n');
  assert.match(out, /const __any_a: any = a;/);
  assert.match(out, /export \{ __any_a as a, __any_B as C \};/);
  assert.throws(() => typedExports('var a = 1;'), /no final export list/);
});
