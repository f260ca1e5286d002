import { z } from 'zod';
import { JeedomConfig } from './config';
import { JeedomClient } from './JeedomClient';
import { listResult } from './schemas';

/**
 * `user::all` answers with every user's API key and password hash: this schema keeps the login, whether the
 * user is enabled, and (for the one person it is read for) the key. Deny by default: only an explicit
 * `enable` of 1 counts as enabled.
 */
const loginsSchema = listResult(
  z.object({
    login: z.string(),
    enable: z.unknown().transform((v) => v === 1 || v === '1' || v === true),
    hash: z.string().optional().catch(undefined),
  }),
);

/** What Jeedom says of a mapped login, read fresh: Jeedom's own switch (user disabled) wins over the app's. */
export type LoginCheck = { state: 'enabled'; key?: string } | { state: 'disabled' } | { state: 'missing' };

export async function checkLogin(client: JeedomClient, login: string): Promise<LoginCheck> {
  const users = await client.call('user::all', {}, loginsSchema);
  const user = users.find((u) => u.login === login);
  if (!user) return { state: 'missing' };
  return user.enable ? { state: 'enabled', key: user.hash || undefined } : { state: 'disabled' };
}

/**
 * The person's own API key, so that Jeedom applies that person's rights (`/jeedom run`, `/jeedom snap`).
 * Used for one call, never stored or logged; undefined when the login is missing, disabled or keyless.
 */
export async function personalConfig(
  client: JeedomClient,
  config: JeedomConfig,
  login: string,
): Promise<{ check: LoginCheck; config?: JeedomConfig }> {
  const check = await checkLogin(client, login);
  const key = check.state === 'enabled' ? check.key : undefined;
  return { check, config: key ? { ...config, apiKey: key } : undefined };
}
