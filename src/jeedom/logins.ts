import { JeedomClient } from './JeedomClient';

/** A person's own client, for Jeedom to apply that person's rights; or why there is none. */
type PersonalClient = { state: 'ok'; client: JeedomClient } | { state: 'disabled' } | { state: 'none' };

/**
 * The person's own API key, read fresh with the app's key, so that Jeedom applies that person's rights
 * (`/jeedom run`, `/jeedom snap`). The key lives in that client only: never stored or logged. `none` when the
 * login is missing or has no key; `disabled` when Jeedom's own switch is off (it wins over the app's).
 */
export async function personalClient(app: JeedomClient, login: string): Promise<PersonalClient> {
  const check = await app.checkLogin(login);
  if (check.state === 'disabled') return { state: 'disabled' };
  return check.state === 'enabled' && check.key
    ? { state: 'ok', client: app.withKey(check.key) }
    : { state: 'none' };
}
