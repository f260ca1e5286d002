import { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { JeedomConfigResult, parseJeedomConfig } from '../jeedom/config';
import { SettingId } from './definitions';

/** The four settings the Jeedom client needs, read in parallel (each read is a round trip to the server). */
export async function readJeedomConfig(read: IRead): Promise<JeedomConfigResult> {
  const settings = read.getEnvironmentReader().getSettings();
  const [url, apiKey, timeoutSeconds, tlsVerify] = await Promise.all([
    settings.getValueById(SettingId.JeedomUrl),
    settings.getValueById(SettingId.JeedomApiKey),
    settings.getValueById(SettingId.JeedomTimeout),
    settings.getValueById(SettingId.JeedomTlsVerify),
  ]);
  return parseJeedomConfig({ url, apiKey, timeoutSeconds, tlsVerify });
}
