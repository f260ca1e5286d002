import { ISetting } from '@rocket.chat/apps-engine/definition/settings';
import { manualSecretState } from '../endpoint/secrets';
import { SettingId } from './definitions';

/**
 * `onPreSettingUpdate`: what the engine stores is what this returns. Throwing would not refuse anything (the
 * engine logs the error and saves the new value anyway), so a refused value is answered with the old
 * setting, carrying an alert the settings screen shows under the field (`i18nAlert`, translated).
 */
/** No result for other settings: the engine keeps the new setting as it is (`result || newSetting`). */
export function checkSettingUpdate(oldSetting: ISetting, newSetting: ISetting): ISetting | undefined {
  if (newSetting.id !== SettingId.WebhookSecret) return undefined;
  if (manualSecretState(newSetting.value) === 'too_short')
    return { ...oldSetting, i18nAlert: 'setting_webhook_secret_too_short' };
  return { ...newSetting, i18nAlert: undefined };
}
