import { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { LANGUAGE_SETTING } from './languages';
import { pickLanguage, toLanguage, Translate, translator } from './translate';

async function serverLanguage(read: IRead): Promise<string | undefined> {
  try {
    const value: unknown = await read.getEnvironmentReader().getServerSettings().getValueById('Language');
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The translator for what is shared rather than personal (names in Jeedom): the setting, else the server's. */
export async function serverTranslator(read: IRead): Promise<Translate> {
  const setting: unknown = await read.getEnvironmentReader().getSettings().getValueById(LANGUAGE_SETTING);
  const chosen = typeof setting === 'string' ? toLanguage(setting) : undefined;
  return translator(chosen ?? pickLanguage('auto', undefined, await serverLanguage(read)));
}

/** The translator for a person: the `language` setting, else theirs, else the server's, else English. */
export async function translatorFor(read: IRead, user: IUser): Promise<Translate> {
  const setting: unknown = await read.getEnvironmentReader().getSettings().getValueById(LANGUAGE_SETTING);
  // `auto`, or anything unusable, means automatic.
  const chosen = typeof setting === 'string' ? toLanguage(setting) : undefined;
  if (chosen) return translator(chosen);
  const own = user.settings?.preferences?.language;
  const server = toLanguage(own) ? undefined : await serverLanguage(read);
  return translator(pickLanguage('auto', own, server));
}
