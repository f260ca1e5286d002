import type { IHttpResponse, RequestMethod } from '@rocket.chat/apps-engine/definition/accessors';
import type * as HttpBridgeModule from '@rocket.chat/apps-engine/server/bridges/HttpBridge';
import type { IHttpBridgeRequestInfo } from '@rocket.chat/apps-engine/server/bridges/HttpBridge';
import http from 'node:http';
import https from 'node:https';
import { engineRequire } from '../engine';

const { HttpBridge } = engineRequire<typeof HttpBridgeModule>('server/bridges/HttpBridge');

const JSON_TYPES = [
  'application/json',
  'text/javascript',
  'application/javascript',
  'application/x-javascript',
];
const DEFAULT_TIMEOUT_MS = 3 * 60 * 1000;

interface PreparedRequest {
  url: URL;
  body?: string;
  headers: Record<string, string>;
  timeout: number;
  insecure: boolean;
}

/** Mirrors Rocket.Chat's AppHttpBridge request preparation (apps/meteor/app/apps/server/bridges/http.ts). */
function prepare(info: IHttpBridgeRequestInfo): PreparedRequest {
  const { request, method } = info;
  const url = new URL(info.url);
  const headers: Record<string, string> = { ...(request.headers ?? {}) };
  let body: string | undefined = request.content;
  if (!body && request.data !== undefined && typeof request.data === 'object') {
    body = JSON.stringify(request.data);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
      headers['Content-Type'] = 'application/json';
  }
  if (request.auth) {
    if (!request.auth.includes(':')) throw new Error('auth option should be of the form "username:password"');
    headers.Authorization = `Basic ${Buffer.from(request.auth, 'ascii').toString('base64')}`;
  }
  const getOrHead = ['GET', 'HEAD'].includes(method.toUpperCase());
  if (request.params) {
    if (body || getOrHead) {
      for (const [key, value] of Object.entries(request.params))
        if (value) url.searchParams.append(key, value);
    } else {
      body = new URLSearchParams(request.params).toString();
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
    }
  }
  if (request.query) url.search = url.search ? `${url.search}&${request.query}` : `?${request.query}`;
  // The server's quirk: certificate checks are skipped for strictSSL:false, and also for rejectUnauthorized:true.
  const insecure =
    ('strictSSL' in request && !request.strictSSL) ||
    ('rejectUnauthorized' in request && !!request.rejectUnauthorized);
  return {
    url,
    body: getOrHead ? undefined : body,
    headers,
    timeout: request.timeout || DEFAULT_TIMEOUT_MS,
    insecure,
  };
}

function send(
  method: string,
  prepared: PreparedRequest,
): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  const { url, body, headers, timeout, insecure } = prepared;
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      url,
      { method: method.toUpperCase(), headers, rejectUnauthorized: !insecure },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          clearTimeout(timer);
          const flat = Object.fromEntries(
            Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]),
          );
          resolve({ status: res.statusCode ?? 0, headers: flat, body: Buffer.concat(chunks) });
        });
        res.on('error', reject);
      },
    );
    // node-fetch's wording, which the server's fetch wraps: apps see these messages.
    const timer = setTimeout(() => req.destroy(new Error(`network timeout at: ${url.href}`)), timeout);
    req.on('error', (error: Error) => {
      clearTimeout(timer);
      reject(
        error.message.startsWith('network timeout')
          ? error
          : new Error(`request to ${url.href} failed, reason: ${error.message}`),
      );
    });
    req.end(body);
  });
}

const REDIRECTS = [301, 302, 303, 307, 308];

/**
 * The server's fetch is node-fetch with its defaults: it follows up to 20 redirects (303, and 301/302 after a
 * POST, become a GET without body; credentials are dropped when the host changes), and the app is told only
 * the address it asked for. An app cannot see a redirect, let alone refuse one.
 */
async function sendFollowing(
  method: string,
  prepared: PreparedRequest,
): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  let current = { method, prepared };
  for (let hop = 0; ; hop++) {
    const res = await send(current.method, current.prepared);
    const location = res.headers.location;
    if (!REDIRECTS.includes(res.status) || !location) return res;
    if (hop >= 20) throw new Error(`maximum redirect reached at: ${current.prepared.url.href}`);
    const url = new URL(location, current.prepared.url);
    const toGet =
      res.status === 303 || ([301, 302].includes(res.status) && current.method.toUpperCase() === 'POST');
    const headers = { ...current.prepared.headers };
    if (url.host !== current.prepared.url.host)
      for (const name of Object.keys(headers))
        if (/^(authorization|cookie|cookie2|www-authenticate)$/i.test(name)) delete headers[name];
    current = {
      method: toGet ? 'GET' : current.method,
      prepared: { ...current.prepared, url, headers, body: toGet ? undefined : current.prepared.body },
    };
  }
}

/**
 * Like the server's `censorUrl` when it logs app requests: credentials and key-like query values masked
 * (Jeedom's camera plugin, for one, takes its key in the URL).
 */
export function censorUrl(url: URL): string {
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  for (const key of [...copy.searchParams.keys()]) {
    if (/key|token|password|secret|hash/i.test(key)) copy.searchParams.set(key, '***');
  }
  return copy.href;
}

/** One outbound call as an observer sees it. Bodies may carry keys: an observer must not keep them as they are. */
export interface ObservedCall {
  method: string;
  /** Censored like the server's request log. */
  url: string;
  ms: number;
  status?: number;
  error?: string;
  requestBody?: string;
  responseBody?: string;
}

export class RealHttpBridge extends HttpBridge {
  /** Every outbound call, for tests (method, URL, duration); bodies are not kept: they may carry keys. */
  readonly calls: Array<{ method: string; url: string; ms: number; status?: number; error?: string }> = [];
  private readonly observers = new Set<(call: ObservedCall) => void>();

  /** Sees every call as it ends (the playground's call list with a real Jeedom). Returns the unsubscribe. */
  observe(observer: (call: ObservedCall) => void): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  private notify(call: ObservedCall): void {
    for (const observer of this.observers) {
      try {
        observer(call);
      } catch {
        // an observer's failure must not change what the app receives
      }
    }
  }

  protected async call(info: IHttpBridgeRequestInfo): Promise<IHttpResponse> {
    const prepared = prepare(info);
    const started = Date.now();
    try {
      const res = await sendFollowing(info.method, prepared);
      const call = {
        method: info.method,
        url: censorUrl(prepared.url),
        ms: Date.now() - started,
        status: res.status,
      };
      this.calls.push(call);
      if (this.observers.size)
        this.notify({ ...call, requestBody: prepared.body, responseBody: res.body.toString('utf8') });
      return toResponse(info, res);
    } catch (error) {
      const call = {
        method: info.method,
        url: censorUrl(prepared.url),
        ms: Date.now() - started,
        error: String(error).split(prepared.url.href).join(censorUrl(prepared.url)),
      };
      this.calls.push(call);
      this.notify({ ...call, requestBody: prepared.body });
      throw error;
    }
  }
}

function toResponse(
  info: IHttpBridgeRequestInfo,
  res: { status: number; headers: Record<string, string>; body: Buffer },
): IHttpResponse {
  const result: IHttpResponse = {
    url: info.url,
    method: info.method as RequestMethod,
    statusCode: res.status,
    headers: res.headers,
  };
  if (info.request.encoding === null) {
    result.content = res.body as unknown as string;
    return result;
  }
  result.content = res.body.toString((info.request.encoding as BufferEncoding | undefined) ?? 'utf8');
  const contentType = (res.headers['content-type'] ?? '').split(';')[0];
  if (JSON_TYPES.includes(contentType)) {
    try {
      result.data = JSON.parse(result.content);
    } catch {
      result.data = null;
    }
  } else {
    result.data = null;
  }
  return result;
}
