import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CallLog, type CallEntry, type CallListener } from './callLog';
import { FaultInjector, Sleeper, faultReply, type Fault, type FaultKind } from './faults';
import { registerCoreMethods } from './methods/core';
import type { SimPlugin } from './plugins';
import { execute, paramsForLog, parseEnvelope, render, type Envelope } from './rpc';
import { SimState, type Profile, type SimUser, type StateOptions } from './state';
import { init, readInput, writeReply, type HttpInput, type Reply } from './transport';
import type { MethodRegistry, MethodSpec } from './types';

export const API_PATH = '/core/api/jeeApi.php';

export type SimulatorOptions = StateOptions;

/** Another file of the box (a camera snapshot.php…): a plain function of the request. */
export type RouteHandler = (input: HttpInput) => Reply | Promise<Reply>;

export interface SimKeys {
  core: string;
  /** First enabled user of each profile; '' when there is none. */
  admin: string;
  user: string;
  restrict: string;
}

const NOT_FOUND: Reply = {
  status: 404,
  headers: { 'Content-Type': 'text/html; charset=iso-8859-1' },
  body: '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>\n',
};

const SIMPLE_API_MISSING: Reply = {
  status: 501,
  headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  body: 'Simulator: the simple HTTP API (type=…) is not simulated',
};

/** A Jeedom box on 127.0.0.1 speaking jeeApi JSON-RPC; method modules register into it. */
export class JeedomSimulator implements MethodRegistry {
  readonly state: SimState;
  private readonly methods = new Map<string, MethodSpec>();
  private readonly routes = new Map<string, RouteHandler>();
  private readonly log: CallLog;
  private readonly faults = new FaultInjector();
  private readonly sleeper = new Sleeper();
  private server: Server | undefined;
  private port = 0;

  constructor(options: SimulatorOptions = {}) {
    this.state = new SimState(options);
    this.log = new CallLog(() => this.state.secrets());
    registerCoreMethods(this);
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

  get baseUrl(): string {
    if (!this.server) throw new Error('The Jeedom simulator is not started');
    return `http://127.0.0.1:${this.port}`;
  }

  get apiUrl(): string {
    return `${this.baseUrl}${API_PATH}`;
  }

  get keys(): SimKeys {
    const first = (profile: Profile) =>
      this.state.users.find((u) => u.enabled && u.profile === profile)?.hash ?? '';
    return {
      core: this.state.coreKey,
      admin: first('admin'),
      user: first('user'),
      restrict: first('restrict'),
    };
  }

  /** The API key of a simulated user. */
  keyOf(login: string): string {
    return this.state.user(login).hash;
  }

  // --- extension points -----------------------------------------------------------------------

  register(method: string, spec: MethodSpec): void {
    if (this.methods.has(method)) throw new Error(`Jeedom method ${method} is already registered`);
    this.methods.set(method, spec);
  }

  unregister(method: string): void {
    this.methods.delete(method);
  }

  addRoute(pathname: string, handler: RouteHandler): void {
    if (pathname === API_PATH || this.routes.has(pathname)) throw new Error(`Route ${pathname} is taken`);
    this.routes.set(pathname, handler);
  }

  // --- run-time state -------------------------------------------------------------------------

  /** '4.4.x' and '4.5.x' select the dialect; an invalid version throws. */
  setVersion(version: string): void {
    this.state.version = version;
  }

  setHealthy(healthy: boolean): void {
    this.state.healthy = healthy;
  }

  setPluginActive(id: string, active: boolean): void {
    this.state.plugin(id).active = active;
  }

  addPlugin(plugin: SimPlugin): void {
    this.state.plugins.set(plugin.id, { ...plugin });
  }

  /** Uninstalls it: gone from plugin::listPlugin, active or not. */
  removePlugin(id: string): void {
    this.state.plugins.delete(id);
  }

  addUser(user: SimUser): void {
    if (this.state.users.some((u) => u.login === user.login)) throw new Error(`User ${user.login} exists`);
    this.state.users.push({ ...user });
  }

  setUserEnabled(login: string, enabled: boolean): void {
    this.state.user(login).enabled = enabled;
  }

  setUserProfile(login: string, profile: Profile): void {
    this.state.user(login).profile = profile;
  }

  // --- faults and call log --------------------------------------------------------------------

  setFault(fault: Fault | null): void {
    this.faults.set(fault);
  }

  get calls(): readonly CallEntry[] {
    return this.log.all();
  }

  clearCalls(): void {
    this.log.clear();
  }

  callCount(method?: string): number {
    return this.log.count(method);
  }

  /** Live notification of each call; returns the unsubscribe function. */
  onCall(listener: CallListener): () => void {
    return this.log.subscribe(listener);
  }

  // --- serving --------------------------------------------------------------------------------

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
    const fault = this.faults.take(undefined);
    if (fault?.kind === 'down') return void res.socket?.resetAndDestroy();
    if (fault?.kind === 'slow' && !(await this.sleeper.sleep(fault.delayMs))) return void res.destroy();
    writeReply(res, fault && fault.kind !== 'slow' ? faultReply(fault.kind) : await handler(input));
  }

  private async serveApi(input: HttpInput, res: ServerResponse, startedAt: number): Promise<void> {
    if (init(input, 'type') !== '') return writeReply(res, SIMPLE_API_MISSING);
    const envelope = parseEnvelope(input);
    const fault = this.faults.take(envelope.method);
    const record = (entry: Partial<CallEntry>) => this.record(envelope, startedAt, fault?.kind, entry);
    if (fault?.kind === 'down') {
      record({ ok: false });
      return void res.socket?.resetAndDestroy();
    }
    if (fault && fault.kind !== 'slow') {
      const reply = faultReply(fault.kind);
      record({ ok: false, httpStatus: reply.status });
      return writeReply(res, reply);
    }
    if (fault?.kind === 'slow' && !(await this.sleeper.sleep(fault.delayMs))) return void res.destroy();
    const outcome = await execute(envelope, { state: this.state, methods: this.methods });
    const { reply, result } = render(outcome, envelope, this.state);
    const error = outcome.kind === 'result' ? undefined : outcome.error;
    const code = outcome.kind === 'error' ? outcome.error.wireCode : undefined;
    record({
      ok: !error,
      result,
      error: error && { code, message: error.message },
      httpStatus: reply.status,
    });
    writeReply(res, reply);
  }

  private record(
    envelope: Envelope,
    startedAt: number,
    fault: FaultKind | undefined,
    entry: Partial<CallEntry>,
  ) {
    const { method } = envelope;
    const params = paramsForLog(envelope);
    this.log.add({
      method,
      params,
      startedAt,
      durationMs: Date.now() - startedAt,
      ok: false,
      fault,
      ...entry,
    });
  }
}
