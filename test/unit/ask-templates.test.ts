import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { findAskIn, questionMatches } from '../../src/asks/findAsk';
import { lookupAsk, MAX_STOPPED_SCANNED } from '../../src/asks/lookupAsk';
import { JeedomClient } from '../../src/jeedom/JeedomClient';
import { FakeHttp, rpcResult } from './fakes/FakeHttp';

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

test('stopped scenarios: only active ones, the most recently launched first, at most MAX_STOPPED_SCANNED exports', async () => {
  const scenarios = Array.from({ length: 30 }, (_, i) => ({
    id: i + 1,
    state: 'stop',
    isActive: i === 29 ? 0 : 1,
    lastLaunch: `2026-12-04 10:${String(i).padStart(2, '0')}:00`,
  }));
  const exportsRead: number[] = [];
  const http = new FakeHttp((call) => {
    const rpc = JSON.parse(JSON.stringify(call.options.data)) as { method: string; params: { id?: number } };
    if (rpc.method === 'scenario::all') return rpcResult(scenarios);
    if (rpc.method === 'cmd::byId') return rpcResult({ id: 12, name: 'Envoyer', eqLogic_id: 3 });
    if (rpc.method === 'eqLogic::byId') return rpcResult({ id: 3, name: 'maison', object_id: null });
    exportsRead.push(Number(rpc.params.id));
    return rpcResult({ export: exported({ type: 'action', subElements: [] }) });
  });
  const client = new JeedomClient(http, {
    apiUrl: 'http://jeedom.lan/core/api/jeeApi.php',
    apiKey: 'k'.repeat(32),
    timeoutMs: 5_000,
    tlsVerify: true,
  });
  assert.equal(await lookupAsk(client, '12', 'Éteindre ?'), undefined);
  assert.equal(exportsRead.length, MAX_STOPPED_SCANNED);
  // Scenario 30 is inactive: the newest active one (29) is read first, the oldest ones never.
  assert.deepEqual(exportsRead.slice(0, 2), [29, 28]);
  assert.ok(!exportsRead.includes(30) && !exportsRead.includes(1));
});
