import { createHash } from 'node:crypto';
import type { SimState } from '../state';
import type { MethodRegistry } from '../types';

/**
 * user::all: utils::o2a of every user — including its API key (`hash`) and password hash, as the real one
 * does. Clients must keep only what they need.
 */
function allUsers(state: SimState): unknown[] {
  return [...state.users.values()].map((user, index) => ({
    id: String(index + 1),
    login: user.login,
    profils: user.profile,
    enable: user.enabled ? '1' : '0',
    options: { localOnly: '0', twoFactorAuthentification: '0' },
    rights: [],
    hash: user.hash,
    password: createHash('sha512').update(`password-of-${user.login}`).digest('hex'),
  }));
}

export function registerUserMethods(registry: MethodRegistry): void {
  registry.register('user::all', { rights: 'admin', handler: (_params, ctx) => allUsers(ctx.state) });
}
