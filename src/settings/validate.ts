import { ISetting } from '@rocket.chat/apps-engine/definition/settings';
import { SettingId } from './definitions';

/** Shorter secrets fall to guessing: one character was found by brute force in seconds. */
export const MIN_SECRET_LENGTH = 24;

/** A `webhook_secret` value an admin typed: usable, absent, or too short (then ignored). */
export function manualSecretState(value: unknown): 'none' | 'ok' | 'too_short' {
  if (typeof value !== 'string' || value.trim() === '') return 'none';
  return value.trim().length >= MIN_SECRET_LENGTH ? 'ok' : 'too_short';
}

/**
 * `onPreSettingUpdate`: what the engine stores is what this returns. Throwing would not refuse anything (the
 * engine logs the error and saves the new value anyway), so a refused value is answered with the old
 * setting, carrying an alert the settings screen shows under the field (`i18nAlert`, translated). No result
 * for other settings: the engine keeps the new setting as it is (`result || newSetting`).
 */
export function checkSettingUpdate(oldSetting: ISetting, newSetting: ISetting): ISetting | undefined {
  if (newSetting.id !== SettingId.WebhookSecret) return undefined;
  if (manualSecretState(newSetting.value) === 'too_short')
    return { ...oldSetting, i18nAlert: 'setting_webhook_secret_too_short' };
  return { ...newSetting, i18nAlert: undefined };
}
