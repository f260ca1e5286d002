import assert from 'node:assert/strict';
import { test } from 'node:test';

import { JeedomClient } from '../../src/jeedom/JeedomClient';
import type { JeedomConfig } from '../../src/jeedom/config';
import { FakeHttp, replyWith, rpcResult, type FakeReply } from './fakes/FakeHttp';

const KEY = 'AbCdEf0123456789AbCdEf0123456789AbCdEf0123456789AbCdEf0123456789';
const API_URL = 'https://jeedom.lan/core/api/jeeApi.php';

function setUp(reply: FakeReply, config: Partial<JeedomConfig> = {}) {
  const http = new FakeHttp(reply);
  const client = new JeedomClient(http, {
    apiUrl: API_URL,
    apiKey: KEY,
    timeoutMs: 5_000,
    tlsVerify: true,
    ...config,
  });
  return { http, client };
}

const SCRIPT = {
  id: 'script',
  name: 'Script',
  category: 'programming',
  description: 'x',
  filepath: '/var/www',
};
const CAMERA = { id: 'camera', name: 'Caméra', category: 'security', changelog: 'https://…' };

test('a call POSTs a JSON-RPC 2.0 object as `data` with a JSON Content-Type and the key in params', async () => {
  const { http, client } = setUp(replyWith(rpcResult({ id: '12', name: 'On', type: 'action' })));
  await client.cmd('12');
  assert.equal(http.calls.length, 1);
  const [call] = http.calls;
  assert.equal(call.method, 'post');
  assert.equal(call.url, API_URL);
  assert.equal(call.options.headers?.['Content-Type'], 'application/json');
  assert.equal(call.options.timeout, 5_000);
  assert.equal(call.options.content, undefined);
  assert.deepEqual(http.lastRpc(), {
    jsonrpc: '2.0',
    id: 1,
    method: 'cmd::byId',
    params: { id: '12', apikey: KEY },
  });
});

test('with TLS verification on, neither strictSSL nor rejectUnauthorized is sent', async () => {
  const { http, client } = setUp(replyWith(rpcResult('4.5.3')));
  await client.version();
  assert.ok(!('strictSSL' in http.calls[0].options));
  assert.ok(!('rejectUnauthorized' in http.calls[0].options));
});

test('with TLS verification off, strictSSL:false is sent and rejectUnauthorized never is', async () => {
  const { http, client } = setUp(replyWith(rpcResult('4.5.3')), { tlsVerify: false });
  await client.version();
  assert.equal(http.calls[0].options.strictSSL, false);
  assert.ok(!('rejectUnauthorized' in http.calls[0].options));
});

test('each request gets a fresh id', async () => {
  const { http, client } = setUp(replyWith(rpcResult('4.5.3')));
  await client.version();
  const first = http.lastRpc().id;
  await client.version();
  assert.notEqual(http.lastRpc().id, first);
});

test('ping answers "pong" and sends no key (Jeedom needs none for it)', async () => {
  const { http, client } = setUp(replyWith(rpcResult('pong')));
  assert.equal(await client.ping(), 'pong');
  assert.deepEqual(http.lastRpc().params, {});
});

test('version returns the version string', async () => {
  const { client } = setUp(replyWith(rpcResult('4.4.20')));
  assert.equal(await client.version(), '4.4.20');
});

test('listPlugins asks Jeedom to filter on activation with activateOnly 1 or 0', async () => {
  const { http, client } = setUp(replyWith(rpcResult([SCRIPT])));
  await client.listPlugins(true);
  assert.equal(http.lastRpc().params.activateOnly, 1);
  await client.listPlugins(false);
  assert.equal(http.lastRpc().params.activateOnly, 0);
});

test('listPlugins keeps id, name and category and strips the rest', async () => {
  const { client } = setUp(replyWith(rpcResult([SCRIPT, CAMERA])));
  assert.deepEqual(await client.listPlugins(false), [
    { id: 'script', name: 'Script', category: 'programming' },
    { id: 'camera', name: 'Caméra', category: 'security' },
  ]);
});

test('an empty plugin list parses in both dialects: [] (4.4) and "ok" (4.5)', async () => {
  for (const result of [[], 'ok']) {
    const { client } = setUp(replyWith(rpcResult(result)));
    assert.deepEqual(await client.listPlugins(true), []);
  }
});

test('a result with an id is accepted whether the id comes back as a number or a string', async () => {
  for (const id of [1, '1', 99999]) {
    const { client } = setUp(replyWith(rpcResult('4.5.3', id)));
    assert.equal(await client.version(), '4.5.3');
  }
});

test("an answer is parsed by its method's schema, transforms included", async () => {
  const { client } = setUp(replyWith(rpcResult({ value: '21.5', collectDate: '2025-01-01 10:00:00' })));
  assert.equal(await client.variable('heating'), '21.5');
  const bare = setUp(replyWith(rpcResult('on')));
  assert.equal(await bare.client.variable('heating'), 'on', 'a bare value as some versions send it');
});

test('the bridge-parsed `data` is used when the response has no raw content', async () => {
  const { client } = setUp(() => ({ ...rpcResult('4.5.3'), content: undefined }));
  assert.equal(await client.version(), '4.5.3');
});

test('a UTF-8 BOM before the JSON is tolerated', async () => {
  const reply = rpcResult('4.5.3');
  const { client } = setUp(() => ({ ...reply, content: `\uFEFF${reply.content}`, data: undefined }));
  assert.equal(await client.version(), '4.5.3');
});
