import { IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { createHmac, randomBytes, timingSafeEqual } from 'crypto';
import { Exclusive, exclusive } from '../concurrency/exclusive';
import { SettingId } from '../settings/definitions';
import { manualSecretState } from '../settings/validate';
import { GeneratedSecretStore } from '../storage/GeneratedSecretStore';

async function manualSecret(read: IRead): Promise<string | undefined> {
  const configured: unknown = await read
    .getEnvironmentReader()
    .getSettings()
    .getValueById(SettingId.WebhookSecret);
  return manualSecretState(configured) === 'ok' ? String(configured).trim() : undefined;
}

/**
 * The endpoint reads the secret on every call: it is kept here for a few seconds. A setting change or a
 * rotation on this server instance clears it at once; another instance sees the change within CACHE_MS.
 */
const CACHE_MS = 5_000;
let cache: { secret: string; at: number } | undefined;

export function forgetCachedSecret(): void {
  cache = undefined;
}

/** The secret the endpoint checks against, from the cache when fresh; undefined when none exists yet. */
export async function currentSecret(read: IRead, now = Date.now()): Promise<string | undefined> {
  if (cache && now - cache.at < CACHE_MS) return cache.secret;
  const secret = await webhookSecret(read);
  cache = secret ? { secret, at: now } : undefined;
  return secret;
}

/**
 * The master secret for Jeedom → chat calls: the `webhook_secret` setting when it is long enough, or — left
 * empty — a strong one the app generates once and keeps in its persistence (shared by every server instance).
 */
export async function webhookSecret(read: IRead, persis?: IPersistence): Promise<string | undefined> {
  const manual = await manualSecret(read);
  if (manual) {
    // While a secret is set by hand, the generated one is retired: clearing the setting later makes a
    // new one instead of bringing back tokens that may have leaked before.
    if (persis && (await storedSecret(read))) await GeneratedSecretStore.remove(persis);
    return manual;
  }
  const stored = await storedSecret(read);
  if (stored || !persis) return stored;
  // Two syncs at once (the start-up job and an admin's /jeedom sync, here or on another server instance) must
  // not each make their own: one generates under the claim; a runtime that did not get it reads the holder's
  // (none yet: no secret for this call, whose preflight says so; the next one finds it).
  const made = await generating(
    read,
    persis,
    async () => (await storedSecret(read)) ?? writeNewSecret(read, persis),
  );
  return made.ran ? made.value : storedSecret(read);
}

/** Writing a generated secret: no Jeedom call, a few storage calls. */
const GENERATION = { jeedomCalls: 0, timeoutMs: 0, extraMs: 5_000 };

function generating<T>(read: IRead, persis: IPersistence, work: () => Promise<T>): Promise<Exclusive<T>> {
  return exclusive(
    'generate-webhook-secret',
    { reader: read.getPersistenceReader(), persis },
    GENERATION,
    work,
  );
}

async function writeNewSecret(read: IRead, persis: IPersistence): Promise<string | undefined> {
  await GeneratedSecretStore.save(persis, randomBytes(32).toString('hex'));
  forgetCachedSecret();
  return storedSecret(read);
}

/** `/jeedom secret rotate`: a new generated secret, whatever was stored. Refused while one is set by hand. */
export async function rotateSecret(read: IRead, persis: IPersistence): Promise<'rotated' | 'manual'> {
  if (await manualSecret(read)) return 'manual';
  // Not run only while another runtime holds the claim, that is while it writes a new secret itself.
  await generating(read, persis, () => writeNewSecret(read, persis));
  return 'rotated';
}

/** Retires the generated secret while a manual one is in use (the job run after a setting change). */
export async function retireGeneratedSecret(read: IRead, persis: IPersistence): Promise<void> {
  forgetCachedSecret();
  await webhookSecret(read, persis);
}

function storedSecret(read: IRead): Promise<string | undefined> {
  return new GeneratedSecretStore(read.getPersistenceReader()).get();
}

/** The room-scoped credential: HMAC-SHA256 of the room id under the master secret, lowercase hex (SPEC §6). */
export function roomToken(secret: string, roomId: string): string {
  return createHmac('sha256', secret).update(roomId).digest('hex');
}

/** Constant-time comparison of two secrets, whatever their lengths. */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHmac('sha256', 'compare').update(given).digest();
  const b = createHmac('sha256', 'compare').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** Run right after `webhook_secret` changes: retires the generated secret, or makes a new one. */
export const SECRET_JOB = 'jeedom-secret-changed';
