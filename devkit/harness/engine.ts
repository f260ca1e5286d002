/**
 * Access to the official Apps-Engine copy prepared by scripts/setup-engine.ts.
 * Everything the harness subclasses or drives must come from that copy, so that the engine's own
 * `instanceof` checks and its Deno runtime path line up.
 */
import path from 'node:path';
import { denoEnv, engineDir, setupEngine } from '../../scripts/setup-engine';

let prepared = false;

export function engineRequire<T>(relative: string): T {
  if (!prepared) {
    setupEngine();
    // The engine spawns `deno` from PATH: the npm package's binary, also under a bare `node --test`.
    process.env.PATH = denoEnv().PATH;
    prepared = true;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(engineDir, relative)) as T;
}

export type EngineModule<T> = T;
