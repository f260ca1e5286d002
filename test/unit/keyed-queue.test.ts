import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keyedQueue } from '../../src/concurrency/keyedQueue';

const tick = (ms = 5) => new Promise((resolve) => setTimeout(resolve, ms));

test('work for one key runs one after the other, in the order it came', async () => {
  const queue = keyedQueue();
  const log: string[] = [];
  const step = (name: string, ms: number) =>
    queue('room', async () => {
      log.push(`${name} start`);
      await tick(ms);
      log.push(`${name} end`);
      return name;
    });
  const results = await Promise.all([step('a', 15), step('b', 1), step('c', 5)]);
  assert.deepEqual(results, ['a', 'b', 'c']);
  assert.deepEqual(log, ['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
});

test('different keys run side by side', async () => {
  const queue = keyedQueue();
  const log: string[] = [];
  await Promise.all(
    ['x', 'y'].map((key) =>
      queue(key, async () => {
        log.push(`${key} start`);
        await tick(10);
        log.push(`${key} end`);
      }),
    ),
  );
  assert.deepEqual(log.slice(0, 2).sort(), ['x start', 'y start']);
});

test('a failure reaches its caller and does not stop the next work', async () => {
  const queue = keyedQueue();
  const failing = queue('k', async () => {
    throw new Error('boom');
  });
  const next = queue('k', async () => 'still runs');
  await assert.rejects(failing, /boom/);
  assert.equal(await next, 'still runs');
});
