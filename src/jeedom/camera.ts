import { IHttp, IHttpRequest } from '@rocket.chat/apps-engine/definition/accessors';
import { JeedomConfig } from './config';
import { JeedomClient } from './JeedomClient';
import { scrubSecret } from '../logging/scrubSecret';
import { JeedomError } from './JeedomError';

interface Camera {
  id: string;
  name: string;
}

const MAX_SNAPSHOT_BYTES = 10 * 1024 * 1024;
const MIN_SNAPSHOT_MS = 10_000;
const MAX_SNAPSHOT_MS = 25_000;

/**
 * A camera is slower than the API (it wakes, focuses, encodes): a snapshot gets max(jeedom_timeout, 10 s),
 * capped at 25 s so that it still ends within Rocket.Chat's 30 s per app call.
 */
export function snapshotBudgetMs(config: Pick<JeedomConfig, 'timeoutMs'>): number {
  return Math.min(Math.max(config.timeoutMs, MIN_SNAPSHOT_MS), MAX_SNAPSHOT_MS);
}

/** Cameras with their local key, read fresh: Jeedom's camera plugin rotates the key every day. */
async function cameras(client: JeedomClient): Promise<Array<Camera & { key: string }>> {
  const all = await client.cameras();
  return all.map((c) => ({ id: c.id, name: c.name, key: c.localKey }));
}

async function cameraPluginActive(client: JeedomClient): Promise<boolean> {
  return (await client.listPlugins(true)).some((plugin) => plugin.id === 'camera');
}

function pick<T extends Camera>(list: T[], wanted: string): T | undefined {
  const key = wanted.trim().toLowerCase();
  return list.find((c) => c.id === key) ?? list.find((c) => c.name.trim().toLowerCase() === key);
}

function asBytes(content: unknown): Uint8Array {
  if (content instanceof Uint8Array) return content;
  if (typeof content === 'string') return new TextEncoder().encode(content);
  return new Uint8Array(0);
}

/**
 * A fresh snapshot from Jeedom's camera plugin (`snapshot.php` with the camera's local key). A bad or stale
 * key gets an empty 200 answer, so an empty body means: read the key again and retry once. The key is in the
 * URL (the plugin's design): it never reaches a log, a message or an error text.
 */
export async function snapshot(
  http: IHttp,
  client: JeedomClient,
  baseUrl: string,
  wanted: string,
): Promise<{ camera: Camera; jpeg: Uint8Array }> {
  const { config } = client;
  for (let attempt = 0; attempt < 2; attempt++) {
    const all = await cameras(client);
    const camera = pick(all, wanted);
    if (!camera && all.length === 0 && !(await cameraPluginActive(client))) {
      // A box without the plugin answers `eqLogic::byType camera` with an empty list, like one without cameras.
      throw new JeedomError('plugin_missing', 'the camera plugin is not installed or not active', {
        reason: 'jeedom_error',
      });
    }
    if (!camera) throw new JeedomError('not_found', `no camera "${wanted}"`, { reason: 'jeedom_error' });
    const url = `${baseUrl}/plugins/camera/core/php/snapshot.php?id=${encodeURIComponent(camera.id)}&apikey=${encodeURIComponent(camera.key)}`;
    const budgetMs = snapshotBudgetMs(config);
    const options: IHttpRequest = { encoding: null, timeout: budgetMs };
    if (!config.tlsVerify) options.strictSSL = false;
    let bytes: Uint8Array;
    try {
      bytes = asBytes((await http.get(url, options)).content);
    } catch (error) {
      const message = scrubSecret(
        scrubSecret(error instanceof Error ? error.message : String(error), camera.key),
        config.apiKey,
      );
      throw new JeedomError(
        /time/i.test(message) ? 'timeout' : 'unreachable',
        `snapshot failed: ${message}`,
        {
          timeoutSeconds: budgetMs / 1000,
        },
      );
    }
    if (bytes.length > MAX_SNAPSHOT_BYTES)
      throw new JeedomError('protocol', 'snapshot too large', { reason: 'bad_result' });
    if (bytes.length > 2 && bytes[0] === 0xff && bytes[1] === 0xd8)
      return { camera: { id: camera.id, name: camera.name }, jpeg: bytes };
  }
  throw new JeedomError('protocol', 'the camera gave no image', { reason: 'bad_result' });
}

/**
 * A snapshot's file name: the camera's name with accents folded (`Allée` → `Allee`), anything else unsafe
 * in a file name replaced, then the time (`Allee-2026-11-25T19-39-51.jpg`).
 */
export function snapshotFileName(cameraName: string, at: Date): string {
  const base =
    cameraName
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^\w.-]+/g, '_')
      .replace(/^[_.]+|_+$/g, '') || 'camera';
  const stamp = at.toISOString().replace(/[:.]/g, '-').slice(0, 19);
  return `${base}-${stamp}.jpg`;
}
