/**
 * Prepares the official Apps-Engine (server + Deno runtime) for offline integration tests.
 * Idempotent: a marker records what was prepared; a second run is a no-op.
 * Why a copy: Deno refuses to run .ts files that live under node_modules.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const source = path.join(root, 'node_modules', '@rocket.chat', 'apps-engine');
export const engineDir = path.join(root, '.engine', 'apps-engine');
const standins = path.join(__dirname, 'engine-standins');
const WRITE_ALL_URL = 'https://deno.land/std@0.216.0/io/write_all.ts';

function fingerprint(): string {
  const hash = createHash('sha256');
  hash.update(fs.readFileSync(path.join(source, 'package.json')));
  for (const file of fs.readdirSync(standins).sort()) hash.update(fs.readFileSync(path.join(standins, file)));
  hash.update(fs.readFileSync(__filename));
  return hash.digest('hex');
}

function patchImportMap(runtimeDir: string): void {
  const file = path.join(runtimeDir, 'deno.jsonc');
  const config = JSON.parse(fs.readFileSync(file, 'utf8')) as { imports: Record<string, string> };
  delete config.imports['@std/cli'];
  config.imports['@std/cli/parse-args'] = './standins/parse_args.ts';
  config.imports[WRITE_ALL_URL] = './standins/write_all.ts';
  fs.writeFileSync(file, JSON.stringify({ ...config, nodeModulesDir: 'none' }, null, 2));
  fs.rmSync(path.join(runtimeDir, 'deno.lock'), { force: true });
}

export function denoEnv(): NodeJS.ProcessEnv {
  const bin = path.join(root, 'node_modules', '.bin');
  return { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` };
}

export function setupEngine(): void {
  const marker = path.join(engineDir, '.prepared');
  const wanted = fingerprint();
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === wanted) return;

  fs.rmSync(engineDir, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(engineDir), { recursive: true });
  fs.cpSync(source, engineDir, { recursive: true, dereference: true });
  const runtimeDir = path.join(engineDir, 'deno-runtime');
  fs.cpSync(standins, path.join(runtimeDir, 'standins'), { recursive: true });
  patchImportMap(runtimeDir);

  // Downloads the runtime's npm: imports once (from the npm registry); later runs use --cached-only.
  execFileSync('deno', ['cache', 'main.ts'], {
    cwd: runtimeDir,
    env: { ...denoEnv(), DENO_DIR: path.join(engineDir, '.deno-cache') },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  fs.writeFileSync(marker, wanted);
}

if (require.main === module) {
  const started = Date.now();
  setupEngine();
  console.log(`engine ready in ${engineDir} (${Date.now() - started} ms)`);
}
