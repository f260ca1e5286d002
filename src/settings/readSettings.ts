import { ISettingRead } from '@rocket.chat/apps-engine/definition/accessors';
import { z } from 'zod';
import { LANGUAGES, SettingId } from './definitions';

// Each value falls back to its default when the stored value has the wrong shape:
// a bad setting must be reported by /jeedom status, never crash a handler.
const text = z
  .string()
  .transform((s) => s.trim())
  .catch('');
const flag = (fallback: boolean) => z.boolean().catch(fallback);

const settingsSchema = z.object({
  [SettingId.JeedomUrl]: text,
  [SettingId.JeedomApiKey]: text,
  [SettingId.JeedomTlsVerify]: flag(true),
  [SettingId.JeedomTimeout]: z.coerce.number().catch(10),
  [SettingId.PublicUrl]: text,
  [SettingId.WebhookSecret]: text,
  [SettingId.RequireMention]: flag(true),
  [SettingId.AutoUserCommands]: flag(true),
  [SettingId.JeedomObject]: text,
  [SettingId.Language]: z.enum(['auto', ...LANGUAGES]).catch('auto'),
});

export type AppSettings = z.infer<typeof settingsSchema>;

export async function readSettings(reader: ISettingRead): Promise<AppSettings> {
  const ids = Object.values(SettingId);
  const values = await Promise.all(ids.map((id) => reader.getValueById(id)));
  return settingsSchema.parse(Object.fromEntries(ids.map((id, i) => [id, values[i]])));
}
