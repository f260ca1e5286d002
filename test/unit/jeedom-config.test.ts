import assert from 'node:assert/strict';
import { test } from 'node:test';

import { parseJeedomConfig, type JeedomSettingValues } from '../../src/jeedom/config';

const KEY = 'k'.repeat(64);
const base: JeedomSettingValues = {
  url: 'http://192.168.1.10',
  apiKey: KEY,
  timeoutSeconds: 10,
  tlsVerify: true,
};

function configOf(values: Partial<JeedomSettingValues>) {
  const result = parseJeedomConfig({ ...base, ...values });
  assert.ok(result.ok, `expected a config, got ${JSON.stringify(result)}`);
  return result.config;
}

test('complete settings give a client config and the base URL', () => {
  assert.deepEqual(parseJeedomConfig(base), {
    ok: true,
    baseUrl: 'http://192.168.1.10',
    config: {
      apiUrl: 'http://192.168.1.10/core/api/jeeApi.php',
      apiKey: KEY,
      timeoutMs: 10_000,
      tlsVerify: true,
    },
  });
});

test('a missing or blank URL is "missing_url"', () => {
  for (const url of [undefined, null, '', '   ']) {
    assert.deepEqual(parseJeedomConfig({ ...base, url }), { ok: false, reason: 'missing_url' });
  }
});

test('an unusable URL is "bad_url" with the URL problem', () => {
  assert.deepEqual(parseJeedomConfig({ ...base, url: 'ftp://x' }), {
    ok: false,
    reason: 'bad_url',
    urlProblem: 'scheme',
  });
  assert.deepEqual(parseJeedomConfig({ ...base, url: 'http://' }), {
    ok: false,
    reason: 'bad_url',
    urlProblem: 'invalid',
  });
});

test('a missing or blank API key is "missing_key"; a pasted key is trimmed', () => {
  for (const apiKey of [undefined, null, '', '  ']) {
    assert.deepEqual(parseJeedomConfig({ ...base, apiKey }), { ok: false, reason: 'missing_key' });
  }
  assert.equal(configOf({ apiKey: `  ${KEY}\n` }).apiKey, KEY);
});

test('the timeout is in seconds, clamped to 1..25 (the engine stops app calls at 30 s), and defaults to 10 s when unusable', () => {
  assert.equal(configOf({ timeoutSeconds: 3 }).timeoutMs, 3_000);
  assert.equal(configOf({ timeoutSeconds: '25' }).timeoutMs, 25_000);
  assert.equal(configOf({ timeoutSeconds: 0 }).timeoutMs, 1_000);
  assert.equal(configOf({ timeoutSeconds: -5 }).timeoutMs, 1_000);
  assert.equal(configOf({ timeoutSeconds: 3600 }).timeoutMs, 25_000);
  assert.equal(configOf({ timeoutSeconds: 2.4 }).timeoutMs, 2_000);
  for (const timeoutSeconds of [undefined, null, '', 'abc', Number.NaN, Number.POSITIVE_INFINITY, {}]) {
    assert.equal(configOf({ timeoutSeconds }).timeoutMs, 10_000);
  }
});

test('TLS verification stays on unless explicitly turned off', () => {
  assert.equal(configOf({ tlsVerify: false }).tlsVerify, false);
  assert.equal(configOf({ tlsVerify: 'false' }).tlsVerify, false);
  for (const tlsVerify of [true, 'true', undefined, null, 0, 'no']) {
    assert.equal(configOf({ tlsVerify }).tlsVerify, true);
  }
});
