import type { Dialect, SimState, SimUser } from './state';

export type Params = Record<string, unknown>;

/**
 * Who may call a method:
 * - `none`: no API key needed (ping);
 * - `any`: any accepted key, whatever the user's profile;
 * - `admin` / `admin_or_user`: a user hash must have one of these profiles.
 * The core key (no user) passes every check, as in Jeedom.
 */
export type Rights = 'none' | 'any' | 'admin' | 'admin_or_user';

/**
 * How jeeApi refuses a profile. Most methods: 701 "Vous n'avez pas les droits de faire cette
 * action" (`no_rights`); eqLogic::save and jeedom::halt/reboot/update/backup: 1 "Vous n'êtes pas
 * autorisé à effectuer cette action <method>" (`not_allowed`).
 */
export type Denial = 'no_rights' | 'not_allowed';

export interface MethodContext {
  method: string;
  /** The user of the key; null for the core key (admin-equivalent, no rights checks). */
  user: SimUser | null;
  state: SimState;
  dialect: Dialect;
  /** For methods that check rights midway, after their own validation (as eqLogic::save does). */
  requireRights(rights: Rights, denial?: Denial): void;
}

/**
 * Returns the result (or a Promise of it). `undefined` means PHP `makeSuccess()` without a
 * value: "ok" in both dialects. Throw `jeedomError(...)` for a JSON-RPC error; any other
 * exception is a PHP fatal error (HTTP 500, empty body).
 */
export type MethodHandler = (params: Params, ctx: MethodContext) => unknown;

export interface MethodSpec {
  rights: Rights;
  denial?: Denial;
  handler: MethodHandler;
}

export interface MethodRegistry {
  register(method: string, spec: MethodSpec): void;
}
