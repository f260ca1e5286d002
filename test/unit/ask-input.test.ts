/**
 * What the app reads to offer a question's buttons and to take a click (SPEC §7): a scenario's export, as
 * Jeedom's API returns it (any shape: a box's data, another version, a hostile one), and the value a button
 * comes back with (any text: the client can forge it). Examples read like the spec; properties throw
 * anything at the parsers (fast-check, fixed seeds).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { buttonValue, parseButtonValue } from '../../src/asks/blocks';
import { findAskIn } from '../../src/asks/findAsk';

const SEED = 4242;

const ask = (options: Record<string, unknown>) => ({ type: 'action', expression: 'ask', options });
const scenario = (...expressions: unknown[]) => ({
  elements: [{ type: 'action', subElements: [{ type: 'action', expressions }] }],
});
const GARAGE = '#[Garage][Porte][Envoyer]#';

describe("a scenario's ask, from its export", () => {
  test('answers split on ;, * means any text, the timeout in seconds (300 when missing or not a number)', () => {
    const exported = scenario(
      ask({ question: 'Fermer ?', answer: ' oui ; non ;*; ', variable: 'rep', timeout: '45', cmd: GARAGE }),
    );
    assert.deepEqual(findAskIn(exported, [GARAGE], 'Fermer ?'), {
      question: 'Fermer ?',
      answers: ['oui', 'non'],
      freeText: true,
      variable: 'rep',
      timeoutSeconds: 45,
    });
    for (const timeout of [undefined, '', 'soon', '-5', 0, null])
      assert.equal(
        findAskIn(
          scenario(ask({ question: 'Q ?', answer: 'a', variable: 'v', timeout, cmd: GARAGE })),
          [GARAGE],
          'Q ?',
        )?.timeoutSeconds,
        300,
        String(timeout),
      );
  });

  test('the command is matched as Jeedom writes it, whatever the spaces and the case', () => {
    const exported = scenario(
      ask({ question: 'Q ?', answer: 'a', variable: 'v', cmd: ' #[garage] [Porte][ENVOYER]# ' }),
    );
    assert.equal(findAskIn(exported, [GARAGE], 'Q ?')?.variable, 'v');
    assert.equal(findAskIn(exported, ['#[Cuisine][Porte][Envoyer]#'], 'Q ?'), undefined);
  });

  test('an ask without a variable cannot be answered: it is not offered', () => {
    assert.equal(
      findAskIn(scenario(ask({ question: 'Q ?', answer: 'a', cmd: GARAGE })), [GARAGE], 'Q ?'),
      undefined,
    );
  });

  test('a question written exactly so wins over one that matches through its tags', () => {
    const exported = scenario(
      ask({ question: 'Il est #heure#, fermer ?', answer: 'a', variable: 'tagged', cmd: GARAGE }),
      ask({ question: 'Il est 17:05, fermer ?', answer: 'a', variable: 'exact', cmd: GARAGE }),
    );
    assert.equal(findAskIn(exported, [GARAGE], 'Il est 17:05, fermer ?')?.variable, 'exact');
    assert.equal(findAskIn(exported, [GARAGE], 'Il est 18:00, fermer ?')?.variable, 'tagged');
  });

  test('asks nested in blocks are found; other actions and commands are not asks', () => {
    const nested = {
      elements: [
        {
          type: 'if',
          subElements: [
            {
              type: 'then',
              expressions: [
                { type: 'action', expression: 'wait', options: { condition: '1' } },
                {
                  type: 'element',
                  element: {
                    type: 'action',
                    subElements: [
                      { expressions: [ask({ question: 'Q ?', answer: 'a', variable: 'deep', cmd: GARAGE })] },
                    ],
                  },
                },
              ],
            },
          ],
        },
      ],
    };
    assert.equal(findAskIn(nested, [GARAGE], 'Q ?')?.variable, 'deep');
  });

  test('property: any export, any question: an answerable ask or nothing, never a throw', () => {
    const anything = fc.anything({ maxDepth: 4, maxKeys: 5, withObjectString: true });
    // Exports shaped like Jeedom's, with arbitrary leaves and options: the parser must reach the asks inside.
    const options = fc.record(
      {
        question: fc.oneof(fc.constantFrom('', 'Q ?', ' Q ? '), anything),
        answer: fc.oneof(fc.string(), fc.constantFrom('a;b', '*', ';;', ' * ; x '), anything),
        variable: fc.oneof(fc.string(), fc.constantFrom('v', ' v ', ''), anything),
        timeout: fc.oneof(fc.string(), fc.double(), fc.integer(), anything),
        cmd: fc.oneof(fc.constant(GARAGE), fc.constant(GARAGE.toUpperCase()), anything),
      },
      { requiredKeys: [] },
    );
    const expression = fc.oneof(
      fc.record({
        type: fc.constant('action'),
        expression: fc.constant('ask'),
        options: fc.oneof(options, anything),
      }),
      anything,
    );
    const element = fc.record({
      type: fc.oneof(fc.constantFrom('action', 'if', 'in', 'at'), anything),
      subElements: fc.oneof(
        fc.array(fc.record({ expressions: fc.oneof(fc.array(expression), anything) })),
        anything,
      ),
    });
    const exported = fc.oneof(fc.record({ elements: fc.oneof(fc.array(element), anything) }), anything);
    const question = fc.oneof(fc.constantFrom('', 'Q ?'), fc.string());
    let found = 0;
    fc.assert(
      fc.property(exported, question, fc.boolean(), (e, q, deferred) => {
        const spec = findAskIn(e, [GARAGE, ' '], q, deferred);
        if (spec === undefined) return;
        found++;
        assert.ok(spec.variable.length > 0 && spec.variable === spec.variable.trim());
        assert.ok(Number.isFinite(spec.timeoutSeconds) && spec.timeoutSeconds > 0);
        assert.ok(spec.answers.every((a) => a !== '' && a !== '*' && a === a.trim()));
      }),
      { seed: SEED, numRuns: 400 },
    );
    assert.ok(found > 10, `only ${found} runs reached an ask`);
  });
});

describe('the value a button comes back with', () => {
  test('which question, which answer (by its place: answers may hold any character)', () => {
    assert.equal(buttonValue('ask-1', 0), 'ask-1|0');
    assert.deepEqual(parseButtonValue('ask-1|2'), { askId: 'ask-1', index: 2 });
    assert.deepEqual(parseButtonValue('a|b|3'), { askId: 'a|b', index: 3 });
    for (const forged of [undefined, '', 'ask-1', '|1', 'ask-1|', 'ask-1|-1', 'ask-1|1.5', 'ask-1|x'])
      assert.equal(parseButtonValue(forged), undefined, String(forged));
  });

  test('property: what a button carries reads back as it was made', () => {
    const askId = fc.string({ minLength: 1 }).filter((s) => !/[\n\r\u2028\u2029]/.test(s));
    fc.assert(
      fc.property(askId, fc.nat(), (id, index) => {
        assert.deepEqual(parseButtonValue(buttonValue(id, index)), { askId: id, index });
      }),
      { seed: SEED },
    );
  });

  test('property: any forged value is refused or names a question and a place', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        const parsed = parseButtonValue(value);
        if (parsed === undefined) return;
        assert.ok(parsed.askId.length > 0);
        assert.ok(Number.isInteger(parsed.index) && parsed.index >= 0);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });
});
