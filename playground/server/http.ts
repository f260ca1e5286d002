/**
 * The playground's web server: the built page, the uploaded files under Rocket.Chat's links, the state as
 * JSON and as server-sent events, and the actions a person takes (validated with zod, refused with a reason).
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { z } from 'zod';
import type { PlaygroundState } from './view';

const STATE_TICK_MS = 200;
const MAX_BODY = 64 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/**
 * A refusal: its HTTP status, a code the page translates (`error_<code>` in playground/i18n) with its
 * params, and an English message for whoever calls the API directly.
 */
export class RequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly params: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    const detail = `${issue.path.join('.') || 'body'}: ${issue.message}`;
    throw new RequestError(400, 'bad_request', detail, { detail });
  }
  return result.data;
}

/** What the server serves: the playground itself. */
export interface PlaygroundActions {
  state(): PlaygroundState;
  send(input: unknown): Promise<void>;
  click(input: unknown): Promise<void>;
  clickNotice(input: unknown): Promise<void>;
  submitModal(input: unknown): Promise<void>;
  closeModal(input: unknown): void;
  setLanguage(input: unknown): void;
  runGarageScenario(): void;
  sendCameraNotification(): Promise<void>;
  readonly demoRoomId: string;
  upload(id: string): { type: string; buffer: Buffer } | undefined;
}

export interface ServeOptions {
  webRoot: string;
  port?: number;
  anyPortIfBusy?: boolean;
  host?: string;
}

export class PlaygroundHttp {
  private readonly streams = new Set<http.ServerResponse>();
  private lastState = '';
  private ticker?: NodeJS.Timeout;
  url = '';

  private constructor(
    private readonly server: http.Server,
    private readonly playground: PlaygroundActions,
    private readonly webRoot: string,
  ) {}

  static async start(playground: PlaygroundActions, options: ServeOptions): Promise<PlaygroundHttp> {
    const server = http.createServer();
    const served = new PlaygroundHttp(server, playground, options.webRoot);
    server.on('request', (req, res) => void served.handle(req, res));
    const host = options.host ?? '127.0.0.1';
    const listen = (port: number) =>
      new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, resolve);
      });
    try {
      await listen(options.port ?? 0);
    } catch (error) {
      // The default port taken (another playground?): any free one rather than no playground.
      if (!options.anyPortIfBusy || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      await listen(0);
    }
    const { port } = server.address() as AddressInfo;
    served.url = `http://${host}:${port}/`;
    served.ticker = setInterval(() => served.broadcast(), STATE_TICK_MS);
    return served;
  }

  private broadcast(): void {
    if (!this.streams.size) return;
    const json = JSON.stringify(this.playground.state());
    if (json === this.lastState) return;
    this.lastState = json;
    for (const stream of this.streams) stream.write(`data: ${json}\n\n`);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://playground');
    const playground = this.playground;
    try {
      if (req.method === 'GET' && url.pathname === '/api/state') return json(res, 200, playground.state());
      if (req.method === 'GET' && url.pathname === '/api/events') return this.openStream(res);
      if (req.method === 'POST' && url.pathname === '/api/send') {
        await playground.send(await readJson(req));
        return json(res, 200, { ok: true });
      }
      if (req.method === 'POST' && url.pathname === '/api/click') {
        await playground.click(await readJson(req));
        return json(res, 200, { ok: true });
      }
      if (req.method === 'POST' && url.pathname === '/api/click-notice') {
        await playground.clickNotice(await readJson(req));
        return json(res, 200, { ok: true });
      }
      if (req.method === 'POST' && url.pathname === '/api/modal/submit') {
        await playground.submitModal(await readJson(req));
        return json(res, 200, { ok: true });
      }
      if (req.method === 'POST' && url.pathname === '/api/modal/close') {
        playground.closeModal(await readJson(req));
        return json(res, 200, { ok: true });
      }
      if (req.method === 'POST' && url.pathname === '/api/language') {
        playground.setLanguage(await readJson(req));
        return json(res, 200, { ok: true });
      }
      // Both post in #maison: the page shows that room.
      if (req.method === 'POST' && url.pathname === '/api/demo/ask') {
        playground.runGarageScenario();
        return json(res, 200, { ok: true, roomId: playground.demoRoomId });
      }
      if (req.method === 'POST' && url.pathname === '/api/demo/camera') {
        await playground.sendCameraNotification();
        return json(res, 200, { ok: true, roomId: playground.demoRoomId });
      }
      if (req.method === 'GET' && url.pathname.startsWith('/file-upload/')) return this.serveUpload(url, res);
      if (req.method === 'GET') return this.serveStatic(url, res);
      return json(res, 405, { error: 'method not allowed' });
    } catch (error) {
      if (error instanceof RequestError)
        return json(res, error.status, { error: error.message, code: error.code, params: error.params });
      return json(res, 500, {
        error: error instanceof Error ? error.message : String(error),
        code: 'internal',
      });
    }
  }

  private openStream(res: http.ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
    });
    res.write(`data: ${JSON.stringify(this.playground.state())}\n\n`);
    this.streams.add(res);
    res.on('close', () => this.streams.delete(res));
  }

  private serveUpload(url: URL, res: http.ServerResponse): void {
    const upload = this.playground.upload(url.pathname.split('/')[2] ?? '');
    if (!upload) return json(res, 404, { error: 'no such file' });
    res.writeHead(200, { 'Content-Type': upload.type, 'Content-Length': upload.buffer.length });
    res.end(upload.buffer);
  }

  private serveStatic(url: URL, res: http.ServerResponse): void {
    const root = path.resolve(this.webRoot);
    const wanted = url.pathname === '/' ? '/index.html' : decodeURIComponent(url.pathname);
    const file = path.resolve(root, `.${wanted}`);
    if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile())
      return json(res, 404, { error: 'not found' });
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
    });
    fs.createReadStream(file).pipe(res);
  }

  async stop(): Promise<void> {
    if (this.ticker) clearInterval(this.ticker);
    for (const stream of this.streams) stream.end();
    this.streams.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new RequestError(413, 'too_large', 'request too large');
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new RequestError(400, 'not_json', 'the body must be JSON');
  }
}
