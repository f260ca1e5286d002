import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';

import {
  listResult,
  okAsEmpty,
  pluginListSchema,
  pluginSchema,
  versionSchema,
} from '../../src/jeedom/schemas';

test('okAsEmpty maps 4.5\'s "ok" to the empty value and passes 4.4 values through', () => {
  const count = okAsEmpty(z.number(), 0);
  assert.equal(count.parse('ok'), 0);
  assert.equal(count.parse(0), 0);
  assert.equal(count.parse(7), 7);
  assert.equal(count.safeParse('7').success, false);
});

test('listResult accepts a list, [] (4.4) or "ok" (4.5)', () => {
  const ids = listResult(z.number());
  assert.deepEqual(ids.parse([1, 2]), [1, 2]);
  assert.deepEqual(ids.parse([]), []);
  assert.deepEqual(ids.parse('ok'), []);
  assert.equal(ids.safeParse('ko').success, false);
  assert.equal(ids.safeParse({}).success, false);
});

test('a plugin needs an id and a name; a numeric id becomes a string', () => {
  assert.deepEqual(pluginSchema.parse({ id: 42, name: 'X' }), { id: '42', name: 'X' });
  assert.equal(pluginSchema.safeParse({ id: '', name: 'X' }).success, false);
  assert.equal(pluginSchema.safeParse({ name: 'X' }).success, false);
  assert.equal(pluginSchema.safeParse({ id: 'x' }).success, false);
});

test('a plugin category is optional and an odd one is dropped rather than failing the list', () => {
  assert.deepEqual(pluginSchema.parse({ id: 'script', name: 'Script', category: ['a'] }), {
    id: 'script',
    name: 'Script',
    category: undefined,
  });
});

test('the plugin list strips fields we do not use (they can be large)', () => {
  const [plugin] = pluginListSchema.parse([
    { id: 'script', name: 'Script', category: 'programming', functionality: { cron: {} }, info: {} },
  ]);
  assert.deepEqual(Object.keys(plugin).sort(), ['category', 'id', 'name']);
});

test('a version is a non-empty string', () => {
  assert.equal(versionSchema.parse(' 4.5.3 '), '4.5.3');
  assert.equal(versionSchema.safeParse('').success, false);
  assert.equal(versionSchema.safeParse(4.5).success, false);
});
