import { CallLog, type CallEntry, type CallListener } from './callLog';
import type { Fault } from './faults';
import { registerCoreMethods } from './methods/core';
import { registerInteractMethods } from './methods/interact';
import { registerUserMethods } from './methods/users';
import type { SimPlugin } from './plugins';
import { API_PATH, HttpFront, type RouteHandler } from './server';
import { SimState, type Profile, type SimUser, type StateOptions } from './state';
import type { MethodRegistry, MethodSpec } from './types';

export type SimulatorOptions = StateOptions;

export interface SimKeys {
  core: string;
  /** First enabled user of each profile; '' when there is none. */
  admin: string;
  user: string;
  restrict: string;
}

/** A Jeedom box on 127.0.0.1 speaking jeeApi JSON-RPC; method modules register into it. */
export class JeedomSimulator implements MethodRegistry {
  readonly state: SimState;
  private readonly methods = new Map<string, MethodSpec>();
  private readonly log: CallLog;
  private readonly front: HttpFront;

  constructor(options: SimulatorOptions = {}) {
    this.state = new SimState(options);
    this.log = new CallLog(() => this.state.secrets());
    this.front = new HttpFront({ state: this.state, methods: this.methods, log: this.log });
    registerCoreMethods(this);
    registerUserMethods(this);
    registerInteractMethods(this);
  }

  /** Listens on 127.0.0.1, on a free port. */
  start(): Promise<void> {
    return this.front.start();
  }

  /** Closes the port, every open connection and every pending delay. */
  stop(): Promise<void> {
    return this.front.stop();
  }

  get baseUrl(): string {
    const url = this.front.url;
    if (!url) throw new Error('The Jeedom simulator is not started');
    return url;
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

  register(method: string, spec: MethodSpec): void {
    if (this.methods.has(method)) throw new Error(`Jeedom method ${method} is already registered`);
    this.methods.set(method, spec);
  }

  unregister(method: string): void {
    this.methods.delete(method);
  }

  addRoute(pathname: string, handler: RouteHandler): void {
    if (pathname === API_PATH || this.front.routes.has(pathname))
      throw new Error(`Route ${pathname} is taken`);
    this.front.routes.set(pathname, handler);
  }

  /** Unscoped faults hit every request; `method` scopes one to a JSON-RPC method. */
  setFault(fault: Fault | null): void {
    this.front.setFault(fault);
  }

  /** '4.4.x' and '4.5.x' select the dialect; an invalid version throws and changes nothing. */
  setVersion(version: string): void {
    this.state.version = version;
  }

  /** What jeedom::isOk answers. */
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
}
