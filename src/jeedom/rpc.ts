import type { IHttpResponse } from '@rocket.chat/apps-engine/definition/accessors';
import { z } from 'zod';

import { JeedomError } from './JeedomError';
import { classifyWireError } from './wireErrors';

export interface RpcRequest {
  readonly jsonrpc: '2.0';
  readonly id: number;
  readonly method: string;
  readonly params: Record<string, unknown>;
}

interface RpcContext {
  readonly method: string;
  /** Removes secrets from any text that came back from Jeedom. */
  readonly scrub: (text: string) => string;
}

/** The key goes in `params.apikey`: Jeedom reads no auth header. `ping` needs none. */
export function buildRpcRequest(
  id: number,
  method: string,
  params: Record<string, unknown>,
  apiKey?: string,
): RpcRequest {
  const withKey = apiKey === undefined ? { ...params } : { ...params, apikey: apiKey };
  return { jsonrpc: '2.0', id, method, params: withKey };
}

// Body of jeeApi.php when user::isBan() holds, both in 4.4 and 4.5.
const BAN_PAGE = /^<h1>404 Not Found<\/h1>|The page that you have requested could not be found/;

const wireErrorSchema = z.object({
  code: z.union([
    z.number().int(),
    z
      .string()
      .regex(/^-?\d+$/)
      .transform(Number),
  ]),
  message: z.string().catch(''),
});
type WireError = z.infer<typeof wireErrorSchema>;

/** Checks the HTTP layer and the JSON-RPC envelope, then parses `result` with `schema`. Throws JeedomError. */
export function parseRpcResponse<T>(
  response: IHttpResponse,
  schema: z.ZodType<T, z.ZodTypeDef, unknown>,
  context: RpcContext,
): T {
  checkHttpStatus(response, context.method);
  const body = readJson(response);
  if (body === undefined) {
    throw new JeedomError('protocol', `Jeedom answered ${context.method} with a non-JSON body`, {
      reason: 'not_json',
      method: context.method,
      httpStatus: response.statusCode,
    });
  }
  const envelope = readEnvelope(body.json, context.method);
  if ('error' in envelope) throw wireError(envelope.error, context);
  return parseResult(envelope.result, schema, context.method);
}

/**
 * Jeedom answers 200 to every JSON-RPC call, errors included. A 404 with its ban page means this IP was
 * banned after repeated failed logins (usually a wrong key), so we report `auth`, not `protocol`: the fix is
 * the key, then waiting out the ban or whitelisting the server. Any other 404 is a wrong URL.
 */
function checkHttpStatus(response: IHttpResponse, method: string): void {
  const status = response.statusCode;
  if (status === 200) return;
  if (status === 404 && typeof response.content === 'string' && BAN_PAGE.test(response.content.trim())) {
    throw new JeedomError(
      'auth',
      `Jeedom refused ${method}: this server's IP is banned after failed logins`,
      {
        reason: 'banned',
        method,
        httpStatus: status,
      },
    );
  }
  throw new JeedomError('protocol', `Jeedom answered ${method} with HTTP ${status}`, {
    reason: 'http_status',
    method,
    httpStatus: status,
  });
}

/** The bridge fills `data` only for JSON content types; `content` is the raw text, so prefer it. */
function readJson(response: IHttpResponse): { json: unknown } | undefined {
  if (typeof response.content === 'string') {
    try {
      // A BOM from a PHP file saved with one would break JSON.parse.
      return { json: JSON.parse(response.content.replace(/^\uFEFF/, '')) };
    } catch {
      return undefined;
    }
  }
  return response.data === undefined ? undefined : { json: response.data };
}

function readEnvelope(body: unknown, method: string): { error: WireError } | { result: unknown } {
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    const record = body as Record<string, unknown>;
    if (record.error !== undefined && record.error !== null) {
      const parsed = wireErrorSchema.safeParse(record.error);
      if (parsed.success) return { error: parsed.data };
    } else if ('result' in record) {
      return { result: record.result };
    }
  }
  throw new JeedomError('protocol', `Jeedom answered ${method} without a JSON-RPC result or error`, {
    reason: 'bad_envelope',
    method,
  });
}

function wireError(error: WireError, context: RpcContext): JeedomError {
  const jeedomMessage = context.scrub(error.message);
  const { kind, reason } = classifyWireError(error.code, jeedomMessage, context.method);
  return new JeedomError(kind, `Jeedom error ${error.code} on ${context.method}: ${jeedomMessage}`, {
    reason,
    method: context.method,
    jeedomCode: error.code,
    jeedomMessage,
  });
}

function parseResult<T>(result: unknown, schema: z.ZodType<T, z.ZodTypeDef, unknown>, method: string): T {
  const parsed = schema.safeParse(result);
  if (parsed.success) return parsed.data;
  // Paths and codes only: values may hold secrets (Jeedom returns keys and passwords in some answers).
  const issues = parsed.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.code}`)
    .join('; ');
  throw new JeedomError('protocol', `Jeedom result of ${method} is not as expected (${issues})`, {
    reason: 'bad_result',
    method,
  });
}
