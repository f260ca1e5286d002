import de from '../../i18n/de.json';
import en from '../../i18n/en.json';
import es from '../../i18n/es.json';
import fr from '../../i18n/fr.json';
import it from '../../i18n/it.json';
import nl from '../../i18n/nl.json';
import pl from '../../i18n/pl.json';
import pt from '../../i18n/pt.json';
import ru from '../../i18n/ru.json';
import { Language, LANGUAGES } from './languages';

export type MessageKey = keyof typeof en;
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

// The app cannot read its own i18n files at run time: the build inlines them.
const catalogs: Record<Language, Partial<Record<MessageKey, string>>> = {
  en,
  fr,
  de,
  es,
  it,
  pt,
  nl,
  pl,
  ru,
};

export function translator(language: Language): Translate {
  const catalog = catalogs[language];
  return (key, params = {}) => {
    const template = catalog[key] ?? en[key];
    return template.replace(/\{(\w+)\}/g, (match, name: string) =>
      name in params ? String(params[name]) : match,
    );
  };
}

/** `fr-FR`, `pt-BR`, `fr` → a language we speak, if any. */
export function toLanguage(code: string | undefined): Language | undefined {
  const base = (code ?? '').toLowerCase().split(/[-_]/)[0];
  return (LANGUAGES as readonly string[]).includes(base) ? (base as Language) : undefined;
}

/** The `language` setting wins; `auto` means the person's own language, then the server's, then English. */
export function pickLanguage(
  setting: Language | 'auto',
  userLanguage?: string,
  serverLanguage?: string,
): Language {
  if (setting !== 'auto') return setting;
  return toLanguage(userLanguage) ?? toLanguage(serverLanguage) ?? 'en';
}
