/**
 * The whole test suite, from a fresh clone: prepares the engines (idempotent), type-checks, lints, builds the
 * zip the end-to-end tests install and the playground page, makes sure Debian's Chromium is there for the browser
 * tests, finds the real Jeedom test box if this machine has one, then runs unit, end-to-end, real-Jeedom and
 * browser tests with node:test on Apps-Engine 1.59.0, and the end-to-end and real-Jeedom files once more on 1.62.0.
 *
 * `npm test -- <files>` runs chosen files on one engine: `APPS_ENGINE=1.62 npm test -- …` for the newest.
 * `JEEDOM_REQUIRED=1` (set by .ci/run) makes a missing real Jeedom a failure instead of a skip.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildPage } from './build-page';
import { packageApp } from './package';
import { prepareRealJeedom } from './real-jeedom';
import { setupBrowser } from './setup-browser';
import { EngineVersion, selectedEngineVersion, setupEngine } from './setup-engine';

const root = path.resolve(__dirname, '..');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  execFileSync(command, args, { cwd: root, stdio: 'inherit', env });
}

function testFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => path.join(dir, f))
    .sort();
}

function runTests(files: string[], engine: EngineVersion): void {
  const started = Date.now();
  console.log(`\n=== ${files.length} test file(s) on Apps-Engine ${engine} ===`);
  run(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
    ...process.env,
    APPS_ENGINE: engine,
  });
  console.log(`=== Apps-Engine ${engine}: passed in ${Math.round((Date.now() - started) / 1000)} s ===`);
}

/** Finds the real Jeedom (or says clearly why its suite is skipped); exits when CI requires it. */
function realJeedom(): void {
  const found = prepareRealJeedom();
  if (found.ok) {
    console.log(`real-Jeedom suite: against ${found.url}`);
    return;
  }
  if (process.env.JEEDOM_REQUIRED === '1') throw new Error(`real-Jeedom suite required, but ${found.reason}`);
  console.log(`real-Jeedom suite: SKIPPED (${found.reason})`);
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const engine = selectedEngineVersion();
  setupEngine(engine);
  if (!only.length) {
    setupEngine('1.62');
    run(bin('tsc'), ['-p', 'tsconfig.json']);
    run(bin('tsc'), ['-p', path.join('playground', 'web', 'tsconfig.json')]);
    run(bin('eslint'), ['.']);
    run(bin('prettier'), ['--check', '.']);
  }
  await packageApp();
  buildPage();
  setupBrowser();
  if (!only.length || only.some((file) => file.includes('real-jeedom'))) realJeedom();
  // The zip was just built: test files reuse it instead of building their own.
  process.env.JEEDOM_ZIP_FRESH = '1';
  process.env.JEEDOM_PAGE_FRESH = '1';
  if (only.length) {
    runTests(only, engine);
    return;
  }
  runTests(testFiles(path.join(root, 'test')), '1.59');
  // The newest engine that ships a server: the end-to-end and real-Jeedom files again (unit, simulator,
  // contract, harness and browser files do not depend on the engine's version).
  runTests(
    [...testFiles(path.join(root, 'test', 'e2e')), ...testFiles(path.join(root, 'test', 'real-jeedom'))],
    '1.62',
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
