// How Rocket.Chat's apps router writes an app's answer: `res.set(headers); res.status(status);
// res.send(content)` (Express 4, apps/meteor/app/apps/server/bridges/api.ts), and how Express's final
// handler answers a body-parser error in production. Pure functions: the HTTP front writes the result.
import { createHash } from 'node:crypto';
import { STATUS_CODES, validateHeaderName, validateHeaderValue, type IncomingHttpHeaders } from 'node:http';

/** Response headers by lower-cased name. */
export type OutHeaders = Record<string, string | string[]>;

export interface WireReply {
  status: number;
  headers: OutHeaders;
  /** Undefined for HEAD: the headers describe a body that is not sent. */
  body?: Buffer;
}

export interface RequestInfo {
  method: string;
  headers: IncomingHttpHeaders;
}

/**
 * res.set(field, value): values become strings; a Content-Type without charset gets `charset=utf-8` when
 * mime says text/* or JSON/JavaScript; an array Content-Type, or a name or value Node refuses, throws.
 */
export function setHeader(out: OutHeaders, field: string, value: unknown): void {
  const name = field.toLowerCase();
  let text: string | string[] = Array.isArray(value) ? value.map(String) : String(value);
  if (name === 'content-type') {
    if (Array.isArray(text)) throw new TypeError('Content-Type cannot be set to an Array');
    const type: string = text;
    if (!/;\s*charset\s*=/.test(type) && /^text\/|^application\/(javascript|json)/.test(type.split(';')[0]))
      text = `${type}; charset=utf-8`;
  }
  validateHeaderName(field);
  for (const line of [text].flat()) validateHeaderValue(field, line);
  out[name] = text;
}

/** res.set(object): field by field, in order (a throw leaves the earlier ones set, as in Express). */
export function setHeaders(out: OutHeaders, headers: unknown): void {
  if (typeof headers !== 'object' || headers === null) return;
  for (const [field, value] of Object.entries(headers)) setHeader(out, field, value);
}

// Express's setCharset(): content-type's parse() then format() (type lower-cased, parameters sorted).
function withUtf8(type: string): string {
  const [mediaType, ...rest] = type.split(';').map((p) => p.trim());
  if (!/^[!#$%&'*+.^_`|~0-9a-z-]+\/[!#$%&'*+.^_`|~0-9a-z-]+$/i.test(mediaType))
    throw new TypeError('invalid media type');
  const params = new Map<string, string>();
  for (const param of rest.filter(Boolean)) {
    const [key, ...value] = param.split('=');
    params.set(key.trim().toLowerCase(), value.join('=').trim());
  }
  params.set('charset', 'utf-8');
  const sorted = [...params].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `; ${k}=${v}`);
  return mediaType.toLowerCase() + sorted.join('');
}

// The `etag` package, weak (Express's default `etag fn`): length in hex and 27 characters of a SHA-1.
function weakEtag(body: Buffer): string {
  const hash = createHash('sha1').update(body).digest('base64').substring(0, 27);
  return `W/"${body.length.toString(16)}-${hash}"`;
}

// req.fresh (the `fresh` package): a GET/HEAD 2xx or 304 whose If-None-Match / If-Modified-Since match.
function isFresh(req: RequestInfo, status: unknown, out: OutHeaders): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const code = Number(status);
  if (!((code >= 200 && code < 300) || code === 304)) return false;
  const noneMatch = req.headers['if-none-match'];
  const modifiedSince = req.headers['if-modified-since'];
  if (!noneMatch && !modifiedSince) return false;
  if (/(?:^|,)\s*?no-cache\s*?(?:,|$)/.test(req.headers['cache-control'] ?? '')) return false;
  if (noneMatch && noneMatch !== '*') {
    const etag = out.etag;
    const tags = noneMatch.split(',').map((t) => t.trim());
    if (typeof etag !== 'string' || !tags.some((t) => t === etag || t === `W/${etag}` || `W/${t}` === etag))
      return false;
  }
  if (modifiedSince) {
    const lastModified = out['last-modified'];
    if (typeof lastModified !== 'string' || !(Date.parse(lastModified) <= Date.parse(modifiedSince)))
      return false;
  }
  return true;
}

/**
 * res.status(status).send(content) of Express 4: strings as text/html, objects and booleans as JSON,
 * Buffers as octet-stream, null as an empty body, a bare number as Express's deprecated res.send(status).
 * String bodies get `charset=utf-8`; an ETag and req.fresh (304) as Express computes them. Throws, as
 * Node's writeHead does, for a status outside 100–999.
 */
export function send(out: OutHeaders, status: unknown, content: unknown, req: RequestInfo): WireReply {
  let code = status;
  let chunk = content;
  if (typeof chunk === 'number') {
    if (!out['content-type']) out['content-type'] = 'text/plain; charset=utf-8';
    code = chunk;
    chunk = STATUS_CODES[chunk];
  }
  if (typeof chunk === 'string') {
    if (!out['content-type']) out['content-type'] = 'text/html; charset=utf-8';
  } else if (chunk === null) chunk = '';
  else if (Buffer.isBuffer(chunk)) {
    if (!out['content-type']) out['content-type'] = 'application/octet-stream';
  } else if (typeof chunk === 'object' || typeof chunk === 'boolean') {
    // res.json(): JSON.stringify, application/json unless the app set a type.
    chunk = JSON.stringify(chunk);
    if (!out['content-type']) setHeader(out, 'Content-Type', 'application/json');
  }
  let body: Buffer | undefined;
  if (typeof chunk === 'string') {
    const type = out['content-type'];
    if (typeof type === 'string') out['content-type'] = withUtf8(type);
    body = Buffer.from(chunk, 'utf8');
  } else if (Buffer.isBuffer(chunk)) body = chunk;
  if (body) {
    out['content-length'] = String(body.length);
    if (!out.etag) out.etag = weakEtag(body);
  }
  if (isFresh(req, code, out)) code = 304;
  if (code === 204 || code === 304) {
    for (const name of ['content-type', 'content-length', 'transfer-encoding']) delete out[name];
    body = Buffer.alloc(0);
  }
  if (code === 205) {
    out['content-length'] = '0';
    delete out['transfer-encoding'];
    body = Buffer.alloc(0);
  }
  // Node's writeHead(): `statusCode |= 0`, then 100–999 only.
  const wire = Number(code) | 0;
  if (wire < 100 || wire > 999) throw new RangeError(`Invalid status code: ${String(code)}`);
  return { status: wire, headers: out, body: req.method === 'HEAD' ? undefined : body };
}

/** res.sendStatus(status): the reason phrase as text/plain (how the router answers an unknown app or path). */
export function sendStatus(status: number, req: RequestInfo): WireReply {
  return send(
    { 'content-type': 'text/plain; charset=utf-8' },
    status,
    STATUS_CODES[status] ?? String(status),
    req,
  );
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** Express's final handler for an error with a status (body-parser's 413, 415, 400), NODE_ENV=production. */
export function errorPage(status: number, req: RequestInfo): WireReply {
  const message = escapeHtml(STATUS_CODES[status] ?? String(status));
  const html = `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n<pre>${message}</pre>\n</body>\n</html>\n`;
  const body = Buffer.from(html, 'utf8');
  const headers = {
    'content-security-policy': "default-src 'none'",
    'x-content-type-options': 'nosniff',
    'content-type': 'text/html; charset=utf-8',
    'content-length': String(body.length),
  };
  return { status, headers, body: req.method === 'HEAD' ? undefined : body };
}
