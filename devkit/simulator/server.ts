import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CallEntry, CallLog } from './callLog';
import { JeedomError } from './errors';
import { FaultInjector, Sleeper, faultReply, type Fault } from './faults';
import { execute, paramsForLog, parseEnvelope, render, type Envelope } from './rpc';
import type { SimState } from './state';
import { init, readInput, writeReply, type HttpInput, type Reply } from './transport';
import type { MethodSpec } from './types';

export const API_PATH = '/core/api/jeeApi.php';

/** Another file of the box (a camera snapshot.php…): a plain function of the request. */
export type RouteHandler = (input: HttpInput) => Reply | Promise<Reply>;

/** Apache's answer for a file the box does not have (an uninstalled plugin's page…). */
export const NOT_FOUND: Reply = {
  status: 404,
  headers: { 'Content-Type': 'text/html; charset=iso-8859-1' },
  body: '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>\n',
};

const SIMPLE_API_MISSING: Reply = {
  status: 501,
  headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  body: 'Simulator: the simple HTTP API (type=…) is not simulated',
};

export interface BoxParts {
  state: SimState;
  methods: ReadonlyMap<string, MethodSpec>;
  log: CallLog;
}

/** How long a swallowed request stays open at most (stop() ends it sooner). */
const HANG_MS = 600_000;

/** The HTTP side of the box: the port, jeeApi.php and other routes, faults, the call log. */
export class HttpFront {
  readonly routes = new Map<string, RouteHandler>();
  private readonly faults = new FaultInjector();
  private readonly sleeper = new Sleeper();
  private server: Server | undefined;
  private port = 0;

  constructor(private readonly box: BoxParts) {}

  get url(): string | undefined {
    return this.server && `http://127.0.0.1:${this.port}`;
  }

  setFault(fault: Fault | null): void {
    this.faults.set(fault);
  }

  /** Resolves when a slow or hanging fault next holds a request. */
  nextDelay(): Promise<void> {
    return this.sleeper.nextSleep();
  }

  async start(): Promise<void> {
    if (this.server) throw new Error('The Jeedom simulator is already started');
    const server = createServer((req, res) => void this.onRequest(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  /** Closes the port, every open connection and every pending delay. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.sleeper.cancelAll();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const startedAt = Date.now();
      const input = await readInput(req);
      if (input.pathname === API_PATH) await this.serveApi(input, res, startedAt);
      else await this.serveRoute(input, res);
    } catch (error) {
      // A simulator bug must be loud in the test that hit it, not a silent hang.
      if (res.headersSent) res.destroy();
      else
        writeReply(res, { status: 500, headers: {}, body: `Simulator error: ${(error as Error).message}` });
    }
  }

  private async serveRoute(input: HttpInput, res: ServerResponse): Promise<void> {
    const handler = this.routes.get(input.pathname);
    if (!handler) return writeReply(res, NOT_FOUND);
    const fault = this.faults.take(undefined, input.pathname);
    if (fault?.kind === 'down') return void res.socket?.resetAndDestroy();
    if (fault?.kind === 'hang') return void (await this.sleeper.sleep(HANG_MS), res.destroy());
    if (fault?.kind === 'slow' && !(await this.sleeper.sleep(fault.delayMs))) return void res.destroy();
    writeReply(res, fault && fault.kind !== 'slow' ? faultReply(fault.kind) : await handler(input));
  }

  private async serveApi(input: HttpInput, res: ServerResponse, startedAt: number): Promise<void> {
    if (init(input, 'type') !== '') return writeReply(res, SIMPLE_API_MISSING);
    const envelope = parseEnvelope(input);
    const fault = this.faults.take(envelope.method);
    const record = (entry: Partial<CallEntry>) =>
      this.record(envelope, startedAt, { fault: fault?.kind, ...entry });
    if (fault?.kind === 'down') {
      record({});
      return void res.socket?.resetAndDestroy();
    }
    if (fault?.kind === 'hang') {
      record({});
      await this.sleeper.sleep(HANG_MS);
      return void res.destroy();
    }
    if (fault && fault.kind !== 'slow') {
      const reply = faultReply(fault.kind, envelope.id);
      record({ httpStatus: reply.status });
      return writeReply(res, reply);
    }
    if (fault?.kind === 'slow' && !(await this.sleeper.sleep(fault.delayMs))) return void res.destroy();
    const outcome = await execute(envelope, this.box);
    const { reply, result } = render(outcome, envelope, this.box.state);
    if (outcome.kind === 'result') record({ ok: true, result, httpStatus: reply.status });
    else record({ error: errorOf(outcome.error), httpStatus: reply.status });
    writeReply(res, reply);
  }

  private record(envelope: Envelope, startedAt: number, entry: Partial<CallEntry>): void {
    const { method } = envelope;
    const durationMs = Date.now() - startedAt;
    this.box.log.add({ method, params: paramsForLog(envelope), startedAt, durationMs, ok: false, ...entry });
  }
}

function errorOf(error: Error): CallEntry['error'] {
  return { code: error instanceof JeedomError ? error.wireCode : undefined, message: error.message };
}
