/**
 * The harness's HTTP front, proven two ways: against a stand-in engine (every router and `res.send` rule,
 * fast), then through the official engine with the fixture app's `echo` endpoint, over a real socket.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { IApiRequest, IApiResponse } from '@rocket.chat/apps-engine/definition/api';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { packageApp } from '../../scripts/package';
import { JeedomSimulator } from '../../devkit/simulator';
import { BODY_LIMIT } from '../../devkit/harness/expressRequest';
import { HttpFront, type AppEndpoint } from '../../devkit/harness/httpFront';
import { RocketChatHarness } from '../../devkit/harness/RocketChatHarness';

const APP = 'app-1';

/** An engine stand-in: records what reached `executeApi`, answers what the test set. */
class FakeEngine {
  endpoints: AppEndpoint[] = [
    { appId: APP, path: 'hook', authRequired: false },
    { appId: APP, path: 'things/:id', authRequired: false },
    { appId: APP, path: 'mine', authRequired: true },
  ];
  received: Array<{ path: string; request: IApiRequest }> = [];
  answer: (request: IApiRequest) => IApiResponse | Promise<IApiResponse> = () => ({
    status: 200,
    content: 'ok',
  });

  async executeApi(_appId: string, path: string, request: IApiRequest): Promise<IApiResponse> {
    this.received.push({ path, request });
    return this.answer(request);
  }
}

interface Reply {
  status: number;
  headers: Headers;
  text: string;
}

async function call(url: string, init: RequestInit = {}): Promise<Reply> {
  const response = await fetch(url, init);
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** A bare node:http GET: fetch would add `Cache-Control: no-cache` next to a conditional header. */
function rawGet(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      })
      .on('error', reject);
  });
}

const PAYLOAD_TOO_LARGE = /^<!DOCTYPE html>[\s\S]*<pre>Payload Too Large<\/pre>/;

describe('the HTTP front, against a stand-in engine', () => {
  const engine = new FakeEngine();
  const front = new HttpFront({
    endpoints: () => engine.endpoints,
    executeApi: (appId, path, request) => engine.executeApi(appId, path, request),
  });
  let base = '';
  const last = () => engine.received[engine.received.length - 1];

  before(async () => {
    base = `${await front.start()}/api/apps/public/${APP}`;
  });

  after(async () => {
    await front.stop();
  });

  test('every method reaches the endpoint, lower-cased, with the route params', async () => {
    for (const method of ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      assert.equal((await call(`${base}/hook`, { method })).status, 200, method);
      assert.equal(last().request.method, method.toLowerCase());
      assert.deepEqual(last().request.params, {});
    }
    await call(`${base}/things/lamp%201`);
    assert.deepEqual([last().path, last().request.params], ['things/:id', { id: 'lamp 1' }]);
  });

  test('routes match without case and with a trailing slash; the app id must be exact', async () => {
    assert.equal((await call(`${base.replace('/api/apps/public', '/API/Apps/PUBLIC')}/HOOK/`)).status, 200);
    const missing = await call(`${base}/hook/extra`);
    assert.deepEqual([missing.status, missing.text], [404, 'Not Found']);
    assert.match(missing.headers.get('content-type') ?? '', /^text\/plain; charset=utf-8/);
    assert.equal((await call(`${base.replace(APP, APP.toUpperCase())}/hook`)).status, 404);
  });

  test('no body, or a type the router does not parse: the app gets {}', async () => {
    await call(`${base}/hook`);
    assert.deepEqual(last().request.content, {});
    await call(`${base}/hook`, {
      method: 'POST',
      body: 'plain words',
      headers: { 'content-type': 'text/plain' },
    });
    assert.deepEqual(last().request.content, {});
  });

  test('bad bodies: invalid or non-object JSON 400, unknown charset 415, gzip inflated', async () => {
    const post = (body: BodyInit, headers: Record<string, string>) =>
      call(`${base}/hook`, { method: 'POST', body, headers });
    assert.equal((await post('{"a":', { 'content-type': 'application/json' })).status, 400);
    assert.equal((await post('"text"', { 'content-type': 'application/json' })).status, 400);
    assert.equal(
      (await post('a=1', { 'content-type': 'application/x-www-form-urlencoded; charset=latin1' })).status,
      415,
    );
    const zipped = gzipSync(JSON.stringify({ zipped: true }));
    const reply = await post(zipped, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    assert.equal(reply.status, 200);
    assert.deepEqual(last().request.content, { zipped: true });
    const bomb = gzipSync(JSON.stringify({ pad: 'x'.repeat(BODY_LIMIT) }));
    assert.match(
      (await post(bomb, { 'content-type': 'application/json', 'content-encoding': 'gzip' })).text,
      PAYLOAD_TOO_LARGE,
    );
  });

  test('authRequired: 401 without a login; the logged-in user reaches the app', async () => {
    const unauthorized = await call(`${base}/mine`);
    assert.deepEqual([unauthorized.status, unauthorized.text], [401, 'Unauthorized']);
    const user = { id: 'u1', username: 'alice' } as IUser;
    assert.equal((await call(`${base}/mine`, { headers: front.login(user) })).status, 200);
    assert.equal(last().request.user?.username, 'alice');
    const forged = { 'X-User-Id': 'u2', 'X-Auth-Token': front.login(user)['X-Auth-Token'] };
    assert.equal((await call(`${base}/mine`, { headers: forged })).status, 401);
  });

  test('access_token is taken out of the query unless a user/token header pair is sent', async () => {
    await call(`${base}/hook?access_token=abc&room=x`);
    assert.deepEqual(last().request.query, { room: 'x' });
    await call(`${base}/hook?access_token=abc`, { headers: { 'x-user-id': 'u', 'x-auth-token': 't' } });
    assert.deepEqual(last().request.query, { access_token: 'abc' });
  });

  test('res.send: objects as JSON, strings as HTML, null empty, a bare number as a status', async () => {
    const answer = async (response: IApiResponse) => {
      engine.answer = () => response;
      return call(`${base}/hook`);
    };
    const json = await answer({ status: 201, content: { ok: true } });
    assert.deepEqual(
      [json.status, json.headers.get('content-type'), json.text],
      [201, 'application/json; charset=utf-8', '{"ok":true}'],
    );
    const html = await answer({ status: 200, content: 'hi' });
    assert.equal(html.headers.get('content-type'), 'text/html; charset=utf-8');
    const typed = await answer({ status: 200, headers: { 'Content-Type': 'text/plain' }, content: 'hi' });
    assert.equal(typed.headers.get('content-type'), 'text/plain; charset=utf-8');
    const empty = await answer({ status: 200, content: null });
    assert.deepEqual([empty.text, empty.headers.get('content-type')], ['', null]);
    const number = await answer({ status: 200, content: 404 });
    assert.deepEqual([number.status, number.text], [404, 'Not Found']);
    const invalid = await answer({ status: 42 as never, content: 'x' });
    assert.deepEqual([invalid.status, invalid.text], [500, 'Invalid status code: 42']);
    const arrayType = await answer({
      status: 200,
      headers: { 'content-type': ['a/b'] as never },
      content: 'x',
    });
    assert.deepEqual([arrayType.status, arrayType.text], [500, 'Content-Type cannot be set to an Array']);
    engine.answer = () => ({ status: 200, content: 'ok' });
  });

  test('a rejected executeApi answers 500 with its message', async () => {
    engine.answer = () => Promise.reject({ code: -32000, message: "hook's put not exists" });
    const reply = await call(`${base}/hook`, { method: 'PUT' });
    assert.deepEqual([reply.status, reply.text], [500, "hook's put not exists"]);
    engine.answer = () => ({ status: 200, content: 'ok' });
  });

  test('ETag and If-None-Match: 304 as Express answers it (not under no-cache); HEAD gets headers only', async () => {
    const first = await call(`${base}/hook`);
    const etag = first.headers.get('etag') ?? '';
    assert.match(etag, /^W\/"2-/);
    assert.equal(await rawGet(`${base}/hook`, { 'if-none-match': etag }), 304);
    assert.equal(await rawGet(`${base}/hook`, { 'if-none-match': etag, 'cache-control': 'no-cache' }), 200);
    const head = await call(`${base}/hook`, { method: 'HEAD' });
    assert.deepEqual([head.status, head.text, head.headers.get('content-length')], [200, '', '2']);
  });

  test('private URLs: any hash reaches a public endpoint (the engine checks it only for private ones)', async () => {
    await call(`${front.url}/api/apps/private/${APP}/some-hash/hook`);
    assert.equal(last().request.privateHash, 'some-hash');
    assert.equal(front.requests.at(-1)?.path, `/api/apps/private/${APP}/[hash]/hook`);
  });

  test('the request log: secrets masked, no header value', async () => {
    front.clearRequests();
    await call(`${base}/hook?apikey=k1&token=t1&password=p1&user_token=t2&room=x&room=y`, {
      headers: { Authorization: 'Bearer s3cr3t-value' },
    });
    await call(`${base}/hook`, { headers: { Authorization: 'justatoken' } });
    const [first, second] = front.requests;
    assert.deepEqual(first.query, {
      apikey: '[redacted]',
      token: '[redacted]',
      password: '[redacted]',
      user_token: '[redacted]',
      room: ['x', 'y'],
    });
    assert.deepEqual(
      [first.authorization, second.authorization],
      [{ present: true, scheme: 'Bearer' }, { present: true }],
    );
    assert.deepEqual(
      [first.method, first.path, first.status, first.endpoint],
      ['GET', `/api/apps/public/${APP}/hook`, 200, 'hook'],
    );
    const text = JSON.stringify(front.requests);
    for (const secret of ['k1', 't1', 'p1', 't2', 's3cr3t', 'justatoken'])
      assert.ok(!text.includes(secret), secret);
  });
});

describe('the HTTP front of a harness running the fixture app', () => {
  let rc: RocketChatHarness;
  let echo = '';

  before(async () => {
    rc = await RocketChatHarness.start({
      zipPath: await packageApp({ appRoot: path.join(__dirname, 'fixture-app') }),
    });
    echo = rc.endpointUrl('echo');
  });

  after(async () => {
    await rc?.stop();
  });

  const json = async (url: string, init?: RequestInit) => {
    const reply = await call(url, init);
    return { ...reply, body: JSON.parse(reply.text) as Record<string, unknown> };
  };

  test('listens on 127.0.0.1, and the server setting Site_Url says so', () => {
    assert.match(rc.siteUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(rc.world.serverSettings.get('Site_Url'), rc.siteUrl);
    assert.equal(echo, `${rc.siteUrl}/api/apps/public/${rc.appId}/echo`);
  });

  test('GET: the query parsed as Express does (+ is a space, repeated keys an array), content {}', async () => {
    const reply = await json(`${echo}?q=hello+world&tag=a&tag=b&euro=%E2%82%AC&empty`);
    assert.equal(reply.status, 200);
    assert.equal(reply.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.deepEqual(reply.body, {
      method: 'get',
      query: { q: 'hello world', tag: ['a', 'b'], euro: '€', empty: '' },
      content: {},
      authorization: false,
    });
  });

  test('POST JSON and POST form: parsed bodies; header names reach the app in lower case', async () => {
    const posted = await json(echo, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', AUTHORIZATION: 'Bearer 0123456789' },
      body: JSON.stringify({ room: 'general', open: true }),
    });
    assert.deepEqual(posted.body, {
      method: 'post',
      query: {},
      content: { room: 'general', open: true },
      authorization: true,
    });
    const form = await json(echo, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'title=Porte+ouverte&message=%C3%A0+18h&to=a&to=b',
    });
    assert.deepEqual(form.body.content, { title: 'Porte ouverte', message: 'à 18h', to: ['a', 'b'] });
  });

  test('404 for an unknown app or path; 500 with the message for a method the endpoint lacks', async (t) => {
    t.mock.method(console, 'error', () => undefined);
    assert.equal((await call(`${rc.siteUrl}/api/apps/public/no-such-app/echo`)).status, 404);
    assert.deepEqual(
      await call(`${rc.siteUrl}/api/apps/public/${rc.appId}/nowhere`).then((r) => [r.status, r.text]),
      [404, 'Not Found'],
    );
    const put = await call(echo, { method: 'PUT' });
    assert.deepEqual([put.status, put.text], [500, "echo's put not exists"]);
  });

  test('a body over 100kb: 413, and the app is not called', async () => {
    const at = (n: number) => JSON.stringify({ pad: 'x'.repeat(n - 10) });
    const exact = at(BODY_LIMIT);
    assert.equal(Buffer.byteLength(exact), BODY_LIMIT);
    const headers = { 'Content-Type': 'application/json' };
    assert.equal((await call(echo, { method: 'POST', headers, body: exact })).status, 200);
    const over = await call(echo, { method: 'POST', headers, body: at(BODY_LIMIT + 1) });
    assert.equal(over.status, 413);
    assert.match(over.text, PAYLOAD_TOO_LARGE);
    assert.equal(rc.httpFront.requests.at(-1)?.endpoint, undefined);
  });

  test('the request log never holds an Authorization value or a secret query value', async () => {
    rc.httpFront.clearRequests();
    const secret = 'Bearer very-secret-room-token-42';
    await call(`${echo}?token=query-secret-99`, { headers: { Authorization: secret } });
    const [entry] = rc.httpFront.requests;
    assert.deepEqual(entry.authorization, { present: true, scheme: 'Bearer' });
    assert.deepEqual(entry.query, { token: '[redacted]' });
    const leaks = rc.findSecrets(['very-secret-room-token-42', 'query-secret-99']);
    assert.deepEqual(
      leaks.filter((place) => place.startsWith('http request')),
      [],
    );
    // The engine itself logs every endpoint call whole, at debug, into the app's log (Rocket.Chat's
    // "Logs" tab): the Authorization header and the query included. Pinned here: apps must live with it.
    assert.equal(leaks.length, 1);
    assert.match(leaks[0], /^log: debug api:echo:get .*"authorization":"Bearer very-secret-room-token-42"/);
  });

  test("Jeedom's script plugin calls it: urlencode()d text arrives decoded, basic auth as a header", async () => {
    const sim = new JeedomSimulator();
    try {
      const eqLogic = sim.equipment.addEqLogic({ name: 'Rocket.Chat', eqType_name: 'script', isEnable: 1 });
      const send = sim.equipment.addCmd({
        eqLogic_id: eqLogic,
        name: 'Envoyer',
        type: 'action',
        subType: 'message',
        configuration: {
          requestType: 'http',
          request: `${echo}?room=R1&title=#title#&message=#message#`,
          http_username: 'jeedom',
          http_password: 'room-token-0123456789',
        },
      });
      rc.httpFront.clearRequests();
      await sim.executeCommand(send, { title: "L'alarme", message: 'Porte ouverte à 18h (garage) #1' });
      const [attempt] = sim.scriptRequests;
      assert.equal(attempt.status, 200);
      assert.deepEqual(JSON.parse(attempt.body ?? ''), {
        method: 'get',
        query: { room: 'R1', title: "L'alarme", message: 'Porte ouverte à 18h (garage) #1' },
        content: {},
        authorization: true,
      });
      assert.deepEqual(rc.httpFront.requests[0].authorization, { present: true, scheme: 'Basic' });
    } finally {
      await sim.stop();
    }
  });

  test('a restart keeps the port; the app answers on it again', async () => {
    const url = rc.siteUrl;
    await rc.restart();
    assert.equal(rc.siteUrl, url);
    assert.equal((await call(echo)).status, 200);
  });
});
