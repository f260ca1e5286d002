import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { pickLanguage, toLanguage, translator } from '../../src/i18n/translate';
import { LANGUAGES } from '../../src/i18n/languages';
import { SETTINGS } from '../../src/settings/definitions';

const dir = path.join(__dirname, '..', '..', 'i18n');
const load = (lang: string) =>
  JSON.parse(fs.readFileSync(path.join(dir, `${lang}.json`), 'utf8')) as Record<string, string>;
const en = load('en');
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('the nine languages, each with its catalogue and nothing else', () => {
  assert.deepEqual([...LANGUAGES].sort(), ['de', 'en', 'es', 'fr', 'it', 'nl', 'pl', 'pt', 'ru']);
  const files = fs.readdirSync(dir).filter((name) => name.endsWith('.json'));
  assert.deepEqual(files.sort(), LANGUAGES.map((lang) => `${lang}.json`).sort());
});

for (const lang of LANGUAGES) {
  test(`${lang}: every English key is translated, with the same placeholders and nothing extra`, () => {
    const catalog = load(lang);
    const missing = Object.keys(en).filter((key) => !(key in catalog));
    const extra = Object.keys(catalog).filter((key) => !(key in en));
    assert.deepEqual(missing, [], `${lang} lacks these keys`);
    assert.deepEqual(extra, [], `${lang} has keys English lacks`);
    for (const [key, text] of Object.entries(catalog)) {
      assert.ok(text.trim().length > 0, `${lang}.${key} is empty`);
      assert.deepEqual(placeholders(text), placeholders(en[key]), `${lang}.${key} placeholders`);
    }
    if (lang !== 'en') {
      const same = Object.keys(en).filter((key) => catalog[key] === en[key]);
      assert.ok(same.length <= 4, `${lang} leaves these in English: ${same.join(', ')}`);
    }
  });

  test(`${lang}: the translator speaks it, and the language setting offers it with a label`, () => {
    const catalog = load(lang);
    assert.equal(translator(lang)('help_help'), catalog.help_help);
    assert.equal(toLanguage(`${lang.toUpperCase()}-XX`), lang);
    const setting = SETTINGS.find((s) => s.id === 'language');
    assert.ok(
      setting?.values?.some((v) => v.key === lang && v.i18nLabel in en),
      `no option for ${lang}`,
    );
  });
}

test('placeholders are filled, unknown ones left visible', () => {
  const t = translator('en');
  assert.equal(t('status_reachable', { version: '4.5.3' }), '✓ Jeedom is reachable — version 4.5.3');
  assert.match(t('status_reachable'), /\{version\}/);
});

test('the language setting wins; auto follows the person, then the server, then English', () => {
  assert.equal(pickLanguage('de', 'fr', 'es'), 'de');
  assert.equal(pickLanguage('auto', 'fr-FR', 'es'), 'fr');
  assert.equal(pickLanguage('auto', undefined, 'pt-BR'), 'pt');
  assert.equal(pickLanguage('auto', 'ja', 'zh'), 'en');
  assert.equal(toLanguage('IT'), 'it');
});

describe('the playground page', () => {
  const pageDir = path.join(__dirname, '..', '..', 'playground', 'i18n');
  const page = (lang: string) =>
    JSON.parse(fs.readFileSync(path.join(pageDir, `${lang}.json`), 'utf8')) as Record<string, string>;
  const pageEn = page('en');
  test('a page catalogue per language, and the page imports each', () => {
    const files = fs.readdirSync(pageDir).filter((name) => name.endsWith('.json'));
    assert.deepEqual(files.sort(), LANGUAGES.map((lang) => `${lang}.json`).sort());
    const source = fs.readFileSync(path.join(pageDir, '..', 'web', 'src', 'i18n.ts'), 'utf8');
    for (const lang of LANGUAGES) assert.match(source, new RegExp(`i18n/${lang}\\.json`), lang);
  });
  for (const lang of LANGUAGES.filter((l) => l !== 'en')) {
    test(`${lang}: every key translated, same placeholders, and not a copy of English`, () => {
      const catalog = page(lang);
      assert.deepEqual(Object.keys(catalog), Object.keys(pageEn));
      for (const [key, text] of Object.entries(catalog)) {
        assert.ok(text.trim().length > 0, `${lang}.${key} is empty`);
        assert.deepEqual(placeholders(text), placeholders(pageEn[key]), `${lang}.${key} placeholders`);
      }
      const same = Object.keys(pageEn).filter((key) => catalog[key] === pageEn[key]);
      assert.ok(same.length <= 3, `${lang} leaves these in English: ${same.join(', ')}`);
    });
  }
});
