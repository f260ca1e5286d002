import { z } from 'zod';
import { listResult } from './schemas';

/**
 * `user::all` answers with every user's API key and password hash: the schema keeps the login, profile and
 * whether the account is enabled, so nothing else survives parsing.
 */
export const jeedomUserSchema = z
  .object({
    login: z.string(),
    profils: z.string().optional().catch(undefined),
    // `enable` is "1"/"0" (or 1/0); a user without it is taken as enabled, as Jeedom's own default.
    enable: z.union([z.string(), z.number()]).optional().catch(undefined),
  })
  .transform(({ login, profils, enable }) => ({
    login,
    profils,
    enabled: enable === undefined || String(enable) === '1',
  }));
export type JeedomUser = z.infer<typeof jeedomUserSchema>;

export const jeedomUsersSchema = listResult(jeedomUserSchema);

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
