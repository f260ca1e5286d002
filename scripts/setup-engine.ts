/**
 * Prepares the official Apps-Engine (server + Deno runtime) for offline integration tests, one copy per engine
 * version: 1.59.0 (`@rocket.chat/apps-engine`, Rocket.Chat 8.0–8.3's line) and 1.62.0 (the `apps-engine-1.62`
 * npm alias: the newest release that still ships the server, Rocket.Chat 8.4–8.8's line).
 * Idempotent: a marker records what was prepared; a second run is a no-op.
 * Why a copy: Deno refuses to run .ts files that live under node_modules.
 *
 * Which engine the harness runs: `APPS_ENGINE=1.62` (or `1.59`, the default) in the environment.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const standins = path.join(__dirname, 'engine-standins');
const WRITE_ALL_URL = 'https://deno.land/std@0.216.0/io/write_all.ts';

export interface Engine {
  /** `1.59` or `1.62`. */
  version: EngineVersion;
  /** The npm package it is copied from. */
  source: string;
  /** The prepared copy the harness requires and Deno runs. */
  dir: string;
}

export const ENGINE_VERSIONS = ['1.59', '1.62'] as const;
export type EngineVersion = (typeof ENGINE_VERSIONS)[number];

export function engineFor(version: EngineVersion): Engine {
  return version === '1.62'
    ? {
        version,
        source: path.join(root, 'node_modules', 'apps-engine-1.62'),
        // The folder must be named `apps-engine`: the runtime's `require` maps `apps-engine/src/` to `apps-engine/`.
        dir: path.join(root, '.engine', '1.62', 'apps-engine'),
      }
    : {
        version,
        source: path.join(root, 'node_modules', '@rocket.chat', 'apps-engine'),
        dir: path.join(root, '.engine', 'apps-engine'),
      };
}

/** The engine this process runs: `APPS_ENGINE` (1.59 or 1.62; a full `1.62.0` is accepted), default 1.59. */
export function selectedEngineVersion(env: NodeJS.ProcessEnv = process.env): EngineVersion {
  const wanted = (env.APPS_ENGINE ?? '1.59').trim();
  const found = ENGINE_VERSIONS.find((v) => wanted === v || wanted.startsWith(`${v}.`));
  if (!found) throw new Error(`APPS_ENGINE=${wanted}: unknown engine (use ${ENGINE_VERSIONS.join(' or ')})`);
  return found;
}

/** The selected engine's prepared copy. */
export const engineDir = engineFor(selectedEngineVersion()).dir;

function fingerprint(engine: Engine): string {
  const hash = createHash('sha256');
  hash.update(fs.readFileSync(path.join(engine.source, 'package.json')));
  for (const file of fs.readdirSync(standins).sort()) hash.update(fs.readFileSync(path.join(standins, file)));
  hash.update(fs.readFileSync(__filename));
  return hash.digest('hex');
}

/**
 * jsr.io and deno.land are not reachable from our machines: the runtime's few `@std` imports are replaced by
 * local stand-ins. 1.59 imports `@std/cli` and a deno.land `write_all`; 1.62 `@std/cli`, `@std/io` and
 * `@std/streams`.
 */
function patchImportMap(runtimeDir: string): void {
  const file = path.join(runtimeDir, 'deno.jsonc');
  const config = JSON.parse(fs.readFileSync(file, 'utf8')) as { imports: Record<string, string> };
  delete config.imports['@std/cli'];
  config.imports['@std/cli/parse-args'] = './standins/parse_args.ts';
  config.imports[WRITE_ALL_URL] = './standins/write_all.ts';
  if (config.imports['@std/io']) config.imports['@std/io'] = './standins/write_all.ts';
  if (config.imports['@std/streams']) config.imports['@std/streams'] = './standins/streams.ts';
  fs.writeFileSync(file, JSON.stringify({ ...config, nodeModulesDir: 'none' }, null, 2));
  fs.rmSync(path.join(runtimeDir, 'deno.lock'), { force: true });
}

/**
 * The published 1.62.0 runtime imports one value from the engine's TypeScript sources, which the npm package does
 * not ship (`handleUploadEvents.ts` → `src/definition/exceptions/AppsEngineException.ts`): Deno refuses to start
 * without it. The stand-in re-exports the compiled class the apps themselves get.
 */
function addMissingSources(dir: string): void {
  const wanted = path.join(dir, 'src', 'definition', 'exceptions', 'AppsEngineException.ts');
  const importer = path.join(dir, 'deno-runtime', 'handlers', 'app', 'handleUploadEvents.ts');
  if (fs.existsSync(wanted) || !fs.existsSync(importer)) return;
  if (!fs.readFileSync(importer, 'utf8').includes('definition/exceptions/AppsEngineException.ts')) return;
  fs.mkdirSync(path.dirname(wanted), { recursive: true });
  fs.copyFileSync(path.join(standins, 'AppsEngineException.ts.txt'), wanted);
}

export function denoEnv(): NodeJS.ProcessEnv {
  const bin = path.join(root, 'node_modules', '.bin');
  return { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` };
}

/** Prepares one engine's copy (default: the selected one). */
export function setupEngine(version: EngineVersion = selectedEngineVersion()): void {
  const engine = engineFor(version);
  const marker = path.join(engine.dir, '.prepared');
  const wanted = fingerprint(engine);
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === wanted) return;

  fs.rmSync(engine.dir, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(engine.dir), { recursive: true });
  fs.cpSync(engine.source, engine.dir, { recursive: true, dereference: true });
  const runtimeDir = path.join(engine.dir, 'deno-runtime');
  fs.cpSync(standins, path.join(runtimeDir, 'standins'), { recursive: true });
  patchImportMap(runtimeDir);
  addMissingSources(engine.dir);

  // Downloads the runtime's npm: imports once (from the npm registry); later runs use --cached-only.
  execFileSync('deno', ['cache', 'main.ts'], {
    cwd: runtimeDir,
    env: { ...denoEnv(), DENO_DIR: path.join(engine.dir, '.deno-cache') },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  fs.writeFileSync(marker, wanted);
}

if (require.main === module) {
  for (const version of ENGINE_VERSIONS) {
    const started = Date.now();
    setupEngine(version);
    console.log(`engine ${version} ready in ${engineFor(version).dir} (${Date.now() - started} ms)`);
  }
}
