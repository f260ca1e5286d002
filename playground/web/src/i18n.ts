/** The page's strings: playground/i18n/<lang>.json, picked from the browser's languages (English otherwise). */
import de from '../../i18n/de.json';
import en from '../../i18n/en.json';
import es from '../../i18n/es.json';
import fr from '../../i18n/fr.json';
import it from '../../i18n/it.json';
import nl from '../../i18n/nl.json';
import pl from '../../i18n/pl.json';
import pt from '../../i18n/pt.json';
import ru from '../../i18n/ru.json';

export type Key = keyof typeof en;
const CATALOGS: Record<string, Partial<Record<Key, string>>> = { en, fr, de, es, it, pt, nl, pl, ru };

function pickLanguage(): string {
  const wanted = new URLSearchParams(location.search).get('lang');
  const candidates = [wanted, ...navigator.languages].filter((l): l is string => !!l);
  return candidates.map((l) => l.slice(0, 2).toLowerCase()).find((l) => l in CATALOGS) ?? 'en';
}

export const language = pickLanguage();
const catalog = CATALOGS[language];

export function t(key: Key, params: Record<string, string | number> = {}): string {
  const text = catalog[key] ?? en[key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A server refusal in the page's language (`error_<code>`), or its own words for a code the page lacks. */
export function refusal(code: string, params: Record<string, string>, fallback: string): string {
  const key = `error_${code}`;
  return key in en ? t(key as Key, params) : fallback;
}
