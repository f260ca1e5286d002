import { ISetting, SettingType } from '@rocket.chat/apps-engine/definition/settings';
import { LANGUAGE_SETTING, LANGUAGES } from '../i18n/languages';

/** Setting ids are public contract (SPEC §3): admins and scripts rely on them. */
export const SettingId = {
  JeedomUrl: 'jeedom_url',
  JeedomApiKey: 'jeedom_api_key',
  JeedomTlsVerify: 'jeedom_tls_verify',
  JeedomTimeout: 'jeedom_timeout',
  PublicUrl: 'public_url',
  WebhookSecret: 'webhook_secret',
  RequireMention: 'require_mention',
  AutoUserCommands: 'auto_user_commands',
  JeedomObject: 'jeedom_object',
  Language: LANGUAGE_SETTING,
  AuditRoom: 'audit_room',
  FileUrlHosts: 'file_url_hosts',
} as const;

function setting(
  id: string,
  type: SettingType,
  packageValue: unknown,
  extra: Partial<ISetting> = {},
): ISetting {
  return {
    id,
    type,
    packageValue,
    required: false,
    public: false,
    i18nLabel: `setting_${id}_label`,
    i18nDescription: `setting_${id}_description`,
    ...extra,
  };
}

export const SETTINGS: ISetting[] = [
  setting(SettingId.JeedomUrl, SettingType.STRING, '', { i18nPlaceholder: 'setting_jeedom_url_placeholder' }),
  setting(SettingId.JeedomApiKey, SettingType.PASSWORD, ''),
  setting(SettingId.JeedomTlsVerify, SettingType.BOOLEAN, true),
  setting(SettingId.JeedomTimeout, SettingType.NUMBER, 10),
  setting(SettingId.PublicUrl, SettingType.STRING, ''),
  setting(SettingId.WebhookSecret, SettingType.PASSWORD, ''),
  setting(SettingId.RequireMention, SettingType.BOOLEAN, true),
  setting(SettingId.AutoUserCommands, SettingType.BOOLEAN, true),
  setting(SettingId.JeedomObject, SettingType.STRING, ''),
  setting(SettingId.Language, SettingType.SELECT, 'auto', {
    values: ['auto', ...LANGUAGES].map((key) => ({ key, i18nLabel: `setting_language_${key}` })),
  }),
  setting(SettingId.AuditRoom, SettingType.STRING, ''),
  setting(SettingId.FileUrlHosts, SettingType.STRING, '', {
    i18nPlaceholder: 'setting_file_url_hosts_placeholder',
  }),
];
