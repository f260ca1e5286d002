import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { cleanInfoText, MAX_INFO_LENGTH } from '../../src/chat/hygiene';

// What Jeedom's cmdToValue / setTags would expand, and what hides or reorders text on screen.
const TAG = /#\d+#|#\[[^\]]*\]\[[^\]]*\]\[[^\]]*\]#|#/;
const HIDDEN =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;

const hostile = fc.array(
  fc.oneof(
    fc.string({ unit: 'grapheme' }),
    fc.constantFrom(
      '#',
      '#12#',
      '#[Salon][Thermo][Température]#',
      '\u202e',
      '\u200b',
      '\u0000',
      '\n',
      '\ufeff',
      '＃',
    ),
    fc.integer({ min: 0, max: 99999 }).map((n) => `#${n}#`),
  ),
  { maxLength: 60 },
);

test('lastMessage/lastSender text: no tag Jeedom could expand, nothing invisible, capped (any input)', () => {
  fc.assert(
    fc.property(hostile, (parts) => {
      const out = cleanInfoText(parts.join(''));
      assert.ok(!TAG.test(out), out);
      assert.ok(!HIDDEN.test(out), out);
      assert.ok([...out].length <= MAX_INFO_LENGTH);
      assert.equal(cleanInfoText(out), out, 'cleaning twice changes nothing');
    }),
    { seed: 1312, numRuns: 500 },
  );
});

test('the words arrive as written: only `#` changes, line breaks stay, hidden characters go', () => {
  assert.equal(cleanInfoText('le code est #12# ?'), 'le code est ＃12＃ ?');
  assert.equal(cleanInfoText('#[Salon][Thermo][Température]#'), '＃[Salon][Thermo][Température]＃');
  assert.equal(cleanInfoText('ligne 1\nligne 2'), 'ligne 1\nligne 2');
  assert.equal(cleanInfoText('a\u202eb\u200bc\u0000d'), 'abcd');
  assert.equal(cleanInfoText('Élodie dit « bonjour » 👋'), 'Élodie dit « bonjour » 👋');
});

test('a long message is cut at the cap with an ellipsis, counting characters, not UTF-16 units', () => {
  const out = cleanInfoText('é👋'.repeat(MAX_INFO_LENGTH));
  assert.equal([...out].length, MAX_INFO_LENGTH);
  assert.ok(out.endsWith('…'));
  assert.equal(cleanInfoText('x'.repeat(MAX_INFO_LENGTH)), 'x'.repeat(MAX_INFO_LENGTH));
});
