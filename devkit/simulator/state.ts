import { createHash } from 'node:crypto';
import { CAMERA_PLUGIN, SCRIPT_PLUGIN, type SimPlugin } from './plugins';

export type Profile = 'admin' | 'user' | 'restrict';
export type Dialect = '4.4' | '4.5';

/** One interaction as a Jeedom admin defines it: phrases, the reply, and optionally who may run it. */
export interface SimInteraction {
  /** Sentences that trigger it, compared lower-cased with spaces collapsed (Jeedom generates variants). */
  phrases: string[];
  /** The reply; `#profile#`, `#query#` and other `#param#` tags are replaced like Jeedom does. */
  reply: string;
  /** Jeedom logins allowed to run it ("persons"); empty = everyone. Enforced only when a profile is sent. */
  persons?: string[];
  /**
   * What the interaction does in the house when it runs (a playground switching a light); a string it
   * returns replaces `reply`, so an answer can quote a current value.
   */
  run?: () => string | void;
}

export interface SimUser {
  login: string;
  profile: Profile;
  /** The user's API key (Jeedom calls it the user hash). */
  hash: string;
  enabled: boolean;
}

// Deterministic 64-alphanumeric keys, like config::genKey() output, so failures are reproducible.
function demoKey(name: string): string {
  return createHash('sha256').update(`jeedom-simulator:${name}`).digest('hex');
}

export const DEFAULT_VERSION = '4.5.3';
export const DEFAULT_CORE_KEY = demoKey('core');
export const DEFAULT_USERS: readonly SimUser[] = [
  { login: 'admin', profile: 'admin', hash: demoKey('admin'), enabled: true },
  { login: 'marie', profile: 'user', hash: demoKey('user'), enabled: true },
  { login: 'leo', profile: 'restrict', hash: demoKey('restrict'), enabled: true },
  { login: 'paul', profile: 'user', hash: demoKey('disabled'), enabled: false },
];
export const DEFAULT_PLUGINS: readonly SimPlugin[] = [SCRIPT_PLUGIN, CAMERA_PLUGIN];

export function dialectOf(version: string): Dialect {
  const match = /^(\d+)\.(\d+)(\.\d+)*$/.exec(version);
  if (!match) throw new Error(`Invalid Jeedom version: ${version}`);
  const [major, minor] = [Number(match[1]), Number(match[2])];
  return major > 4 || (major === 4 && minor >= 5) ? '4.5' : '4.4';
}

function sha512(value: string): string {
  return createHash('sha512').update(value).digest('hex');
}

export interface StateOptions {
  version?: string;
  coreKey?: string;
  users?: readonly SimUser[];
  plugins?: readonly SimPlugin[];
}

/** What the simulated box knows. Method modules read and change it; tests mutate it at run time. */
export class SimState {
  private currentVersion = DEFAULT_VERSION;
  coreKey: string;
  /** Box language (config `language`): used in plugin documentation URLs. */
  language = 'fr_FR';
  /** What jeedom::isOk() returns (false: cron/scenario engine stopped, date wrong…). */
  healthy = true;
  readonly users: SimUser[];
  readonly plugins = new Map<string, SimPlugin>();
  /** Config `api::forbidden::method`: a regex on JSON-RPC method names the site refuses. */
  forbiddenMethods?: RegExp;
  /** The box's interactions (interactDef), see methods/interact.ts. */
  readonly interactions: SimInteraction[] = [];
  /**
   * Jeedom 4.5.3's fresh-install bug: until the interactions' colour table has been saved once, every
   * interact::tryToReply dies with a PHP fatal error (HTTP 500, empty body). A box in use has it saved (true).
   */
  colourTableSaved = true;
  /** Config `interact::noResponseIfEmpty`: answer "" instead of "didn't understand". */
  noResponseIfEmpty = false;
  /** How often a scenario `ask` reads its variable (Jeedom: every second); tests may shorten it. */
  askPollMs = 1000;
  /** Executions of a `reply_cmd` by tryToReply: `{cmdId, message}`. */
  readonly replyCommandRuns: Array<{ cmdId: string; message: string }> = [];

  constructor(options: StateOptions = {}) {
    this.version = options.version ?? DEFAULT_VERSION;
    this.coreKey = options.coreKey ?? DEFAULT_CORE_KEY;
    this.users = (options.users ?? DEFAULT_USERS).map((user) => ({ ...user }));
    for (const plugin of options.plugins ?? DEFAULT_PLUGINS) this.plugins.set(plugin.id, { ...plugin });
  }

  get version(): string {
    return this.currentVersion;
  }

  /** Validated: the dialect derives from it. */
  set version(version: string) {
    dialectOf(version);
    this.currentVersion = version;
  }

  get dialect(): Dialect {
    return dialectOf(this.currentVersion);
  }

  /** user::byHash: the hash itself, or (128 hex chars) the SHA-512 of a hash. */
  userByHash(key: string): SimUser | undefined {
    if (/^[0-9a-f]{128}$/i.test(key)) return this.users.find((u) => sha512(u.hash) === key.toLowerCase());
    return this.users.find((u) => u.hash === key);
  }

  user(login: string): SimUser {
    const user = this.users.find((u) => u.login === login);
    if (!user) throw new Error(`No simulated user ${login}`);
    return user;
  }

  plugin(id: string): SimPlugin {
    const plugin = this.plugins.get(id);
    if (!plugin) throw new Error(`No simulated plugin ${id}`);
    return plugin;
  }

  /** Every value that must never reach a log: the core key and all user hashes. */
  secrets(): string[] {
    return [this.coreKey, ...this.users.map((u) => u.hash)].filter((s) => s.length > 0);
  }
}
