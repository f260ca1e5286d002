import { authenticate } from './auth';
import { coreErrors, JeedomError, PhpFatalError } from './errors';
import { checkRights } from './rights';
import {
  MISSING_ID,
  errorId,
  errorReply,
  fatalReply,
  successReply,
  wireResult,
  type Outcome,
} from './dialect';
import { phpLooseEqualsString, phpToString } from './php';
import type { SimState, SimUser } from './state';
import { init, type HttpInput, type Reply } from './transport';
import type { MethodContext, MethodSpec, Params } from './types';

const RESERVED_PLUGINS = ['apitts', 'apipro', 'apimarket'];

/** A JSON-RPC request as jsonrpc::__construct reads it. */
export interface Envelope {
  jsonrpc: unknown;
  method: string;
  rawParams: unknown;
  id: unknown;
  /** Came in the `request` GET/POST field rather than the raw body (matters for 4.4 error ids). */
  viaRequestField: boolean;
}

export interface RpcEnv {
  state: SimState;
  methods: ReadonlyMap<string, MethodSpec>;
}

function decodeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export function parseEnvelope(input: HttpInput): Envelope {
  const field = init(input, 'request');
  const decoded = decodeJson(field !== '' ? field : input.body);
  const rpc = isRecord(decoded) && !Array.isArray(decoded) ? decoded : {};
  return {
    jsonrpc: rpc.jsonrpc,
    method: phpLooseEqualsString(rpc.method, '') ? 'none' : phpToString(rpc.method),
    rawParams: rpc.params,
    id: rpc.id === undefined || rpc.id === null ? MISSING_ID : rpc.id,
    viaRequestField: field !== '',
  };
}

/** `params` may be an object or a JSON string; PHP then writes `$params['plugin']` into it. */
export function decodeParams(raw: unknown): Params {
  const value = raw === undefined || raw === null || isRecord(raw) ? raw : decodeJson(phpToString(raw));
  if (value === undefined || value === null || value === false) return {};
  if (isRecord(value)) return { ...value };
  throw new PhpFatalError('Cannot use a scalar value as an array');
}

/** The params for the call log: scalar params (a PHP fatal error) log as none. */
export function paramsForLog(envelope: Envelope): Params {
  try {
    return decodeParams(envelope.rawParams);
  } catch {
    return {};
  }
}

function context(method: string, user: SimUser | null, state: SimState): MethodContext {
  return {
    method,
    user,
    state,
    dialect: state.dialect,
    requireRights: (rights, denial = 'no_rights') => checkRights(user, rights, denial, method),
  };
}

/** jeeApi.php's JSON-RPC branch, in its order: version, plugin, key-less methods, key, method, rights. */
async function run(envelope: Envelope, env: RpcEnv): Promise<unknown> {
  if (!phpLooseEqualsString(envelope.jsonrpc, '2.0')) throw coreErrors.badVersion(envelope.jsonrpc);
  if (env.state.forbiddenMethods?.test(envelope.method)) throw coreErrors.forbiddenMethod();
  const params = decodeParams(envelope.rawParams);
  if (phpLooseEqualsString(params.plugin, '')) params.plugin = 'core';
  if (RESERVED_PLUGINS.includes(phpToString(params.plugin))) throw coreErrors.reservedPlugin();
  const spec = env.methods.get(envelope.method);
  if (spec?.rights === 'none') return spec.handler(params, context(envelope.method, null, env.state));
  const user = authenticate(env.state, params);
  if (!spec) throw coreErrors.unknownMethod(envelope.method);
  checkRights(user, spec.rights, spec.denial ?? 'no_rights', envelope.method);
  return spec.handler(params, context(envelope.method, user, env.state));
}

export async function execute(envelope: Envelope, env: RpcEnv): Promise<Outcome> {
  try {
    return { kind: 'result', result: await run(envelope, env) };
  } catch (error) {
    if (error instanceof JeedomError) return { kind: 'error', error };
    return { kind: 'fatal', error: error instanceof Error ? error : new Error(String(error)) };
  }
}

/** The HTTP answer for an outcome, and the value the client sees (for the call log). */
export function render(
  outcome: Outcome,
  envelope: Envelope,
  state: SimState,
): { reply: Reply; result?: unknown } {
  if (outcome.kind === 'fatal') return { reply: fatalReply() };
  if (outcome.kind === 'error') {
    return {
      reply: errorReply(errorId(state.dialect, envelope.id, envelope.viaRequestField), outcome.error),
    };
  }
  const result = wireResult(state.dialect, outcome.result);
  return { reply: successReply(envelope.id, result), result };
}
