import assert from 'node:assert/strict';
import { test } from 'node:test';
import { translator } from '../../src/i18n/translate';
import { JeedomClient } from '../../src/jeedom/JeedomClient';
import { JeedomError } from '../../src/jeedom/JeedomError';
import { probeJeedom } from '../../src/status/probe';
import { formatStatus } from '../../src/status/report';
import { FakeCall, FakeHttp, rpcError, rpcResult } from './fakes/FakeHttp';

const t = translator('en');
const config = {
  apiUrl: 'http://jeedom.test/core/api/jeeApi.php',
  apiKey: 'k'.repeat(32),
  timeoutMs: 2000,
  tlsVerify: true,
};

function jeedom(
  answers: Record<string, (params: Record<string, unknown>) => ReturnType<typeof rpcResult>>,
): FakeHttp {
  return new FakeHttp((call: FakeCall) => {
    const rpc = call.options.data as { method: string; params: Record<string, unknown> };
    const answer = answers[rpc.method];
    if (!answer) throw new Error(`unexpected call ${rpc.method}`);
    return answer(rpc.params);
  });
}

const healthy = {
  version: () => rpcResult('4.5.3'),
  'user::all': () => rpcResult([{ login: 'admin', profils: 'admin', hash: 'secret-hash' }]),
  'plugin::listPlugin': (p: Record<string, unknown>) =>
    rpcResult(p.activateOnly ? [{ id: 'script', name: 'Script' }] : []),
};

test('a healthy Jeedom is probed with three calls: version, rights, active plugins', async () => {
  const http = jeedom(healthy);
  const probe = await probeJeedom(new JeedomClient(http, config), true);
  assert.deepEqual(probe, {
    version: { ok: true, value: '4.5.3' },
    admin: { ok: true, value: true },
    scriptPlugin: { ok: true, value: 'active' },
  });
  assert.equal(http.calls.length, 3);
});

test('without details (a non-admin asking) only the version is asked', async () => {
  const http = jeedom(healthy);
  const probe = await probeJeedom(new JeedomClient(http, config), false);
  assert.deepEqual(Object.keys(probe), ['version']);
  assert.equal(http.calls.length, 1);
});

test('a key refused on an admin-only method means no admin rights', async () => {
  const http = jeedom({
    ...healthy,
    'user::all': () => rpcError(701, "Vous n'avez pas les droits de faire cette action"),
  });
  const probe = await probeJeedom(new JeedomClient(http, config), true);
  assert.deepEqual(probe.admin, { ok: true, value: false });
});

test('the script plugin is told inactive (installed, not active) from missing', async () => {
  const inactive = jeedom({
    ...healthy,
    'plugin::listPlugin': (p) => rpcResult(p.activateOnly ? 'ok' : [{ id: 'script', name: 'Script' }]),
  });
  assert.deepEqual((await probeJeedom(new JeedomClient(inactive, config), true)).scriptPlugin, {
    ok: true,
    value: 'inactive',
  });
  const missing = jeedom({
    ...healthy,
    'plugin::listPlugin': () => rpcResult([{ id: 'camera', name: 'Camera' }]),
  });
  assert.deepEqual((await probeJeedom(new JeedomClient(missing, config), true)).scriptPlugin, {
    ok: true,
    value: 'missing',
  });
});

test('an unreachable Jeedom stops the probe after the first call', async () => {
  const http = new FakeHttp(() => {
    throw new Error('request to http://jeedom.test failed, reason: connect ECONNREFUSED');
  });
  const probe = await probeJeedom(new JeedomClient(http, config), true);
  assert.equal(probe.version.ok, false);
  assert.equal(probe.admin, undefined);
  assert.equal(http.calls.length, 1);
});

test('the admin report shows the address, version, rights and plugin', () => {
  const text = formatStatus(
    {
      baseUrl: 'http://192.168.1.10',
      forAdmin: true,
      timeoutSeconds: 10,
      probe: {
        version: { ok: true, value: '4.4.20' },
        admin: { ok: true, value: false },
        scriptPlugin: { ok: true, value: 'missing' },
      },
    },
    t,
  );
  assert.match(text, /reachable at http:\/\/192\.168\.1\.10 — version 4\.4\.20/);
  assert.match(text, /no administrator rights/);
  assert.match(text, /“script” plugin is not installed/);
});

test('a non-admin sees whether the house answers, without the address', () => {
  const text = formatStatus(
    {
      baseUrl: 'http://192.168.1.10',
      forAdmin: false,
      timeoutSeconds: 10,
      probe: { version: { ok: true, value: '4.5.3' } },
    },
    t,
  );
  assert.match(text, /Jeedom is reachable — version 4\.5\.3/);
  assert.doesNotMatch(text, /192\.168/);
});

test('each configuration problem says what to fill in', () => {
  assert.match(
    formatStatus({ configProblem: 'missing_url', forAdmin: true, timeoutSeconds: 10 }, t),
    /Jeedom URL/,
  );
  assert.match(
    formatStatus({ configProblem: 'bad_url', forAdmin: true, timeoutSeconds: 10 }, t),
    /not valid/,
  );
  assert.match(
    formatStatus({ configProblem: 'missing_key', forAdmin: true, timeoutSeconds: 10 }, t),
    /Jeedom API key/,
  );
});

test('a failed detail check is reported as such, with the reason', () => {
  const error = new JeedomError('timeout', 'deadline', { reason: 'deadline' });
  const text = formatStatus(
    {
      baseUrl: 'http://j',
      forAdmin: true,
      timeoutSeconds: 7,
      probe: { version: { ok: true, value: '4.5.3' }, admin: { ok: false, error } },
    },
    t,
  );
  assert.match(text, /Could not check the key's rights: .*did not answer within 7 s/);
});

test('the status is translated', () => {
  const text = formatStatus(
    { configProblem: 'missing_key', forAdmin: true, timeoutSeconds: 10 },
    translator('fr'),
  );
  assert.notEqual(
    text,
    formatStatus({ configProblem: 'missing_key', forAdmin: true, timeoutSeconds: 10 }, t),
  );
});

test('admins also see the counts and the last Jeedom problem; others do not', () => {
  const admin = {
    equipments: 3,
    mappings: 2,
    pendingAsks: 1,
    lastError: { kind: 'timeout', what: 'sync', at: '2026-11-25T10:00:00.000Z' },
  };
  const probe = { version: { ok: true as const, value: '4.5.3' } };
  const forAdmin = formatStatus({ baseUrl: 'http://j', forAdmin: true, admin, timeoutSeconds: 10, probe }, t);
  assert.match(forAdmin, /Channel equipments: 3 · People linked: 2 · Questions waiting for an answer: 1/);
  assert.match(forAdmin, /Last Jeedom problem: a sync, 2026-11-25 10:00:00 UTC \(timeout\)/);
  const forMember = formatStatus(
    { baseUrl: 'http://j', forAdmin: false, admin, timeoutSeconds: 10, probe },
    t,
  );
  assert.doesNotMatch(forMember, /Channel equipments|Last Jeedom problem/);
});
