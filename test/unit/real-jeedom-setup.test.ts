import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSetupOutput, prepareRealJeedom } from '../../scripts/real-jeedom';

test('the setup script’s JEEDOM_* lines are read, the rest of its output ignored', () => {
  const output = [
    'version -> {"jsonrpc":"2.0","id":2,"result":"4.5.3"}',
    'JEEDOM_URL=http://127.0.0.1:8765',
    'JEEDOM_API_KEY=abc=def',
    'JEEDOM_MEMBER_LOGIN=marie',
    'OK',
  ].join('\n');
  assert.deepEqual(parseSetupOutput(output), {
    JEEDOM_URL: 'http://127.0.0.1:8765',
    JEEDOM_API_KEY: 'abc=def',
    JEEDOM_MEMBER_LOGIN: 'marie',
  });
});

test('credentials in the environment win; without a box the reason is given, nothing thrown', () => {
  assert.deepEqual(prepareRealJeedom({ JEEDOM_URL: 'http://box', JEEDOM_API_KEY: 'k' }), {
    ok: true,
    url: 'http://box',
  });
  const missing = prepareRealJeedom({ JEEDOM_SETUP: '/nonexistent/setup.sh', JEEDOM_HOME: '/nonexistent' });
  assert.equal(missing.ok, false);
});
