import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import { cleanPhrase, MAX_PHRASE_LENGTH } from '../../src/chat/hygiene';
import { routeMessage } from '../../src/chat/routing';

const bot = { id: 'bot-id', username: 'jeedom.bot' };
const alice = { id: 'alice-id', username: 'alice', type: 'user', roles: ['user'] };

function message(text: string, room: Record<string, unknown> = {}, extra: Partial<IMessage> = {}): IMessage {
  return { text, sender: alice, room: { id: 'r1', type: 'c', ...room }, ...extra } as unknown as IMessage;
}

const dm = { type: 'd', userIds: ['alice-id', 'bot-id'] };

test('a DM with the bot always acts, without needing a mention', () => {
  assert.deepEqual(routeMessage(message('allume', dm), bot, true), {
    act: true,
    direct: true,
    text: 'allume',
    threadId: undefined,
  });
});

test('a DM between other people is not for the bot', () => {
  assert.deepEqual(routeMessage(message('hi', { type: 'd', userIds: ['alice-id', 'bob-id'] }), bot, true), {
    act: false,
    reason: 'not_member',
  });
});

test('in channels and groups the mention is required, and stripped wherever it is', () => {
  assert.deepEqual(routeMessage(message('allume'), bot, true), { act: false, reason: 'no_mention' });
  assert.equal((routeMessage(message('@jeedom.bot allume'), bot, true) as { text: string }).text, 'allume');
  assert.equal(
    (routeMessage(message('allume @Jeedom.Bot vite', { type: 'p' }), bot, true) as { text: string }).text,
    'allume vite',
  );
  assert.equal((routeMessage(message('allume'), bot, false) as { act: boolean }).act, true);
});

test("a longer username that starts like the bot's is not a mention", () => {
  assert.deepEqual(routeMessage(message('@jeedom.botanist hello'), bot, true), {
    act: false,
    reason: 'no_mention',
  });
  assert.deepEqual(routeMessage(message('mail@jeedom.bot hello'), bot, true), {
    act: false,
    reason: 'no_mention',
  });
});

test('loops and noise are never acted on', () => {
  assert.deepEqual(
    routeMessage({ ...message('@jeedom.bot x'), sender: { ...alice, id: 'bot-id' } } as IMessage, bot, false),
    { act: false, reason: 'own' },
  );
  assert.deepEqual(
    routeMessage({ ...message('@jeedom.bot x'), sender: { ...alice, type: 'bot' } } as IMessage, bot, false),
    { act: false, reason: 'bot' },
  );
  assert.deepEqual(
    routeMessage(
      { ...message('@jeedom.bot x'), sender: { ...alice, roles: ['app'] } } as IMessage,
      bot,
      false,
    ),
    { act: false, reason: 'bot' },
  );
  assert.deepEqual(
    routeMessage(message('@jeedom.bot x', {}, { type: 'uj' } as Partial<IMessage>), bot, false),
    { act: false, reason: 'system' },
  );
  assert.deepEqual(routeMessage(message('@jeedom.bot x', {}, { editedAt: new Date() }), bot, false), {
    act: false,
    reason: 'edit',
  });
  assert.deepEqual(routeMessage(message('  '), bot, false), { act: false, reason: 'no_text' });
  assert.deepEqual(routeMessage(message('@jeedom.bot x', { type: 'l' }), bot, false), {
    act: false,
    reason: 'room_type',
  });
});

test('the thread is kept', () => {
  const routed = routeMessage(message('allume', dm, { threadId: 't1' }), bot, true);
  assert.equal((routed as { threadId?: string }).threadId, 't1');
});

test('hygiene: every # becomes a full-width ＃, invisible characters go, spaces collapse', () => {
  assert.deepEqual(cleanPhrase(' lis #12# puis #[Salon][Lampe][Etat]# '), {
    ok: true,
    text: 'lis ＃12＃ puis ＃[Salon][Lampe][Etat]＃',
  });
  assert.deepEqual(cleanPhrase('a\u0000b\u200bc\u202ed\ne\tf\u0085g'), { ok: true, text: 'a b c d e f g' });
});

test('hygiene: empty and too-long phrases are refused, never cut', () => {
  assert.deepEqual(cleanPhrase('\u200b \n'), { ok: false, reason: 'empty' });
  assert.deepEqual(cleanPhrase('é'.repeat(MAX_PHRASE_LENGTH)), {
    ok: true,
    text: 'é'.repeat(MAX_PHRASE_LENGTH),
  });
  assert.deepEqual(cleanPhrase('é'.repeat(MAX_PHRASE_LENGTH + 1)), { ok: false, reason: 'too_long' });
});

test('a DM without member lists is acted on only after checking the bot is in it', () => {
  const routed = routeMessage(message('allume', { type: 'd' }), bot, true);
  assert.deepEqual(routed, {
    act: true,
    direct: true,
    text: 'allume',
    threadId: undefined,
    checkMembership: true,
  });
});
