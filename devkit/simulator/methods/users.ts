import { createHash } from 'node:crypto';
import type { DbIntegers } from '../sql';
import type { SimState } from '../state';
import type { MethodRegistry } from '../types';

/**
 * user::all: utils::o2a of every user — including its API key (`hash`) and password hash, as the real one
 * does. Clients must keep only what they need.
 */
function allUsers(state: SimState, integers: DbIntegers): unknown[] {
  const int = (n: number) => (integers === 'number' ? n : String(n));
  // Real 4.5.3 on PHP 8.2 (pdo_mysql's native types): integer id and enable (strings on PHP 7.4); `options` holds when the API key
  // was generated (an empty PHP array, `[]`, before that); fields in the table's column order.
  return state.users.map((user, index) => ({
    id: int(index + 1),
    login: user.login,
    profils: user.profile,
    password: createHash('sha512').update(`password-of-${user.login}`).digest('hex'),
    options: user.hash ? { hashGenerated: HASH_GENERATED } : [],
    rights: [],
    enable: int(user.enabled ? 1 : 0),
    hash: user.hash,
  }));
}

const HASH_GENERATED = '2026-01-01 00:00:00';

export function registerUserMethods(
  registry: MethodRegistry,
  integers: () => DbIntegers = () => 'number',
): void {
  registry.register('user::all', {
    rights: 'admin',
    handler: (_params, ctx) => allUsers(ctx.state, integers()),
  });
}
