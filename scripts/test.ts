/**
 * The whole test suite, from a fresh clone: prepares the engine (idempotent), type-checks, lints,
 * builds the zip the end-to-end tests install and the playground page, makes sure Debian's Chromium is there
 * for the browser tests, then runs unit, end-to-end and browser tests with node:test.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildPage } from './build-page';
import { packageApp } from './package';
import { setupBrowser } from './setup-browser';
import { setupEngine } from './setup-engine';

const root = path.resolve(__dirname, '..');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

function run(command: string, args: string[]): void {
  execFileSync(command, args, { cwd: root, stdio: 'inherit' });
}

function testFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => path.join(dir, f))
    .sort();
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  setupEngine();
  if (!only.length) {
    run(bin('tsc'), ['-p', 'tsconfig.json']);
    run(bin('tsc'), ['-p', path.join('playground', 'web', 'tsconfig.json')]);
    run(bin('eslint'), ['.']);
    run(bin('prettier'), ['--check', '.']);
  }
  await packageApp();
  buildPage();
  setupBrowser();
  const files = only.length ? only : testFiles(path.join(root, 'test'));
  // The zip was just built: test files reuse it instead of building their own.
  process.env.JEEDOM_ZIP_FRESH = '1';
  process.env.JEEDOM_PAGE_FRESH = '1';
  run(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files]);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
