import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listedAnswer, matchAnswer } from '../../src/asks/blocks';
import { Ask, KEEP_CLOSED_MS, staleAsks } from '../../src/storage/AskStore';

const ask = (fields: Partial<Ask>): Ask => ({
  askId: 'a',
  roomId: 'r',
  messageId: 'm',
  scenarioId: '1',
  question: 'Fermer le garage ?',
  answers: ['Oui', 'Non'],
  freeText: false,
  variable: 'v',
  expiresAt: 0,
  status: 'pending',
  ...fields,
});

test('listed answers match in any case and come back in Jeedom’s spelling; free text only with *', () => {
  assert.equal(listedAnswer(ask({}), ' oui '), 'Oui');
  assert.equal(listedAnswer(ask({}), 'peut-être'), undefined);
  assert.equal(matchAnswer(ask({}), 'peut-être'), undefined);
  assert.equal(matchAnswer(ask({ freeText: true }), ' peut-être '), 'peut-être');
  assert.equal(listedAnswer(ask({ freeText: true }), 'peut-être'), undefined, 'free text is never "listed"');
  assert.equal(matchAnswer(ask({ freeText: true }), '   '), undefined);
});

test('questions are forgotten a week after their timeout, whatever their state; recent ones stay', () => {
  const now = Date.parse('2026-11-25T12:00:00Z');
  const asks = [
    ask({ askId: 'old-answered', status: 'answered', expiresAt: now - KEEP_CLOSED_MS - 1 }),
    ask({ askId: 'old-pending', status: 'pending', expiresAt: now - KEEP_CLOSED_MS - 1 }),
    ask({ askId: 'recent-expired', status: 'expired', expiresAt: now - 1000 }),
    ask({ askId: 'waiting', status: 'pending', expiresAt: now + 60_000 }),
  ];
  assert.deepEqual(
    staleAsks(asks, now).map((a) => a.askId),
    ['old-answered', 'old-pending'],
  );
});
