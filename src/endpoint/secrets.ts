import { IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import {
  RocketChatAssociationModel,
  RocketChatAssociationRecord,
} from '@rocket.chat/apps-engine/definition/metadata';
import { createHmac, randomBytes, timingSafeEqual } from 'crypto';
import { keyedQueue } from '../concurrency/keyedQueue';
import { SettingId } from '../settings/definitions';

const GENERATED = new RocketChatAssociationRecord(
  RocketChatAssociationModel.MISC,
  'jeedom-generated-webhook-secret',
);

/**
 * The master secret for Jeedom → chat calls: the `webhook_secret` setting, or — left empty — a strong one
 * the app generates once and keeps in its persistence (shared by every server instance).
 */
export async function webhookSecret(read: IRead, persis?: IPersistence): Promise<string | undefined> {
  const configured: unknown = await read
    .getEnvironmentReader()
    .getSettings()
    .getValueById(SettingId.WebhookSecret);
  if (typeof configured === 'string' && configured.trim() !== '') return configured.trim();
  const stored = await storedSecret(read);
  if (stored || !persis) return stored;
  // Two syncs at once (the start-up job and an admin's /jeedom sync) must not each make their own.
  return generating('secret', async () => {
    const meanwhile = await storedSecret(read);
    if (meanwhile) return meanwhile;
    await persis.updateByAssociation(GENERATED, { secret: randomBytes(32).toString('hex') }, true);
    // Read back: if another server instance wrote at the same moment, the last write is everyone's secret.
    return storedSecret(read);
  });
}

const generating = keyedQueue();

async function storedSecret(read: IRead): Promise<string | undefined> {
  const [stored] = (await read.getPersistenceReader().readByAssociation(GENERATED)) as Array<{
    secret?: unknown;
  }>;
  return typeof stored?.secret === 'string' ? stored.secret : undefined;
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
