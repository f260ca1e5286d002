/** What people read when Jeedom fails, said truthfully (issue 12, items 1, 2, 7, 11). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeJeedomError } from '../../src/i18n/describeError';
import { translator } from '../../src/i18n/translate';
import { snapshot, snapshotBudgetMs } from '../../src/jeedom/camera';
import { JeedomError } from '../../src/jeedom/JeedomError';
import { JeedomClient } from '../../src/jeedom/JeedomClient';
import { formatStatus } from '../../src/status/report';
import { FakeCall, FakeHttp, rpcResult } from './fakes/FakeHttp';

const t = translator('en');

test('a timeout says Jeedom may still carry the request out, never that nothing was done', () => {
  const text = describeJeedomError(new JeedomError('timeout', 'x', { reason: 'deadline' }), t, 3);
  assert.match(text, /did not answer within 3 s\. It may still carry out the request/);
  assert.doesNotMatch(text, /Nothing was done/);
});

test("a Jeedom error without a known code passes Jeedom's own words on, not the address hint", () => {
  const error = new JeedomError('protocol', 'x', {
    reason: 'jeedom_error',
    jeedomCode: -32000,
    jeedomMessage: '[MySQL] Error code : 23000 (1062). Duplicate entry',
  });
  const text = describeJeedomError(error, t, 2);
  assert.equal(
    text,
    '✗ Jeedom reported an error. Jeedom said: [MySQL] Error code : 23000 (1062). Duplicate entry',
  );
  assert.doesNotMatch(text, /URL/);
});

test("Jeedom's words are capped: a whole SQL statement does not flood the chat", () => {
  const error = new JeedomError('protocol', 'x', { reason: 'jeedom_error', jeedomMessage: 'x'.repeat(5000) });
  assert.ok(describeJeedomError(error, t, 2).length < 400);
});

test('an HTTP 500 points at Jeedom’s http.error log', () => {
  const error = new JeedomError('protocol', 'x', { reason: 'http_status', httpStatus: 500 });
  assert.equal(
    describeJeedomError(error, t, 2),
    '✗ Jeedom failed internally (HTTP 500); its http.error log says why.',
  );
  const other = new JeedomError('protocol', 'x', { reason: 'http_status', httpStatus: 502 });
  assert.match(describeJeedomError(other, t, 2), /cannot understand/);
});

test('a snapshot gets max(jeedom_timeout, 10 s), capped at 25 s', () => {
  assert.equal(snapshotBudgetMs({ timeoutMs: 1_000 }), 10_000);
  assert.equal(snapshotBudgetMs({ timeoutMs: 3_000 }), 10_000);
  assert.equal(snapshotBudgetMs({ timeoutMs: 15_000 }), 15_000);
  assert.equal(snapshotBudgetMs({ timeoutMs: 25_000 }), 25_000);
  assert.equal(snapshotBudgetMs({ timeoutMs: 40_000 }), 25_000);
});

test('a snapshot that times out says the figure it really waited, whatever the API timeout', async () => {
  for (const [timeoutMs, seconds] of [
    [3_000, 10],
    [15_000, 15],
  ] as const) {
    const calls: FakeCall[] = [];
    const http = new FakeHttp((call) => {
      calls.push(call);
      if (String(call.method).toUpperCase() === 'GET') throw new Error('ETIMEDOUT: timed out');
      return rpcResult([{ id: '7', name: 'Entrée', configuration: { localApiKey: 'k'.repeat(64) } }]);
    });
    const config = {
      apiUrl: 'http://j/core/api/jeeApi.php',
      apiKey: 'a'.repeat(32),
      timeoutMs,
      tlsVerify: true,
    };
    const client = new JeedomClient(http, config);
    await assert.rejects(snapshot(http, client, 'http://j', 'Entrée'), (error: JeedomError) => {
      assert.equal(error.kind, 'timeout');
      assert.match(describeJeedomError(error, t, timeoutMs / 1000), new RegExp(`within ${seconds} s`));
      return true;
    });
    const get = calls.find((c) => String(c.method).toUpperCase() === 'GET');
    assert.equal(get?.options.timeout, seconds * 1000, 'the snapshot request itself gets that budget');
  }
});

test('with Jeedom unreachable, the admin still reads the address tried and the last problem', () => {
  const error = new JeedomError('unreachable', 'x', { reason: 'network' });
  const text = formatStatus(
    {
      baseUrl: 'http://192.168.1.10',
      probe: { version: { ok: false, error } },
      forAdmin: true,
      timeoutSeconds: 2,
      admin: {
        equipments: 1,
        mappings: 1,
        pendingAsks: 0,
        lastError: { kind: 'unreachable', what: 'status', at: '2026-12-04T10:00:00.000Z' },
      },
    },
    t,
  );
  assert.match(text, /unreachable at the moment/);
  assert.match(text, /Address tried: http:\/\/192\.168\.1\.10/);
  assert.match(text, /Last Jeedom problem: a status check, 2026-12-04 10:00:00 UTC \(unreachable\)/);
  const forMember = formatStatus(
    {
      baseUrl: 'http://192.168.1.10',
      probe: { version: { ok: false, error } },
      forAdmin: false,
      timeoutSeconds: 2,
    },
    t,
  );
  assert.doesNotMatch(forMember, /192\.168/);
});

test('channels at the per-person command cap are counted for the admin', () => {
  const text = formatStatus(
    {
      baseUrl: 'http://j',
      probe: { version: { ok: true, value: '4.5.3' } },
      forAdmin: true,
      timeoutSeconds: 2,
      admin: { equipments: 3, mappings: 1, pendingAsks: 0, roomsAtUserCap: 2 },
    },
    t,
  );
  assert.match(text, /2 channel\(s\) reached 100 per-person commands/);
});
