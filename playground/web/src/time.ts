import { language } from './i18n';

/** A clock time in the page's language, to the second. */
export const time = (at: number): string =>
  new Date(at).toLocaleTimeString(language, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
