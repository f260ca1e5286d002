/** The languages the app speaks: one catalogue each in the top-level i18n/ folder. */
export const LANGUAGES = ['en', 'fr', 'de', 'es', 'it', 'pt', 'nl', 'pl', 'ru'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The `language` setting's id (SPEC §3): `auto` or one of LANGUAGES. Declared with the others in settings/. */
export const LANGUAGE_SETTING = 'language';
