// How Rocket.Chat's apps router reads a request before an app sees it: Express 4's query parser (`qs`) and
// the two body parsers of apps/meteor/app/apps/server/bridges/router.ts, `bodyParser.urlencoded()` then
// `bodyParser.json()` (body-parser 1.x, default options: 100kb limit, strict JSON, gzip/deflate accepted).
import type { IncomingMessage } from 'node:http';
import zlib from 'node:zlib';

/** body-parser's default `limit` ('100kb'): the apps router keeps it (no raised limit there). */
export const BODY_LIMIT = 100 * 1024;
// qs's and body-parser's `parameterLimit`.
const PARAMETER_LIMIT = 1000;

export type Query = Record<string, string | string[]>;

/** An error body-parser raises: Express's final handler answers it with its status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

// qs's decoder: `+` is a space, then percent-decoding; a malformed escape leaves the text as it is.
function decode(text: string): string {
  const spaced = text.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/**
 * `qs.parse` for flat keys: repeated keys become arrays, a key without `=` gets '', empty keys are dropped,
 * parameters past the 1000th are ignored. Bracketed keys (`a[b]=1`) stay flat here where qs would nest them.
 */
export function parseQueryString(text: string): Query {
  const result: Query = {};
  for (const part of text.split('&', PARAMETER_LIMIT)) {
    const eq = part.indexOf('=');
    const key = decode(eq === -1 ? part : part.slice(0, eq));
    // qs (allowPrototypes) would assign __proto__, which changes nothing on the object.
    if (key === '' || key === '__proto__') continue;
    const value = eq === -1 ? '' : decode(part.slice(eq + 1));
    const previous = Object.hasOwn(result, key) ? result[key] : undefined;
    result[key] = previous === undefined ? value : [...[previous].flat(), value];
  }
  return result;
}

interface MediaType {
  type: string;
  charset?: string;
}

// content-type's parse(): `type/subtype` (lower-cased) and its charset parameter. Invalid → undefined.
function mediaType(header: string | undefined): MediaType | undefined {
  if (!header) return undefined;
  const [type, ...params] = header.split(';').map((p) => p.trim());
  if (!/^[!#$%&'*+.^_`|~0-9a-z-]+\/[!#$%&'*+.^_`|~0-9a-z-]+$/i.test(type)) return undefined;
  const charset = params
    .map((p) => /^charset\s*=\s*"?([^";]*)"?$/i.exec(p)?.[1])
    .find((c) => c !== undefined);
  return { type: type.toLowerCase(), charset: charset?.toLowerCase() };
}

// type-is hasBody(): a Transfer-Encoding or a numeric Content-Length, whatever the method.
function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && !isNaN(Number(length)));
}

async function drain(req: IncomingMessage): Promise<void> {
  for await (const _chunk of req) void _chunk;
}

/** raw-body: the bytes, 413 past the limit (after draining, as Express's final handler waits for the body). */
async function readBytes(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (declared > limit) {
    await drain(req);
    throw new HttpError(413, 'request entity too large');
  }
  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    received += chunk.length;
    if (received <= limit) chunks.push(chunk);
  }
  if (received > limit) throw new HttpError(413, 'request entity too large');
  return Buffer.concat(chunks);
}

const INFLATE: Record<string, (raw: Buffer, options: zlib.ZlibOptions) => Buffer> = {
  gzip: zlib.gunzipSync,
  deflate: zlib.inflateSync,
};

/** body-parser's read(): inflated per Content-Encoding; the limit applies to the inflated bytes. */
async function readBody(req: IncomingMessage): Promise<Buffer> {
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding === 'identity') return readBytes(req, BODY_LIMIT);
  const inflate = Object.hasOwn(INFLATE, encoding) ? INFLATE[encoding] : undefined;
  if (!inflate) {
    await drain(req);
    throw new HttpError(415, `unsupported content encoding "${encoding}"`);
  }
  // Compressed data hardly ever outgrows its inflated size; the inflated size is what is limited.
  const raw = await readBytes(req, BODY_LIMIT * 2);
  try {
    return inflate(raw, { maxOutputLength: BODY_LIMIT });
  } catch (error) {
    const tooLarge = (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
    throw new HttpError(
      tooLarge ? 413 : 400,
      tooLarge ? 'request entity too large' : 'invalid compressed body',
    );
  }
}

// body-parser json (strict): '' → {}; otherwise the first non-blank character must open an object or array.
function parseJson(text: string): unknown {
  if (text.length === 0) return {};
  const first = /^[\x20\x09\x0a\x0d]*(.)/.exec(text)?.[1];
  if (first !== '{' && first !== '[') throw new HttpError(400, `Unexpected token ${first ?? 'end'} in JSON`);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new HttpError(400, (error as Error).message);
  }
}

function parseForm(text: string): Query {
  if (text.length === 0) return {};
  if (text.split('&').length > PARAMETER_LIMIT) throw new HttpError(413, 'too many parameters');
  return parseQueryString(text);
}

function textDecoder(charset: string): TextDecoder | undefined {
  try {
    return new TextDecoder(charset);
  } catch {
    return undefined;
  }
}

/**
 * `req.body` as the app gets it in `request.content`. body-parser 1.x sets `{}` before anything else, so a
 * request without a body, or with another content type (text/plain, multipart…), gives `{}`: the raw text
 * never reaches the app. JSON needs a utf-* charset, forms utf-8 (else 415).
 */
export async function readContent(req: IncomingMessage): Promise<unknown> {
  if (!hasBody(req)) return {};
  const media = mediaType(req.headers['content-type']);
  const form = media?.type === 'application/x-www-form-urlencoded';
  if (!form && media?.type !== 'application/json') return {};
  const charset = media.charset ?? 'utf-8';
  const decoder = (form ? charset === 'utf-8' : charset.startsWith('utf-'))
    ? textDecoder(charset)
    : undefined;
  if (!decoder) {
    await drain(req);
    throw new HttpError(415, `unsupported charset "${charset.toUpperCase()}"`);
  }
  const text = decoder.decode(await readBody(req));
  return form ? parseForm(text) : parseJson(text);
}
