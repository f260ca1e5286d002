import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { z } from 'zod';

import { JeedomClient } from '../../src/jeedom/JeedomClient';
import { JeedomError, type JeedomErrorKind, type JeedomErrorReason } from '../../src/jeedom/JeedomError';
import { RpcTransport } from '../../src/jeedom/transport';
import {
  FakeHttp,
  jsonReply,
  neverReply,
  replyWith,
  rpcError,
  rpcResult,
  textReply,
  throwError,
  type FakeReply,
} from './fakes/FakeHttp';

const KEY = 'Zx9Qw8Er7Ty6Ui5Op4As3Df2Gh1Jk0LzXcVbNm1234567890abcdefghijklmnop';
const TIMEOUT_MS = 5_000;

const CONFIG = {
  apiUrl: 'http://192.168.1.10/core/api/jeeApi.php',
  apiKey: KEY,
  timeoutMs: TIMEOUT_MS,
  tlsVerify: true,
};

function clientFor(reply: FakeReply): JeedomClient {
  return new JeedomClient(new FakeHttp(reply), CONFIG);
}

/** Any JSON-RPC method, as the client's typed methods send it. */
function sendAs(reply: FakeReply, method: string): Promise<unknown> {
  return new RpcTransport(new FakeHttp(reply), CONFIG).send(method, {}, z.unknown(), true);
}

async function failure(promise: Promise<unknown>): Promise<JeedomError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof JeedomError, `expected a JeedomError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to fail');
}

interface Expected {
  kind: JeedomErrorKind;
  reason?: JeedomErrorReason;
  jeedomCode?: number;
}

async function expectFailure(reply: FakeReply, expected: Expected, method = 'version'): Promise<JeedomError> {
  const error = await failure(sendAs(reply, method));
  assert.equal(error.kind, expected.kind, error.message);
  if (expected.reason !== undefined) assert.equal(error.reason, expected.reason, error.message);
  if (expected.jeedomCode !== undefined) assert.equal(error.jeedomCode, expected.jeedomCode);
  assert.equal(error.method, method);
  return error;
}

// Transport

test('a network failure thrown by IHttp is "unreachable"', async () => {
  await expectFailure(throwError('request to http://192.168.1.10/ failed, reason: connect ECONNREFUSED'), {
    kind: 'unreachable',
    reason: 'network',
  });
});

test('a timeout reported by IHttp is "timeout", whatever its wording', async () => {
  const messages = [
    'network timeout at: http://192.168.1.10/core/api/jeeApi.php',
    '[app] Request "42" for method "bridges:getHttpBridge:doCall" timed out after 30000ms',
    'connect ETIMEDOUT 192.168.1.10:80',
    'The operation was aborted',
    'ESOCKETTIMEDOUT',
  ];
  for (const message of messages) {
    await expectFailure(throwError(message), { kind: 'timeout', reason: 'bridge_timeout' });
  }
});

test('a bridge that never answers still gives "timeout" at timeout + 500 ms', async (t: TestContext) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  let settled = false;
  const call = failure(clientFor(neverReply).version()).finally(() => {
    settled = true;
  });
  t.mock.timers.tick(TIMEOUT_MS + 499);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(settled, false);
  t.mock.timers.tick(1);
  const error = await call;
  assert.equal(error.kind, 'timeout');
  assert.equal(error.reason, 'deadline');
});

test('the deadline timer is cleared once Jeedom answers', async (t: TestContext) => {
  const setTimer = t.mock.method(globalThis, 'setTimeout');
  const clearTimer = t.mock.method(globalThis, 'clearTimeout');
  await clientFor(replyWith(rpcResult('4.5.3'))).version();
  assert.equal(setTimer.mock.callCount(), 1);
  const handle = setTimer.mock.calls[0].result;
  assert.ok(clearTimer.mock.calls.some((c) => c.arguments[0] === handle));
});

test('the deadline timer is cleared when the call fails too', async (t: TestContext) => {
  const setTimer = t.mock.method(globalThis, 'setTimeout');
  const clearTimer = t.mock.method(globalThis, 'clearTimeout');
  await failure(clientFor(throwError('ECONNREFUSED')).version());
  const handle = setTimer.mock.calls[0].result;
  assert.ok(clearTimer.mock.calls.some((c) => c.arguments[0] === handle));
});

// HTTP layer

test('Jeedom\'s banned-IP page (HTML, HTTP 404) is "auth" with reason "banned"', async () => {
  const page = '<h1>404 Not Found</h1>The page that you have requested could not be found.';
  const error = await expectFailure(replyWith(textReply(page, 404)), { kind: 'auth', reason: 'banned' });
  assert.equal(error.httpStatus, 404);
});

test('a 404 from a web server (wrong URL) is "protocol", not a ban', async () => {
  const page = '<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>';
  const error = await expectFailure(replyWith(textReply(page, 404)), {
    kind: 'protocol',
    reason: 'http_status',
  });
  assert.equal(error.httpStatus, 404);
});

test('HTTP 500 (a PHP fatal error) is "protocol"', async () => {
  const error = await expectFailure(replyWith(textReply('PHP Fatal error: Uncaught TypeError', 500)), {
    kind: 'protocol',
    reason: 'http_status',
  });
  assert.equal(error.httpStatus, 500);
});

test('a non-JSON body with HTTP 200 is "protocol"', async () => {
  await expectFailure(replyWith(textReply('<html>login</html>', 200)), {
    kind: 'protocol',
    reason: 'not_json',
  });
  await expectFailure(replyWith(textReply('', 200)), { kind: 'protocol', reason: 'not_json' });
});

test('JSON without a JSON-RPC result or error is "protocol"', async () => {
  for (const body of [{ jsonrpc: '2.0', id: 1 }, [1, 2], 'pong', null, { error: { code: 'x' } }]) {
    await expectFailure(replyWith(jsonReply(body)), { kind: 'protocol', reason: 'bad_envelope' });
  }
});

test('a result that does not match its schema is "protocol"', async () => {
  const calls = [
    () => clientFor(replyWith(rpcResult({ nope: true }))).listPlugins(true),
    () => clientFor(replyWith(rpcResult([{ id: 'script' }]))).listPlugins(true),
    () => clientFor(replyWith(rpcResult('pong?'))).ping(),
    () => clientFor(replyWith(rpcResult(''))).version(),
  ];
  for (const call of calls) {
    const error = await failure(call());
    assert.equal(error.kind, 'protocol');
    assert.equal(error.reason, 'bad_result');
  }
});

// Jeedom error codes

const NOT_ALLOWED = "Vous n'êtes pas autorisé à effectuer cette action";

test('code 2 (key not accepted) is "auth"', async () => {
  await expectFailure(replyWith(rpcError(2, NOT_ALLOWED)), {
    kind: 'auth',
    reason: 'key_refused',
    jeedomCode: 2,
  });
});

test('code 1 with the bare message (no key, API disabled, IP not allowed) is "auth"', async () => {
  await expectFailure(replyWith(rpcError(1, NOT_ALLOWED)), {
    kind: 'auth',
    reason: 'access_denied',
    jeedomCode: 1,
  });
  await expectFailure(replyWith(rpcError(1, 'You are not authorized to perform this action')), {
    kind: 'auth',
    reason: 'access_denied',
  });
});

test('code 1 naming the method (admin-only method, non-admin key) is "rights"', async () => {
  await expectFailure(
    replyWith(rpcError(1, `${NOT_ALLOWED} eqLogic::save`)),
    { kind: 'rights', reason: 'admin_only', jeedomCode: 1 },
    'eqLogic::save',
  );
  await expectFailure(
    replyWith(rpcError(1, 'Sie sind nicht berechtigt, diese Aktion auszuführen jeedom::backup')),
    { kind: 'rights', reason: 'admin_only' },
    'jeedom::backup',
  );
});

test('code 1 on creating a command (bare message) is "rights"', async () => {
  await expectFailure(
    replyWith(rpcError(1, NOT_ALLOWED)),
    { kind: 'rights', reason: 'admin_only' },
    'cmd::save',
  );
});

test('code 1 about the JSON-RPC version is "protocol"', async () => {
  await expectFailure(replyWith(rpcError(1, 'Requête invalide. Version JSON-RPC invalide : 1.0')), {
    kind: 'protocol',
    reason: 'bad_request',
  });
});

test('codes 601, 602, 702, 703 are "not_found"', async () => {
  const cases: Array<[number, string]> = [
    [601, 'Objet introuvable : 9'],
    [602, 'EqLogic introuvable : 9'],
    [702, 'Commande introuvable : 9'],
    [703, 'Scénario introuvable : 9'],
  ];
  for (const [code, message] of cases) {
    await expectFailure(replyWith(rpcError(code, message)), { kind: 'not_found', jeedomCode: code });
  }
});

test('code 701 is "not_found" for a missing command, in any dialect or language', async () => {
  for (const message of ['Commande introuvable : 12', 'Cmd introuvable : 12', 'Command not found: 12']) {
    await expectFailure(
      replyWith(rpcError(701, message)),
      { kind: 'not_found', jeedomCode: 701 },
      'cmd::byId',
    );
  }
});

test('code 701 is "rights" when the message is about rights', async () => {
  const messages = [
    "Vous n'avez pas les droits sur cette commande",
    "Vous n'avez pas les droits de faire cette action",
    'You do not have the rights to this scenario',
  ];
  for (const message of messages) {
    await expectFailure(replyWith(rpcError(701, message)), {
      kind: 'rights',
      reason: 'no_right',
      jeedomCode: 701,
    });
  }
});

test('codes 5 and 6 (access code, confirmation) are "rights"', async () => {
  await expectFailure(replyWith(rpcError(5, "Cette action nécessite un code d'accès")), {
    kind: 'rights',
    reason: 'code_required',
  });
  await expectFailure(replyWith(rpcError(6, 'Cette action nécessite une confirmation')), {
    kind: 'rights',
    reason: 'confirm_required',
  });
});

test('-32000 "Type incorrect (classe commande inexistante)" is "plugin_missing"', async () => {
  for (const message of [
    'Type incorrect (classe commande inexistante)scriptCmd',
    'Invalid type (non-existent command class)scriptCmd',
    'Ungültiger Typ (nicht vorhandene Auftragsklasse)scriptCmd',
  ]) {
    await expectFailure(replyWith(rpcError(-32000, message)), { kind: 'plugin_missing', jeedomCode: -32000 });
  }
});

test('-32000 "Cette demande n\'est pas autorisée" (4.5) and "…n\'est autorisée" (4.4) are "rights"', async () => {
  for (const message of ["Cette demande n'est pas autorisée 10.0.0.5", "Cette demande n'est autorisée"]) {
    await expectFailure(replyWith(rpcError(-32000, message)), { kind: 'rights', reason: 'method_forbidden' });
  }
});

test('-32000 on execCmd without the right is "rights"', async () => {
  await expectFailure(replyWith(rpcError(-32000, "Vous n'êtes pas autorisé à faire cette action")), {
    kind: 'rights',
    reason: 'no_right',
  });
});

test('500 "Aucune méthode correspondante" is "protocol"', async () => {
  await expectFailure(replyWith(rpcError(500, 'Aucune méthode correspondante : foo::bar')), {
    kind: 'protocol',
    reason: 'unknown_method',
    jeedomCode: 500,
  });
});

test('other Jeedom errors are "protocol" and keep Jeedom\'s message', async () => {
  const message = "[MySQL] Error code : 23000 (1062). Duplicate entry 'Salon-3' for key 'unique'";
  const error = await expectFailure(replyWith(rpcError(-32000, message)), {
    kind: 'protocol',
    reason: 'jeedom_error',
  });
  assert.equal(error.jeedomMessage, message);
  await expectFailure(replyWith(rpcError(-32599, 'x')), { kind: 'protocol', reason: 'jeedom_error' });
});

test('an error code sent as a numeric string is still understood', async () => {
  await expectFailure(replyWith(jsonReply({ jsonrpc: '2.0', id: 1, error: { code: '2', message: 'no' } })), {
    kind: 'auth',
    jeedomCode: 2,
  });
});

// Secrets

function assertNoKey(error: JeedomError): void {
  const everything = JSON.stringify({ ...error, message: error.message, stack: error.stack });
  assert.ok(!everything.includes(KEY), `key leaked: ${everything}`);
  assert.ok(!everything.includes(encodeURIComponent(KEY).slice(0, 20)));
}

test('the key never appears in a thrown error, even when the IHttp error message contains it', async () => {
  const messages = [
    `request to http://192.168.1.10/core/api/jeeApi.php?apikey=${KEY} failed, reason: ECONNRESET`,
    `body {"jsonrpc":"2.0","params":{"apikey":"${KEY}"}} timed out`,
    `weird failure ${KEY}`,
  ];
  for (const message of messages) {
    const error = await failure(clientFor(throwError(message)).version());
    assertNoKey(error);
  }
});

test("the key never appears in a thrown error, even when Jeedom's message contains it", async () => {
  for (const code of [2, 1, 701, -32000, 500]) {
    const error = await failure(clientFor(replyWith(rpcError(code, `Clé refusée : ${KEY}`))).version());
    assertNoKey(error);
    assert.match(error.jeedomMessage ?? '', /\*\*\*/);
  }
});

test('the key never appears in a thrown error when a result fails its schema', async () => {
  const error = await failure(clientFor(replyWith(rpcResult({ id: KEY }))).version());
  assertNoKey(error);
});

test('any apikey-looking value in an error text is masked, not only ours', async () => {
  const error = await failure(
    clientFor(throwError('GET /snapshot.php?id=3&apikey=OTHERSECRET failed')).version(),
  );
  assert.ok(!error.message.includes('OTHERSECRET'));
});
