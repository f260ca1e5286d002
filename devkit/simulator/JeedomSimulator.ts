import type { Box } from './box';
import { CallLog, type CallEntry, type CallListener } from './callLog';
import { CameraPlugin, SNAPSHOT_PATH, type SimCameraInput, type SnapshotRequest } from './camera';
import { loadCmd } from './cmdModel';
import { cmdEvent, execCmd } from './cmdRuntime';
import { DataStoreTable, dataStoreValue } from './dataStore';
import { EquipmentState } from './equipment';
import type { Fault } from './faults';
import { registerCmdMethods } from './methods/cmd';
import { registerCoreMethods } from './methods/core';
import { registerDataStoreMethods } from './methods/datastore';
import { registerEqLogicMethods } from './methods/eqLogic';
import { registerInteractMethods } from './methods/interact';
import { registerObjectMethods } from './methods/object';
import { registerScenarioMethods } from './methods/scenario';
import { registerUserMethods } from './methods/users';
import { DEFAULT_OBJECTS, ObjectTable, type SimObjectInput } from './objects';
import type { SimPlugin } from './plugins';
import {
  ScenarioEngine,
  type AskOutcome,
  type RunOptions,
  type ScenarioError,
  type ScenarioRunHandle,
} from './scenarioRun';
import { ScenarioTable, type SimScenarioInput } from './scenarios';
import { ScriptHttp, type ScriptRequest } from './scriptHttp';
import { SCRIPT_HOOKS } from './scriptPlugin';
import { API_PATH, HttpFront, type RouteHandler } from './server';
import type { DbIntegers } from './sql';
import { SimState, type Profile, type SimUser, type StateOptions } from './state';
import type { MethodRegistry, MethodSpec } from './types';

export interface SimulatorOptions extends StateOptions {
  /** The box's objects (rooms); default Salon (1) inside Maison (2). */
  objects?: readonly SimObjectInput[];
  /**
   * How INT columns come back: 'number' (PHP ≥ 8.1, the default: what a real Jeedom 4.5.3 on Debian 12's PHP 8.2
   * answers, checked by test/contract/) or 'string' (PHP 7.4, a Debian 11 box).
   */
  dbIntegers?: DbIntegers;
}

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
  /** Rooms (jeeObject). */
  readonly objects: ObjectTable;
  /** eqLogic and cmd tables, cmd values and event history, restrict users' rights. */
  readonly equipment: EquipmentState;
  /** Scenarios and their element trees, restrict users' scenario rights. */
  readonly scenarios = new ScenarioTable();
  /** The dataStore table: scenario variables and the like. */
  readonly dataStore: DataStoreTable;
  private readonly engine: ScenarioEngine;
  private readonly methods = new Map<string, MethodSpec>();
  private readonly log: CallLog;
  private readonly front: HttpFront;
  private readonly http: ScriptHttp;
  private readonly box: Box;
  private readonly camera: CameraPlugin;
  private readonly builtinRoutes = new Set<string>();

  constructor(options: SimulatorOptions = {}) {
    this.state = new SimState(options);
    this.objects = new ObjectTable(options.objects ?? DEFAULT_OBJECTS, () => this.equipment.integers);
    this.equipment = new EquipmentState(this.objects);
    this.equipment.integers = options.dbIntegers ?? 'number';
    // Lazy: the camera plugin below is built after the logs that call this.
    const secrets = () => [...this.state.secrets(), ...this.equipment.secrets(), ...this.camera.secrets()];
    this.http = new ScriptHttp(secrets);
    const hooks = { script: SCRIPT_HOOKS };
    this.box = {
      state: this.state,
      objects: this.objects,
      equipment: this.equipment,
      http: this.http,
      hooks,
    };
    this.log = new CallLog(secrets);
    this.front = new HttpFront({ state: this.state, methods: this.methods, log: this.log });
    registerCoreMethods(this);
    registerUserMethods(this, () => this.equipment.integers);
    registerInteractMethods(this);
    registerObjectMethods(this, this.box);
    registerEqLogicMethods(this, this.box);
    registerCmdMethods(this, this.box);
    this.dataStore = new DataStoreTable(() => this.equipment.integers);
    this.engine = new ScenarioEngine(this.box, this.dataStore);
    registerScenarioMethods(this, { box: this.box, scenarios: this.scenarios, engine: this.engine });
    registerDataStoreMethods(this, this.dataStore);
    this.camera = new CameraPlugin(this.box);
    this.front.routes.set(SNAPSHOT_PATH, (input) => this.camera.snapshot(input));
    this.builtinRoutes.add(SNAPSHOT_PATH);
  }

  /** Listens on 127.0.0.1, on a free port. */
  start(): Promise<void> {
    return this.front.start();
  }

  /**
   * Closes the port, every open connection and every pending delay; aborts script requests in flight and
   * scenario runs (their `done` resolves with `stopped: true`).
   */
  stop(): Promise<void> {
    this.engine.stopAll();
    this.http.abortAll();
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

  /** Another file of the box. A simulated plugin's file (snapshot.php) may be replaced once, by a test's own. */
  addRoute(pathname: string, handler: RouteHandler): void {
    if (pathname === API_PATH || (this.front.routes.has(pathname) && !this.builtinRoutes.has(pathname)))
      throw new Error(`Route ${pathname} is taken`);
    this.builtinRoutes.delete(pathname);
    this.front.routes.set(pathname, handler);
  }

  /** Unscoped faults hit every request; `method` scopes one to a JSON-RPC method. */
  setFault(fault: Fault | null): void {
    this.front.setFault(fault);
  }

  /** Resolves when a slow or hanging fault next holds a request (a test's signal that the call arrived). */
  nextDelay(): Promise<void> {
    return this.front.nextDelay();
  }

  /** '4.4.x' and '4.5.x' select the dialect; an invalid version throws and changes nothing. */
  setVersion(version: string): void {
    this.state.version = version;
  }

  /**
   * A freshly installed Jeedom 4.5.3 (false): interactions crash with HTTP 500 and an empty body until the
   * colour table is saved once (what ../shared/jeedom/install.sh does for the real test box).
   */
  setColourTableSaved(saved: boolean): void {
    this.state.colourTableSaved = saved;
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

  /** Every attempt of every script http request (credentials removed, keys and passwords masked). */
  get scriptRequests(): ScriptRequest[] {
    return this.http.requests;
  }

  clearScriptRequests(): void {
    this.http.clear();
  }

  /**
   * A camera of the camera plugin (eqLogic type `camera`, with its cmds and a 64-character `localApiKey`).
   * Its snapshot: `GET /plugins/camera/core/php/snapshot.php?id=<id>&apikey=<key>`.
   */
  addCamera(input: SimCameraInput): number {
    return this.camera.add(input);
  }

  /** What the plugin's daily cron does: a new key; the old one gets empty answers from then on. */
  rotateCameraKey(id: number): string {
    return this.camera.rotateKey(id);
  }

  /** The camera's current key, as eqLogic::byType returns it. */
  cameraKey(id: number): string {
    return this.camera.key(id);
  }

  /** The camera's next snapshots: these bytes, or null for a camera that does not answer (empty JPEG). */
  setCameraSnapshot(id: number, image: Uint8Array | null): void {
    this.camera.setImage(id, image);
  }

  /** Every snapshot.php call, the key masked. */
  get snapshotRequests(): SnapshotRequest[] {
    return this.camera.requests;
  }

  clearSnapshotRequests(): void {
    this.camera.clearRequests();
  }

  /**
   * What a scenario action does: cmd->execCmd($options). Resolves with what Jeedom returns (an info's value;
   * for a script action, formatValue(null) = "0") or rejects with the error Jeedom throws.
   */
  async executeCommand(
    cmdId: number | string,
    options: Record<string, unknown> | null = null,
  ): Promise<unknown> {
    const cmd = loadCmd(this.box, cmdId);
    if (!cmd) throw new Error(`No simulated cmd ${cmdId}`);
    return execCmd(this.box, cmd, options);
  }

  /** What a plugin does when a value arrives: cmd->event($value, $datetime). */
  cmdEvent(cmdId: number | string, value: unknown, datetime: string | null = null): void {
    const cmd = loadCmd(this.box, cmdId);
    if (!cmd) throw new Error(`No simulated cmd ${cmdId}`);
    cmdEvent(this.box, cmd, value, datetime);
  }

  /**
   * A scenario as saved in the UI (state `stop`). `elements` has the shape `scenario::export` shows; write cmds
   * as `#<id>#` (the export turns them into human names).
   */
  addScenario(input: SimScenarioInput): number {
    return this.scenarios.add(input);
  }

  /**
   * What `scenario::changeState {state:'run'}` does (launch()): runs the scenario, here in the background.
   * `done` resolves when the run ends, with its last ask's outcome. `launched` is false (and nothing runs) for
   * an inactive scenario or one in progress without configuration `allowMultiInstance`.
   */
  runScenario(id: number, options: RunOptions = {}): ScenarioRunHandle {
    return this.engine.launch(this.scenarios.row(id), options);
  }

  /** scenario->stop(). */
  stopScenario(id: number): void {
    this.engine.stop(this.scenarios.row(id));
  }

  /** `state` (stop | in progress) and `lastLaunch`, as scenario::all shows them. */
  scenarioState(id: number): { state: string; lastLaunch: string } {
    const row = this.scenarios.row(id);
    return { state: row.state, lastLaunch: row.lastLaunch };
  }

  /** Restrict users' right on a scenario (user rights `scenario<id>`: r, w, x). */
  setScenarioRights(login: string, scenarioId: number, rights: string): void {
    this.scenarios.setRights(login, scenarioId, rights);
  }

  /** Every ask that ended (answered or timed out), oldest first. */
  get askOutcomes(): readonly AskOutcome[] {
    return this.engine.askOutcomes;
  }

  /** Exceptions scenarios caught and logged (an ask whose cmd failed, an unknown cmd…). */
  get scenarioErrors(): readonly ScenarioError[] {
    return this.engine.errors;
  }

  /** A global variable (dataStore scenario / -1) as a scenario reads it; undefined when it does not exist. */
  variable(name: string): unknown {
    const row = this.dataStore.find('scenario', -1, name);
    return row && dataStoreValue(row);
  }

  /** Writes a global variable, as the `variable` action or `type=variable` do. */
  setVariable(name: string, value: unknown): void {
    this.dataStore.save('scenario', -1, name, value);
  }
}
