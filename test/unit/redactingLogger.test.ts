import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ILogger } from '@rocket.chat/apps-engine/definition/accessors';
import { redact, redactEveryLine, redactingLogger } from '../../src/logging/redactingLogger';

const KEY = 'a'.repeat(64);

test('password settings lose their value, other settings keep theirs', () => {
  const logged = redact({ id: 'jeedom_api_key', type: 'password', value: KEY, packageValue: '' });
  assert.deepEqual(logged, { id: 'jeedom_api_key', type: 'password', value: '[redacted]', packageValue: '' });
  assert.deepEqual(redact({ id: 'jeedom_timeout', type: 'int', value: 10 }), {
    id: 'jeedom_timeout',
    type: 'int',
    value: 10,
  });
});

test('nested settings (old and new) are redacted too', () => {
  const logged = JSON.stringify(
    redact([
      {
        oldSetting: { id: 'webhook_secret', type: 'password', value: 'old-secret-123' },
        newSetting: { id: 'webhook_secret', type: 'password', value: 'new-secret-456' },
      },
    ]),
  );
  assert.ok(!logged.includes('old-secret-123') && !logged.includes('new-secret-456'));
});

test('an apikey in a pasted URL is masked in any string', () => {
  const logged = JSON.stringify(
    redact({ id: 'jeedom_url', type: 'string', value: `http://jeedom/core/api/jeeApi.php?apikey=${KEY}` }),
  );
  assert.ok(!logged.includes(KEY));
  assert.match(logged, /apikey=\*\*\*/);
});

test('the wrapping logger forwards every level with redacted arguments', () => {
  const seen: unknown[][] = [];
  const record = (...items: unknown[]) => seen.push(items);
  const base = {
    debug: record,
    info: record,
    log: record,
    warn: record,
    error: record,
    success: record,
  } as unknown as ILogger;
  const logger = redactingLogger(base);
  logger.debug('result', { id: 'jeedom_api_key', type: 'password', value: KEY });
  logger.error(`failed for ?apikey=${KEY}`);
  assert.equal(seen.length, 2);
  assert.ok(!JSON.stringify(seen).includes(KEY));
  assert.equal(redactingLogger(base), logger, 'one wrapper per logger');
});

test('a logger object made to redact every line hides password settings the engine logs with it', () => {
  const lines: unknown[][] = [];
  const record = (...items: unknown[]) => lines.push(items);
  const logger = { debug: record, info: record, log: record, warn: record, error: record, success: record };
  redactEveryLine(logger as unknown as ILogger);
  redactEveryLine(logger as unknown as ILogger);
  const setting = { id: 'webhook_secret', type: 'password', value: 'a-secret-of-thirty-characters!' };
  logger.debug({ msg: 'The result is:', result: setting });
  assert.equal(lines.length, 1);
  assert.doesNotMatch(JSON.stringify(lines), /a-secret-of-thirty/);
  assert.match(JSON.stringify(lines), /\[redacted\]/);
});
