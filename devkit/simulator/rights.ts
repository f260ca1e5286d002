import { coreErrors } from './errors';
import type { Profile, SimUser } from './state';
import type { Denial, Rights } from './types';

const PROFILES: Record<'admin' | 'admin_or_user', readonly Profile[]> = {
  admin: ['admin'],
  admin_or_user: ['admin', 'user'],
};

/** jeeApi's `if (is_object($_USER_GLOBAL) && !in_array(profile, …)) throw …`. */
export function checkRights(user: SimUser | null, rights: Rights, denial: Denial, method: string): void {
  if (user === null || rights === 'none' || rights === 'any') return;
  if (PROFILES[rights].includes(user.profile)) return;
  throw denial === 'not_allowed' ? coreErrors.notAllowedFor(method) : coreErrors.noRights();
}
