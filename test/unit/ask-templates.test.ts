import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { findAskIn, questionMatches } from '../../src/asks/findAsk';

test('a question with tags matches what Jeedom sent once it evaluated them', () => {
  assert.ok(questionMatches('Il est #heure#, fermer ?', 'Il est 17:05, fermer ?'));
  assert.ok(
    questionMatches(
      'Il fait #[Salon][Thermo][Température]# (°C), chauffer ?',
      'Il fait 19.5 (°C), chauffer ?',
    ),
  );
  assert.ok(questionMatches('Code #123# ?', 'Code  ?'));
  assert.ok(!questionMatches('Il est #heure#, fermer ?', 'Il est 17:05, ouvrir ?'));
  assert.ok(!questionMatches('Fermer le garage ?', 'Fermer le portail ?'));
  // Only a tag: it would match anything sent through the command.
  assert.ok(!questionMatches('#message#', 'Bonjour'));
  assert.ok(questionMatches('#message#', '#message#'));
});

test('any template: its own text matches, and so does any value put in place of its tags', () => {
  const literal = fc
    .string({ unit: 'grapheme', minLength: 3 })
    .filter((s) => !s.includes('#') && s === s.trim() && s.length >= 3);
  const value = fc.string({ unit: 'grapheme' });
  fc.assert(
    fc.property(literal, literal, value, (before, after, filled) => {
      const template = `${before} #[Salon][Thermo][Température]# ${after}`;
      assert.ok(questionMatches(before, before));
      assert.ok(questionMatches(template, `${before} ${filled} ${after}`));
    }),
    { seed: 1313, numRuns: 300 },
  );
});

const exported = (element: unknown) => ({ elements: [element] });
const askExpression = {
  type: 'action',
  expression: 'ask',
  options: { question: 'Éteindre ?', answer: 'oui;non', variable: 'v', timeout: '60', cmd: '#12#' },
};

test('deferredOnly finds an ask inside an "in" block, never one of a plain block', () => {
  const deferred = exported({
    type: 'in',
    subElements: [
      { type: 'in', subtype: 'condition', expressions: [{ type: 'condition', expression: '0' }] },
      { type: 'do', subtype: 'action', expressions: [askExpression] },
    ],
  });
  const plain = exported({ type: 'action', subElements: [{ type: 'action', expressions: [askExpression] }] });
  assert.equal(findAskIn(deferred, ['#12#'], 'Éteindre ?', true)?.variable, 'v');
  assert.equal(findAskIn(plain, ['#12#'], 'Éteindre ?', true), undefined);
  assert.equal(findAskIn(plain, ['#12#'], 'Éteindre ?')?.variable, 'v');
});
