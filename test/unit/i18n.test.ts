import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { pickLanguage, toLanguage, translator } from '../../src/i18n/translate';
import { LANGUAGES } from '../../src/settings/definitions';

const dir = path.join(__dirname, '..', '..', 'i18n');
const load = (lang: string) =>
  JSON.parse(fs.readFileSync(path.join(dir, `${lang}.json`), 'utf8')) as Record<string, string>;
const en = load('en');
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

for (const lang of LANGUAGES) {
  test(`${lang}: every English key is translated, with the same placeholders and nothing extra`, () => {
    const catalog = load(lang);
    assert.deepEqual(Object.keys(catalog).sort(), Object.keys(en).sort());
    for (const [key, text] of Object.entries(catalog)) {
      assert.ok(text.trim().length > 0, `${lang}.${key} is empty`);
      assert.deepEqual(placeholders(text), placeholders(en[key]), `${lang}.${key} placeholders`);
    }
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
