import type { IncomingMessage, ServerResponse } from 'node:http';

/** One HTTP request as PHP sees it: `$_GET`, `$_POST` (form bodies only) and `php://input`. */
export interface HttpInput {
  pathname: string;
  query: URLSearchParams;
  form: URLSearchParams | null;
  body: string;
}

export interface Reply {
  status: number;
  headers: Record<string, string>;
  /** Text (JSON, HTML) or bytes (a camera's JPEG). */
  body: string | Uint8Array;
}

export async function readInput(req: IncomingMessage): Promise<HttpInput> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks).toString('utf8');
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const isForm =
    req.method === 'POST' && /^application\/x-www-form-urlencoded/i.test(req.headers['content-type'] ?? '');
  return {
    pathname: url.pathname,
    query: url.searchParams,
    form: isForm ? new URLSearchParams(body) : null,
    body,
  };
}

// PHP keeps the last of repeated query keys.
function last(params: URLSearchParams | null, name: string): string | undefined {
  return params?.getAll(name).at(-1);
}

/** Jeedom's init(): `$_GET`, then `$_POST`, else the default. */
export function init(input: HttpInput, name: string, fallback = ''): string {
  return last(input.query, name) ?? last(input.form, name) ?? fallback;
}

export function writeReply(res: ServerResponse, reply: Reply): void {
  if (res.destroyed) return;
  res.writeHead(reply.status, { ...reply.headers, 'Content-Length': Buffer.byteLength(reply.body) });
  res.end(reply.body);
}
