import { JeedomConfig } from './config';
import { JeedomClient } from './JeedomClient';
import { LoginCheck } from './users';

/**
 * The person's own API key, so that Jeedom applies that person's rights (`/jeedom run`, `/jeedom snap`).
 * Used for one call, never stored or logged; undefined when the login is missing, disabled or keyless.
 */
export async function personalConfig(
  client: JeedomClient,
  config: JeedomConfig,
  login: string,
): Promise<{ check: LoginCheck; config?: JeedomConfig }> {
  const check = await client.checkLogin(login);
  const key = check.state === 'enabled' ? check.key : undefined;
  return { check, config: key ? { ...config, apiKey: key } : undefined };
}
