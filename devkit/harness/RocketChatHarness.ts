/**
 * A Rocket.Chat server in a box, for end-to-end tests, the benchmark and the playground: the official
 * Apps-Engine (AppManager + its Deno subprocess) running the packaged zip, over in-memory bridges.
 * Tests read like the spec: post a message, run `/jeedom …`, call the endpoint, click a button, wait.
 */
import type { IApiRequest, IApiResponse } from '@rocket.chat/apps-engine/definition/api';
import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import type * as MetadataModule from '@rocket.chat/apps-engine/definition/metadata';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type * as SlashCommandsModule from '@rocket.chat/apps-engine/definition/slashcommands';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type * as AppManagerModule from '@rocket.chat/apps-engine/server/AppManager';
import type { AppManager } from '@rocket.chat/apps-engine/server/AppManager';
import type { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HarnessBridges } from './bridges';
import { engineRequire } from './engine';
import { HttpFront } from './httpFront';
import { MemoryLogStorage, MemoryMetadataStorage, MemorySourceStorage } from './storage';
import { Notice, RoomKind, StoredMessage, World } from './world';

const { AppManager: EngineAppManager } = engineRequire<typeof AppManagerModule>('server/AppManager');
const { SlashCommandContext } = engineRequire<typeof SlashCommandsModule>('definition/slashcommands');
const { AppInterface } = engineRequire<typeof MetadataModule>('definition/metadata');

export interface StartOptions {
  zipPath: string;
  /** Permissions granted at install; default: what app.json asks for (the engine's defaults if it asks none). */
  permissionsGranted?: Array<{ name: string }>;
  /** Where the server's HTTP port listens: loopback on a free port unless said otherwise. */
  listen?: { host?: string; port?: number };
}

export interface WaitOptions {
  timeoutMs?: number;
  what?: string;
  /** How often to look (default 5 ms); the benchmark looks every millisecond. */
  pollMs?: number;
}

export class RocketChatHarness {
  readonly world = new World();
  readonly logStorage = new MemoryLogStorage();
  readonly metadata = new MemoryMetadataStorage();
  readonly sources = new MemorySourceStorage();
  readonly bridges: HarnessBridges;
  readonly admin: IUser;
  /** The server's HTTP port: Rocket.Chat's apps router (`/api/apps/public/<appId>/<path>`…), request log. */
  readonly httpFront: HttpFront;
  private manager!: AppManager;
  appId = '';
  /**
   * The server's temporary-files folder (engine 1.62 on: uploads land there, and the engine links its Deno
   * runtime into it because Deno 2 refuses to run scripts under node_modules). One per harness, removed at stop.
   */
  private readonly tempFilePath = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-harness-'));

  private constructor() {
    this.bridges = new HarnessBridges(this.world, () => this.manager);
    this.httpFront = new HttpFront({
      endpoints: () =>
        this.bridges.apis.apis.map(({ appId, api }) => ({
          appId,
          path: api.endpoint.path,
          authRequired: !!api.endpoint.authRequired,
        })),
      executeApi: (appId, path, request) => this.manager.getApiManager().executeApi(appId, path, request),
    });
    this.admin = this.world.addUser('rc.admin', { roles: ['admin', 'user'] });
    // Messages the app creates go through the server's hooks too (that is how loops happen).
    this.bridges.messages.onCreated = (message) => this.fireMessageHooks(message);
    this.bridges.uploads.onFileMessage = (message) => this.fireMessageHooks(message);
  }

  /** One harness at a time per process (the engine's AppManager is a singleton): stop the previous one first. */
  static async start(options: StartOptions): Promise<RocketChatHarness> {
    const harness = new RocketChatHarness();
    // Listening first: the app reads the Site URL from its first hook on.
    harness.world.serverSettings.set('Site_Url', await harness.httpFront.start(options.listen));
    try {
      await harness.boot();
      harness.appId = await harness.install(fs.readFileSync(options.zipPath), options.permissionsGranted);
      await harness.watchRuntimes();
    } catch (error) {
      // An open port would keep the test process alive after the failure.
      await harness.httpFront.stop();
      fs.rmSync(harness.tempFilePath, { recursive: true, force: true });
      throw error;
    }
    return harness;
  }

  /** The server's base URL (`http://127.0.0.1:<port>`), also its `Site_Url` setting at start. */
  get siteUrl(): string {
    return this.httpFront.url;
  }

  /** The URL of one of the app's endpoints; a private one carries the app's hash, as the engine computes it. */
  endpointUrl(path: string, appId = this.appId): string {
    const api = this.bridges.apis.apis.find((a) => a.appId === appId && a.api.endpoint.path === path)?.api;
    return `${this.siteUrl}${api?.basePath ?? `/api/apps/public/${appId}`}/${path}`;
  }

  private async boot(): Promise<void> {
    this.manager = new EngineAppManager({
      metadataStorage: this.metadata,
      logStorage: this.logStorage,
      bridges: this.bridges,
      sourceStorage: this.sources,
      // Engine 1.62's option (1.59 ignores it).
      tempFilePath: this.tempFilePath,
    } as ConstructorParameters<typeof EngineAppManager>[0]);
    await this.manager.load();
  }

  private async install(zip: Buffer, permissionsGranted?: Array<{ name: string }>): Promise<string> {
    // As the admin's permission review at install: what app.json asks for is granted. Left undefined, the
    // engine would grant its 30 default permissions instead, and a permission missing from app.json would
    // only show on a real server.
    const asked = (await this.manager.getParser().unpackageApp(zip)).info.permissions;
    const result = await this.manager.add(zip, {
      enable: true,
      user: this.admin,
      permissionsGranted: permissionsGranted ?? asked,
    } as never);
    const problems = [
      result.getStorageError() ?? '',
      result.getAppUserError() ? `app user: ${JSON.stringify(result.getAppUserError())}` : '',
    ].filter(Boolean);
    const app = result.getApp();
    if (!app || problems.length) throw new Error(`app install failed: ${problems.join('; ')}`);
    const status = await app.getStatus();
    if (!String(status).includes('enabled')) throw new Error(`app installed but not enabled: ${status}`);
    return app.getID();
  }

  /**
   * A second app on the same server (the benchmark's baseline runs next to the app, under the same load).
   * `appId`, `bot` and the helpers keep meaning the first app; this returns the other's id.
   */
  async installAnother(zipPath: string): Promise<string> {
    const appId = await this.install(fs.readFileSync(zipPath));
    await this.watchRuntimes();
    return appId;
  }

  /** The app user of an installed app (the first app's by default). */
  botOf(appId = this.appId): IUser {
    const bot = [...this.world.users.values()].find((u) => u.appId === appId);
    if (!bot) throw new Error('the app user was not created');
    return bot;
  }

  /**
   * A server restart: stops the app's Deno subprocess, then boots a fresh engine over the same stored state
   * (apps, settings, persistence, scheduled jobs) and starts each stored app as Rocket.Chat's orchestrator
   * does (`load()` only re-creates the apps; `loadOne` initializes and enables them). The HTTP port stays
   * open: meanwhile the app's routes are gone (404).
   */
  async restart(): Promise<void> {
    const dying = await this.muteDyingRuntimes();
    this.bridges.scheduler.pause();
    await this.manager.unload(true);
    failPendingRequests(dying);
    this.bridges.forgetProcessMemory();
    this.releaseManager();
    await this.boot();
    for (const app of await this.manager.get()) await this.manager.loadOne(app.getID(), true);
    await this.watchRuntimes();
    this.bridges.scheduler.resume();
  }

  /**
   * Ctrl+C in a terminal: the signal reaches the app's Deno subprocess too (same process group), and the
   * engine would restart it (~30 s of waiting for a runtime that is being replaced). Called first, this marks
   * the app's runtime as stopped, so its death is not answered by a restart, and kills the subprocess; the
   * `stop()` that follows then does not unload the app (each call to the dead runtime would wait 30 s). Sync.
   */
  halt(): void {
    const app = this.appId ? this.manager.getOneById(this.appId) : undefined;
    const runtime = app?.getRuntimeController() as unknown as
      { state?: string; deno?: { kill(signal: string): boolean; stdin?: NodeJS.WritableStream } } | undefined;
    this.halted = true;
    if (!runtime) return;
    runtime.deno?.stdin?.on('error', () => undefined);
    runtime.state = 'stopped';
    runtime.deno?.kill('SIGKILL');
  }

  private halted = false;

  async stop(): Promise<void> {
    if (this.halted) {
      // The engine's unload would first call the dead runtime (app:onDisable…) and wait out its timeouts.
      this.bridges.scheduler.stopAll();
      this.releaseManager();
      await this.httpFront.stop();
      return;
    }
    const dying = await this.muteDyingRuntimes();
    // Jobs already started (one set off by a last setting change) end first; timers not yet due never fire.
    this.bridges.scheduler.pause();
    await this.bridges.scheduler.idle();
    this.bridges.scheduler.stopAll();
    try {
      await this.manager.unload(true);
      failPendingRequests(dying);
      this.releaseManager();
    } finally {
      await this.httpFront.stop();
      fs.rmSync(this.tempFilePath, { recursive: true, force: true });
    }
  }

  /**
   * Work still under way in an app when its Deno process is killed ends with the engine writing to a closed
   * pipe (EPIPE). A real server shrugs that off; here it would surface as an uncaught error in the test run.
   */
  private async muteDyingRuntimes(): Promise<EventEmitter[]> {
    const runtimes: EventEmitter[] = [];
    for (const app of await this.manager.get()) {
      const runtime = app.getRuntimeController() as unknown as EventEmitter & {
        deno?: { stdin?: NodeJS.WritableStream };
      };
      runtime.deno?.stdin?.on('error', () => undefined);
      runtimes.push(runtime);
    }
    return runtimes;
  }

  /** The engine allows one AppManager per process: a stopped or restarted server lets go of its own. */
  private releaseManager(): void {
    (EngineAppManager as unknown as { Instance?: AppManager }).Instance = undefined;
  }

  get engine(): AppManager {
    return this.manager;
  }

  async appStatus(): Promise<string> {
    return String(await this.manager.getOneById(this.appId)?.getStatus());
  }

  get bot(): IUser {
    return this.botOf();
  }

  // ---- people and rooms -------------------------------------------------------------------------------

  addUser(username: string, options: { admin?: boolean; language?: string } = {}): IUser {
    return this.world.addUser(username, {
      roles: options.admin ? ['admin', 'user'] : ['user'],
      language: options.language,
    });
  }

  addRoom(kind: Exclude<RoomKind, 'd'>, name: string, members: IUser[], withBot = true): IRoom {
    const ids = members.map((m) => m.id).concat(withBot ? [this.bot.id] : []);
    return this.world.addRoom(kind, name, this.admin, ids);
  }

  /** The DM between a person and the bot (another app's, if given), created on demand like Rocket.Chat does. */
  directWithBot(user: IUser, bot = this.bot): IRoom {
    const existing = this.world.directRoomOf([user.username, bot.username]);
    if (existing) return existing;
    return this.world.addRoom('d', `${user.username}__${bot.username}`, user, [bot.id]);
  }

  // ---- settings ---------------------------------------------------------------------------------------

  async setSetting(id: string, value: unknown): Promise<void> {
    const settings = this.manager.getSettingsManager();
    const current = settings.getAppSetting(this.appId, id);
    await settings.updateAppSetting(this.appId, { ...current, value });
  }

  setting(id: string): unknown {
    return this.manager.getSettingsManager().getAppSetting(this.appId, id).value;
  }

  // ---- acting as people -------------------------------------------------------------------------------

  /**
   * Posts like a person would; the app's hooks run in the background, as on the server. `extra` sets other
   * message fields (a system message `type`, an `editedAt`…).
   */
  async postMessage(
    user: IUser,
    room: IRoom,
    text: string,
    extra: Partial<IMessage> = {},
  ): Promise<StoredMessage> {
    const message = this.world.storeMessage({ ...extra, room, sender: user, text } as IMessage);
    this.fireMessageHooks(message);
    return message;
  }

  /**
   * The server's `executeListener(IPostMessageSent)` starts the hooks without awaiting them. The harness
   * starts the same engine method directly to keep its promise: `settled()` can then wait for every hook.
   */
  private fireMessageHooks(message: StoredMessage): void {
    const listeners = this.manager.getListenerManager() as unknown as {
      executePostMessageSent(message: IMessage): Promise<void>;
    };
    const run = listeners.executePostMessageSent(message).catch((error: unknown) => {
      this.hookRejections.push(String(error));
    });
    this.pendingHooks.add(run);
    void run.finally(() => this.pendingHooks.delete(run));
  }

  private readonly pendingHooks = new Set<Promise<void>>();
  private readonly hookRejections: string[] = [];

  /** Calls between the server and the apps' runtimes under way now, by what they are (for `settled()`). */
  private readonly appCalls = new Map<Promise<unknown>, { what: string; runtime: object }>();
  /** The runtimes of the apps as they run now: calls of runtimes a restart replaced no longer count. */
  private liveRuntimes = new Set<object>();
  /** How many such calls ever started: `settled()` compares it before and after looking. */
  private appCallsStarted = 0;
  private readonly watched = new WeakSet<object>();

  /**
   * Sees every call the apps' runtimes make to the server (accessors, bridges: storage, HTTP, messages…) and
   * every call the server makes into them (hooks, endpoints, jobs, commands), while they are under way.
   */
  private async watchRuntimes(): Promise<void> {
    const runtimes = (await this.manager.get()).map(
      (app) => app.getRuntimeController() as unknown as WatchedRuntime,
    );
    this.liveRuntimes = new Set(runtimes);
    for (const runtime of runtimes) {
      if (this.watched.has(runtime)) continue;
      this.watched.add(runtime);
      const incoming = runtime.handleIncomingMessage.bind(runtime);
      const outgoing = runtime.sendRequest.bind(runtime);
      runtime.handleIncomingMessage = (message) =>
        this.appCall(runtime, `app → server ${message.payload?.method ?? '?'}`, () => incoming(message));
      runtime.sendRequest = (message, ...rest) =>
        this.appCall(runtime, `server → app ${message.method}`, () => outgoing(message, ...rest));
      runtime.ping = () => outgoing({ method: 'ping', params: [] });
    }
  }

  private appCall<T>(runtime: object, what: string, call: () => Promise<T>): Promise<T> {
    this.appCallsStarted++;
    const running = call();
    const tracked = running.then(
      () => undefined,
      () => undefined,
    );
    this.appCalls.set(tracked, { what, runtime });
    void tracked.finally(() => this.appCalls.delete(tracked));
    return running;
  }

  /** What keeps the server busy with the apps now: hooks, calls either way, jobs, HTTP requests. */
  private busy(): Array<Promise<unknown>> {
    return [
      ...this.pendingHooks,
      // A call a replaced runtime made (one a test holds forever, say) has nowhere left to answer.
      ...[...this.appCalls].filter(([, call]) => this.liveRuntimes.has(call.runtime)).map(([p]) => p),
      ...this.bridges.scheduler.busy,
      ...this.httpFront.busy,
    ];
  }

  /**
   * Resolves once the apps' background work is done: every message hook (those of the messages the hooks
   * posted included), every call between the server and an app's runtime in either direction (an endpoint's
   * work that goes on after it answered is made of such calls), every scheduled job that is due now (started
   * here rather than on its timer's next turn), every HTTP request being answered. Then it asks each runtime
   * for a round trip, twice: the runtime answers in order, after what it was sent earlier, so work that was
   * about to call the server again has called it by then, and is waited for in turn. Jobs due later (a retry in
   * a minute, an expiry) are not waited for: `runJob` runs those.
   * Work the app keeps on timers of its own is not seen; the app's only such timer (the coalescing pause of
   * info updates) runs inside a hook or a job, which are waited for.
   */
  async settled(options: { timeoutMs?: number } = {}): Promise<void> {
    const timeoutMs = options.timeoutMs ?? 30_000;
    const deadline = Date.now() + timeoutMs;
    const timedOut = () =>
      new Error(
        `the app did not settle within ${timeoutMs} ms; under way: ${[...this.appCalls.values()].map((c) => c.what).join(', ') || 'hooks, jobs or HTTP requests'}`,
      );
    for (;;) {
      for (;;) {
        this.bridges.scheduler.startDue();
        const busy = this.busy();
        if (!busy.length) break;
        await withDeadline(Promise.allSettled(busy), deadline, timedOut);
      }
      const seen = this.appCallsStarted;
      for (let turn = 0; turn < 2; turn++) await withDeadline(this.pingRuntimes(), deadline, timedOut);
      if (this.appCallsStarted === seen && !this.busy().length) return;
    }
  }

  private async pingRuntimes(): Promise<void> {
    const runtimes = (await this.manager.get()).map(
      (app) => app.getRuntimeController() as unknown as WatchedRuntime,
    );
    await Promise.all(runtimes.filter((r) => r.state === 'ready' && r.ping).map((r) => r.ping!()));
  }

  /**
   * Hooks and UIKit handlers that threw, as `<method>: <reason>`. The engine swallows these errors (the
   * server only prints them); the app's log keeps "'<method>' was unsuccessful." and "Internal error".
   * "Method not found" is left out: it is how an optional method the app lacks (a `check*`) answers.
   */
  get hookErrors(): string[] {
    const failures = this.logStorage.entries
      .filter((entry) => entry.method.startsWith('app:'))
      .flatMap((entry) =>
        entry.entries
          .map((e) => engineLogArgs(e.args))
          .filter((args) => String(args[0]).endsWith('was unsuccessful.') && args[1] !== 'Method not found')
          .map((args) => `${entry.method}: ${args.slice(1).join(' ')}`),
      );
    return [...failures, ...this.hookRejections];
  }

  /** Runs `/jeedom <text>` as Rocket.Chat does: the text split on single spaces. Resolves when the app is done. */
  async slash(
    user: IUser,
    room: IRoom,
    text: string,
    options: { threadId?: string; command?: string } = {},
  ): Promise<void> {
    const params = text.length === 0 || text === ' ' ? [] : text.split(' ');
    const context = new SlashCommandContext(user, room, params, options.threadId, `trigger-${Date.now()}`);
    await this.manager.getCommandManager().executeCommand(options.command ?? 'jeedom', context);
  }

  /**
   * As Rocket.Chat's apps router: method and header names reach the app in lower case, and a handler that
   * throws (or a method the endpoint lacks) answers 500 with the error's message. A private endpoint is
   * called through its private URL (with the installation's hash) unless the request says otherwise
   * (`privateHash: undefined` is the public path).
   */
  async callEndpoint(path: string, request: Partial<IApiRequest>): Promise<IApiResponse> {
    const headers = Object.fromEntries(
      Object.entries(request.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
    );
    const hash = this.bridges.apis.apis.find((a) => a.appId === this.appId && a.api.endpoint.path === path)
      ?.api.hash;
    try {
      return await this.manager.getApiManager().executeApi(this.appId, path, {
        query: {},
        params: {},
        ...(hash === undefined ? {} : { privateHash: hash }),
        ...request,
        method: (request.method ?? 'get').toLowerCase(),
        headers,
      } as IApiRequest);
    } catch (error) {
      // The engine rejects with a JSON-RPC error object (not an Error); the server sends its message.
      const message = (error as { message?: unknown } | undefined)?.message;
      return { status: 500, content: typeof message === 'string' ? message : String(error) };
    }
  }

  /**
   * Clicks a message's button as Rocket.Chat's UI does: with the message as stored now (after any edit), the
   * id of the block holding the button and the button's value, unless the test gives them.
   */
  async clickButton(
    user: IUser,
    message: StoredMessage,
    actionId: string,
    value?: string,
    blockId?: string,
  ): Promise<unknown> {
    const current = this.world.messageById(message.id) ?? message;
    const button = findButton(current, actionId, value);
    return this.blockAction(user, actionId, current.room, current.id, {
      message: current,
      payload: { value: value ?? button?.value, blockId: blockId ?? button?.blockId ?? '' },
    });
  }

  /**
   * Clicks a button in an ephemeral notice, as Rocket.Chat's client does: the container is the notice's
   * message id, and no stored message comes with it (ephemeral messages are not stored).
   */
  async clickNoticeButton(user: IUser, notice: Notice, actionId: string, value?: string): Promise<unknown> {
    const button = findButton({ blocks: notice.blocks } as IMessage, actionId, value);
    if (!button) throw new Error(`no button ${actionId}${value ? `=${value}` : ''} in the notice`);
    return this.blockAction(user, actionId, this.world.rooms.get(notice.roomId), notice.id ?? '', {
      payload: { value: button.value, blockId: button.blockId ?? '' },
    });
  }

  /** A button click as Rocket.Chat's client sends it: the container is the message the button is in. */
  private blockAction(
    user: IUser,
    actionId: string,
    room: unknown,
    containerId: string,
    extra: { message?: StoredMessage; payload: { value?: string; blockId: string } },
  ): Promise<unknown> {
    return this.manager.getListenerManager().executeListener(AppInterface.IUIKitInteractionHandler, {
      type: 'blockAction',
      appId: this.appId,
      actionId,
      triggerId: `trigger-${Date.now()}`,
      user,
      room,
      container: { type: 'message', id: containerId },
      ...extra,
    } as never);
  }

  /**
   * Submits a modal the app opened, as the client does: the view with its `state` filled in
   * (`{blockId: {actionId: value}}`). Resolves to the app's response (success, or `errors` to show).
   */
  async submitView(
    user: IUser,
    view: { id: string },
    state: Record<string, Record<string, unknown>>,
    room?: IRoom,
  ) {
    return this.manager.getListenerManager().executeListener(AppInterface.IUIKitInteractionHandler, {
      type: 'viewSubmit',
      appId: this.appId,
      actionId: '',
      triggerId: `trigger-${Date.now()}`,
      user,
      room,
      payload: { view: { ...view, state } },
    } as never) as Promise<{
      success?: boolean;
      type?: string;
      view?: unknown;
      errors?: Record<string, string>;
    }>;
  }

  /** A username change (the user id stays). Rocket.Chat has no app hook for it: only later reads see it. */
  renameUser(user: IUser, username: string): void {
    this.world.renameUser(user.id, username);
  }

  // ---- rooms changing -----------------------------------------------------------------------------------

  /** The bot is added to a room; the server runs apps' IPostRoomUserJoined. Resolves when the hook is done. */
  async inviteBot(room: IRoom): Promise<void> {
    this.world.join(room.id, this.bot.id);
    await this.manager
      .getListenerManager()
      .executeListener(AppInterface.IPostRoomUserJoined, { room, joiningUser: this.bot } as never);
  }

  async removeBot(room: IRoom): Promise<void> {
    this.world.leave(room.id, this.bot.id);
    await this.manager
      .getListenerManager()
      .executeListener(AppInterface.IPostRoomUserLeave, { room, leavingUser: this.bot } as never);
  }

  async deleteRoom(room: IRoom): Promise<void> {
    this.world.rooms.delete(room.id);
    this.world.members.delete(room.id);
    await this.manager.getListenerManager().executeListener(AppInterface.IPostRoomDeleted, room as never);
  }

  /** Rocket.Chat has no app hook for renames: only what the app reads next changes. */
  renameRoom(room: IRoom, name: string): void {
    const stored = this.world.rooms.get(room.id);
    if (!stored) throw new Error(`room ${room.id} not found`);
    Object.assign(stored, { slugifiedName: name, displayName: name });
    Object.assign(room, { slugifiedName: name, displayName: name });
  }

  /** Runs a scheduled job of the app now (the next one due with that processor id, and that data if given). */
  async runJob(processorId: string, withData?: (data: Record<string, unknown>) => boolean): Promise<void> {
    await this.bridges.scheduler.runNow(processorId, withData);
  }

  // ---- observing --------------------------------------------------------------------------------------

  messagesIn(room: IRoom): StoredMessage[] {
    return this.world.messages.filter((m) => m.room.id === room.id);
  }

  botMessagesIn(room: IRoom): StoredMessage[] {
    return this.messagesIn(room).filter((m) => m.sender.id === this.bot.id);
  }

  /** The replies in a message's thread, oldest first. */
  threadOf(parent: StoredMessage | string): StoredMessage[] {
    const id = typeof parent === 'string' ? parent : parent.id;
    return this.world.messages.filter((m) => m.threadId === id);
  }

  noticesFor(user: IUser): Notice[] {
    return this.world.notices.filter((n) => n.userId === user.id);
  }

  /** Every line the app logged (and the engine logged for it), flattened to text. */
  logLines(): string[] {
    return this.logStorage.entries.flatMap((entry) =>
      entry.entries.map(
        (e) =>
          `${e.severity} ${entry.method} ${engineLogArgs(e.args)
            .map((a) => (typeof a === 'string' ? a : JSON.stringify(a)))
            .join(' ')}`,
      ),
    );
  }

  /**
   * Everything a secret could leak into: the app's logs (the engine's request records included), messages,
   * notices, the URLs the app called and the HTTP front's request log. Returns the places where any of the
   * secrets shows up.
   */
  findSecrets(secrets: string[]): string[] {
    const places: Array<[string, string]> = [
      ...this.logLines().map((line): [string, string] => ['log', line]),
      // Engine 1.62's object-form lines, whole: the text above keeps only their message and result.
      ...this.logStorage.entries.flatMap((entry) =>
        entry.entries
          .filter((e) => engineLogArgs(e.args) !== e.args)
          .map((e): [string, string] => ['log record', JSON.stringify(e.args)]),
      ),
      ...this.world.messages.map((m): [string, string] => ['message', JSON.stringify(m)]),
      ...this.world.notices.map((n): [string, string] => ['notice', JSON.stringify(n)]),
      ...this.bridges.http.calls.map((c): [string, string] => ['http call', c.url + (c.error ?? '')]),
      ...this.httpFront.requests.map((r): [string, string] => ['http request', JSON.stringify(r)]),
    ];
    const wanted = secrets.filter((s) => s.length >= 8);
    return places
      .filter(([, text]) => wanted.some((s) => text.includes(s)))
      .map(([where, text]) => `${where}: ${text.slice(0, 200)}`);
  }

  async waitFor<T>(probe: () => T | undefined | false | null, options: WaitOptions = {}): Promise<T> {
    const deadline = Date.now() + (options.timeoutMs ?? 5000);
    for (;;) {
      const value = probe();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${options.what ?? 'a condition'}`);
      await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 5));
    }
  }

  async waitForNotice(
    user: IUser,
    predicate: (n: Notice) => boolean = () => true,
    options: WaitOptions = {},
  ): Promise<Notice> {
    return this.waitFor(() => this.noticesFor(user).find(predicate), {
      what: `a notice for ${user.username}`,
      ...options,
    });
  }

  async waitForBotMessage(
    room: IRoom,
    predicate: (m: StoredMessage) => boolean = () => true,
    options: WaitOptions = {},
  ): Promise<StoredMessage> {
    return this.waitFor(() => this.botMessagesIn(room).find(predicate), {
      what: `a bot message in ${room.slugifiedName}`,
      ...options,
    });
  }

  /** The last notice a command left for this person (slash commands are awaited, so no polling is needed). */
  lastNotice(user: IUser): Notice | undefined {
    const notices = this.noticesFor(user);
    return notices[notices.length - 1];
  }
}

/** Every text in UIKit blocks (sections, fields, contexts, button labels), one line each, for assertions. */
export function blocksText(blocks: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const text = (node as { text?: unknown }).text;
      if (typeof text === 'string') out.push(text);
      for (const [key, value] of Object.entries(node))
        if (key !== 'text' || typeof value !== 'string') walk(value);
    }
  };
  walk(blocks);
  return out.join('\n');
}

/** An app's runtime controller as the harness watches it (the engine's own methods, wrapped). */
interface WatchedRuntime {
  state?: string;
  handleIncomingMessage(message: { payload?: { method?: string } }): Promise<void>;
  sendRequest(message: { method: string; params?: unknown[] }, ...rest: unknown[]): Promise<unknown>;
  /** A round trip that is not app work (the runtime's own `ping` method). */
  ping?: () => Promise<unknown>;
}

/** The promise's outcome, or the deadline's error if it passes first. */
async function withDeadline<T>(work: Promise<T>, deadline: number, error: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(error()), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A request the dead runtime never answers (a click, a hook under way at the restart) fails at once, as on a
 * real server whose process went away, instead of keeping the engine's 30 s timer (and the test run) alive.
 */
function failPendingRequests(runtimes: EventEmitter[]): void {
  for (const runtime of runtimes)
    for (const name of runtime.eventNames())
      if (typeof name === 'string' && name.startsWith('result:'))
        runtime.emit(name, undefined, new Error('the app runtime stopped (server restart)'));
}

/**
 * The engine's own log lines about app methods, as arguments: 1.59 logs `('<text>', value)`; 1.62 logs one
 * object `{ msg, appMethod, result | errorMessage }`. Both read as `['<text>', value]`.
 */
function engineLogArgs(args: unknown[]): unknown[] {
  const [first] = args;
  if (args.length !== 1 || typeof first !== 'object' || first === null) return args;
  const record = first as { msg?: unknown; result?: unknown; errorMessage?: unknown };
  if (typeof record.msg !== 'string') return args;
  if ('errorMessage' in record) return [record.msg, record.errorMessage];
  if ('result' in record) return [record.msg, record.result];
  return [record.msg];
}

interface ButtonBlock {
  blockId?: string;
  elements?: Array<{ type?: string; actionId?: string; value?: string }>;
}

function findButton(message: IMessage, actionId: string, value?: string) {
  for (const block of (message.blocks ?? []) as ButtonBlock[]) {
    const button = block.elements?.find(
      (e) => e.actionId === actionId && (value === undefined || e.value === value),
    );
    if (button) return { blockId: block.blockId, value: button.value };
  }
  return undefined;
}
