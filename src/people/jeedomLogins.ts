import { IHttp, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { describeJeedomError } from '../i18n/describeError';
import { Translate } from '../i18n/translate';
import { JeedomClient } from '../jeedom/JeedomClient';
import { isJeedomError } from '../jeedom/JeedomError';
import { JeedomUser } from '../jeedom/users';
import { readJeedomConfig } from '../settings/jeedomSettings';

type LoginsResult =
  | { ok: true; users: JeedomUser[] }
  /** Why Jeedom could not be asked, as a sentence for the person. */
  | { ok: false; notice: string };

/**
 * Jeedom's users (login, profile, enabled), or why they could not be read; nothing is changed either way. The
 * call ends by `deadlineAt`, its invocation's deadline.
 */
export async function readJeedomLogins(
  read: IRead,
  http: IHttp,
  t: Translate,
  deadlineAt: number,
): Promise<LoginsResult> {
  const config = await readJeedomConfig(read);
  if (!config.ok) return { ok: false, notice: t('chat_not_configured') };
  try {
    const users = await new JeedomClient(http, config.config, deadlineAt).users();
    return { ok: true, users };
  } catch (error) {
    if (!isJeedomError(error)) throw error;
    return {
      ok: false,
      notice: `${t('map_check_failed')} ${describeJeedomError(error, t, config.config.timeoutMs / 1000)}`,
    };
  }
}
