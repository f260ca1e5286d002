import type { JeedomError } from './errors';
import { phpEmpty, phpJsonEncode } from './php';
import type { Dialect } from './state';
import type { Reply } from './transport';

export const MISSING_ID = 99999;

/** What a call ended with, before the dialect shapes it. */
export type Outcome =
  | { kind: 'result'; result: unknown }
  | { kind: 'error'; error: JeedomError }
  | { kind: 'fatal'; error: Error };

const API_HEADERS = {
  'Content-Type': 'application/json',
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'POST, GET',
  'Access-Control-Allow-Headers': 'Content-Type',
};

/** jsonrpc::makeSuccess: 4.5 turns any empty() result into "ok"; 4.4 only a missing one. */
export function wireResult(dialect: Dialect, result: unknown): unknown {
  if (dialect === '4.5') return phpEmpty(result) ? 'ok' : result;
  return result === undefined ? 'ok' : result;
}

/** 4.4's catch block re-parses only the `request` field, so raw-body requests get 99999. */
export function errorId(dialect: Dialect, id: unknown, viaRequestField: boolean): unknown {
  return dialect === '4.5' || viaRequestField ? id : MISSING_ID;
}

export function successReply(id: unknown, result: unknown): Reply {
  return { status: 200, headers: API_HEADERS, body: phpJsonEncode({ jsonrpc: '2.0', id, result }) };
}

export function errorReply(id: unknown, error: JeedomError): Reply {
  const body = phpJsonEncode({ jsonrpc: '2.0', id, error: { code: error.wireCode, message: error.message } });
  return { status: 200, headers: API_HEADERS, body };
}

/** An uncaught PHP Error: the JSON header was already sent, then PHP dies with a 500 and no body. */
export function fatalReply(body = ''): Reply {
  return { status: 500, headers: API_HEADERS, body };
}

/** A 200 answer whose body is not JSON, like a PHP warning printed by a box with display_errors on. */
export function rawReply(body: string): Reply {
  return { status: 200, headers: API_HEADERS, body };
}
