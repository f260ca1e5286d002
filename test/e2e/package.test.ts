import AdmZip from 'adm-zip';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { PNG } from 'pngjs';
import { appZip } from './zip';

const root = path.resolve(__dirname, '..', '..');
let zip: AdmZip;

before(async () => {
  zip = new AdmZip(await appZip());
});

const names = () =>
  zip
    .getEntries()
    .map((e) => e.entryName)
    .sort();
const text = (name: string) => zip.readAsText(name);

test('the zip holds the app only: compiled JS, app.json, icon, translations', () => {
  const expected = [
    '.packagedby',
    'RocketChatJeedomApp.js',
    'app.json',
    'icon.png',
    'package.json',
    'src/index.js',
  ];
  const i18n = fs.readdirSync(path.join(root, 'i18n')).map((f) => `i18n/${f}`);
  assert.deepEqual(names(), [...expected, ...i18n].sort());
});

test('no test code, TypeScript source, tooling or dependency folder is shipped', () => {
  for (const name of names()) {
    assert.doesNotMatch(name, /(^|\/)(test|tests|scripts|node_modules|build|dist)\//, name);
    assert.doesNotMatch(name, /\.ts$|tsconfig|\.map$|eslint|prettier/, name);
  }
  const bundle = text('src/index.js');
  assert.doesNotMatch(bundle, /JeedomSimulator|RocketChatHarness|node:test/);
});

test('runtime dependencies are bundled: the JS requires nothing the sandbox refuses', () => {
  // The Deno sandbox allows a few Node built-ins (crypto for HMAC tokens) and the engine's definitions.
  const allowed = /^(@rocket\.chat\/apps-engine\/|\.\/|\.\.\/|crypto$)/;
  for (const file of ['RocketChatJeedomApp.js', 'src/index.js']) {
    const requires = [...text(file).matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    assert.ok(requires.length > 0, `${file} requires the engine definitions`);
    for (const spec of requires) assert.match(spec, allowed, `${file} requires ${spec}`);
  }
  assert.match(text('src/index.js'), /ZodError/, 'zod is inlined');
});

test('app.json: identity, caret API range, least-privilege permissions, implements filled by the compiler', () => {
  const shipped = JSON.parse(text('app.json'));
  const source = JSON.parse(fs.readFileSync(path.join(root, 'app.json'), 'utf8'));
  assert.equal(shipped.name, 'Jeedom');
  assert.equal(shipped.nameSlug, 'jeedom');
  assert.equal(shipped.classFile, 'RocketChatJeedomApp.ts');
  assert.match(shipped.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.match(shipped.requiredApiVersion, /^\^1\.\d+\.\d+$/);
  assert.ok(Array.isArray(shipped.permissions) && shipped.permissions.length > 0, 'explicit permissions');
  assert.deepEqual(shipped.implements, source.implements, 'the repository app.json is kept in step');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { AppPermissions } = require('@rocket.chat/apps-engine/server/permissions/AppPermissions');
  const known = Object.values(AppPermissions as Record<string, Record<string, { name: string }>>).flatMap(
    (group) => Object.values(group).map((p) => p.name),
  );
  for (const { name } of shipped.permissions) assert.ok(known.includes(name), `unknown permission ${name}`);
  const broad = ['user.write', 'room.system.view-all', 'role.write', 'server-setting.write', 'email.send'];
  for (const { name } of shipped.permissions) assert.ok(!broad.includes(name), `${name} is not needed`);
});

test('the icon is a 512×512 PNG', () => {
  const png = PNG.sync.read(zip.readFile('icon.png') as Buffer);
  assert.equal(png.width, 512);
  assert.equal(png.height, 512);
});
