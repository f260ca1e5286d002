/**
 * Text that reaches Jeedom or is echoed by the bot (issue 12, item 6), under hostile input: property-based,
 * with a fixed seed so that a failure is reproducible.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  cleanPhrase,
  defuseMentions,
  defuseRoomMentions,
  MAX_ANSWER_LENGTH,
  MAX_PHRASE_LENGTH,
} from '../../src/chat/hygiene';
import { matchAnswer } from '../../src/asks/blocks';
import type { Ask } from '../../src/storage/AskStore';

const SEED = 20261204;
const runs = { seed: SEED, numRuns: 500 };

// Characters an attacker would reach for: Jeedom's tag syntax, mentions, invisible and bidi controls.
const HOSTILE = [
  '#',
  '[',
  ']',
  '@',
  '@all',
  '@here',
  ' ',
  '\n',
  '\t',
  '\u200b',
  '\u200c',
  '\u200d',
  '\u2060',
  '\ufeff',
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u061c',
  '\u00ad',
  '\u0000',
  '\u0007',
  '\u001b',
  '\u0085',
  'a',
  'é',
  '12',
  '😀',
];
const hostileText = fc
  .array(fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: 'binary', maxLength: 8 })), {
    maxLength: 80,
  })
  .map((parts) => parts.join(''));

const INVISIBLE_OR_BIDI =
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;

test('cleaned text has no # Jeedom could substitute, no invisible or bidi character, no stray spaces', () => {
  fc.assert(
    fc.property(hostileText, (raw) => {
      const cleaned = cleanPhrase(raw);
      if (!cleaned.ok) return;
      assert.ok(!cleaned.text.includes('#'), 'no #');
      assert.ok(!INVISIBLE_OR_BIDI.test(cleaned.text), 'no invisible or bidi character');
      assert.equal(cleaned.text, cleaned.text.trim());
      assert.ok(!/\s{2}/.test(cleaned.text), 'no run of spaces');
      assert.ok([...cleaned.text].length <= MAX_PHRASE_LENGTH);
    }),
    runs,
  );
});

test('cleaning is idempotent, and never turns text into something Jeedom reads as a tag', () => {
  fc.assert(
    fc.property(hostileText, (raw) => {
      const once = cleanPhrase(raw);
      if (!once.ok) return;
      const twice = cleanPhrase(once.text);
      assert.ok(twice.ok);
      assert.equal(twice.text, once.text);
      assert.ok(!/#\d+#|#\[[^\]]*\]\[[^\]]*\]\[[^\]]*\]#/.test(once.text));
    }),
    runs,
  );
});

test('visible words survive cleaning in order; only the invisible flood goes', () => {
  fc.assert(
    fc.property(
      fc.array(fc.stringMatching(/^[a-zA-Zéà0-9]{1,8}$/), { minLength: 1, maxLength: 10 }),
      fc.constantFrom('\u200b', '\u202e', '\u2066', '\ufeff', '\u00ad'),
      fc.integer({ min: 1, max: 2000 }),
      (words, invisible, flood) => {
        const raw = words.join(invisible.repeat(flood));
        const cleaned = cleanPhrase(raw);
        assert.ok(cleaned.ok);
        assert.equal(cleaned.text, words.join(' '));
      },
    ),
    runs,
  );
});

test('a phrase over the limit is refused, never cut', () => {
  fc.assert(
    fc.property(fc.integer({ min: MAX_PHRASE_LENGTH + 1, max: 3 * MAX_PHRASE_LENGTH }), (length) => {
      assert.deepEqual(cleanPhrase('a'.repeat(length)), { ok: false, reason: 'too_long' });
    }),
    runs,
  );
  assert.deepEqual(cleanPhrase('\u200b'.repeat(20_000)), { ok: false, reason: 'empty' });
});

test('an echo mentions nobody: no ASCII @ is left, every other character stays', () => {
  fc.assert(
    fc.property(hostileText, (raw) => {
      const echoed = defuseMentions(raw);
      assert.ok(!echoed.includes('@'));
      assert.equal(echoed.replace(/＠/g, '@'), raw.replace(/＠/g, '@'));
    }),
    runs,
  );
});

test("Jeedom's reply keeps personal mentions but loses @all and @here", () => {
  assert.equal(defuseRoomMentions('@all @here @alice'), '＠all ＠here @alice');
  fc.assert(
    fc.property(hostileText, (raw) => {
      assert.ok(!/(^|[^\w])@(all|here)\b/i.test(defuseRoomMentions(raw)));
    }),
    runs,
  );
});

const freeAsk = (answers: string[]): Ask => ({
  askId: 'a',
  roomId: 'r',
  messageId: 'm',
  scenarioId: '1',
  question: 'q',
  answers,
  freeText: true,
  variable: 'v',
  expiresAt: 0,
  status: 'pending',
});

test('a free-text answer is cleaned and capped like any text bound for Jeedom', () => {
  fc.assert(
    fc.property(hostileText, (raw) => {
      const answer = matchAnswer(freeAsk([]), raw);
      if (answer === undefined) return;
      assert.ok(!answer.includes('#'));
      assert.ok(!INVISIBLE_OR_BIDI.test(answer));
      assert.ok([...answer].length <= MAX_ANSWER_LENGTH);
    }),
    runs,
  );
  assert.equal(matchAnswer(freeAsk([]), 'x'.repeat(MAX_ANSWER_LENGTH + 1)), undefined);
  // A listed answer comes back in Jeedom's own spelling, untouched.
  assert.equal(matchAnswer(freeAsk(['#Oui#']), '#oui#'), '#Oui#');
});
