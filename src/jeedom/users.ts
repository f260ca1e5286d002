import { z } from 'zod';
import { listResult } from './schemas';

/**
 * One entry of `user::all`, which answers with every user's password hash and API key (`hash`): only the
 * login, the profile, whether the account is enabled and the key survive parsing. `enable` is "1"/"0" (or
 * 1/0); absent, it is Jeedom's own default (enabled); anything else counts as disabled. A missing or odd value
 * of an optional field never fails the whole list.
 */
const userEntrySchema = z
  .object({
    login: z.string(),
    profils: z.string().optional().catch(undefined),
    enable: z.unknown(),
    hash: z.string().optional().catch(undefined),
  })
  .transform(({ login, profils, enable, hash }) => ({
    login,
    profils,
    enabled: enable === undefined || enable === 1 || enable === '1' || enable === true,
    apiKey: hash || undefined,
  }));

export const userListSchema = listResult(userEntrySchema);

/** A Jeedom user as the app shows it: no key. */
export interface JeedomUser {
  login: string;
  profils?: string;
  enabled: boolean;
}

/** What Jeedom says of a mapped login, read fresh: Jeedom's own switch (user disabled) wins over the app's. */
export type LoginCheck = { state: 'enabled'; key?: string } | { state: 'disabled' } | { state: 'missing' };

export function loginCheck(users: readonly z.output<typeof userEntrySchema>[], login: string): LoginCheck {
  const user = users.find((u) => u.login === login);
  if (!user) return { state: 'missing' };
  return user.enabled ? { state: 'enabled', key: user.apiKey } : { state: 'disabled' };
}

/**
 * The login someone typed, in Jeedom's own spelling: an exact match first, else the one login that matches
 * ignoring case (Jeedom's user table compares logins case-insensitively). Undefined when none or ambiguous.
 */
export function findLogin<T extends { login: string }>(users: readonly T[], typed: string): T | undefined {
  const exact = users.find((u) => u.login === typed);
  if (exact) return exact;
  const folded = users.filter((u) => u.login.toLowerCase() === typed.toLowerCase());
  return folded.length === 1 ? folded[0] : undefined;
}
