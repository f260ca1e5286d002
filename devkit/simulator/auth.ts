import { coreErrors, PhpFatalError } from './errors';
import { phpToString, phpTrim } from './php';
import type { SimState, SimUser } from './state';
import type { Params } from './types';

/** jeedom::apiAccess for the core plugin: a user hash (enabled), else the core key. */
function apiAccess(state: SimState, apikey: string): SimUser | null | undefined {
  if (phpTrim(apikey) === '' || Buffer.byteLength(apikey) < 16) return undefined;
  const user = state.userByHash(apikey);
  if (user) return user.enabled ? user : undefined;
  return state.coreKey !== '' && apikey === state.coreKey ? null : undefined;
}

/** The key checks of jeeApi: returns the current user, or null for the core key. */
export function authenticate(state: SimState, params: Params): SimUser | null {
  const key = params.apikey ?? params.api;
  if (key === undefined || key === null) throw coreErrors.missingKey();
  if (typeof key === 'object')
    throw new PhpFatalError('trim(): Argument #1 ($string) must be of type string');
  const user = apiAccess(state, phpToString(key));
  if (user === undefined) throw coreErrors.badKey();
  return user;
}
