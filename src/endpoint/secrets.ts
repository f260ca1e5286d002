import { IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import {
  RocketChatAssociationModel,
  RocketChatAssociationRecord,
} from '@rocket.chat/apps-engine/definition/metadata';
import { createHmac, randomBytes, timingSafeEqual } from 'crypto';
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
  const [stored] = (await read.getPersistenceReader().readByAssociation(GENERATED)) as Array<{
    secret?: unknown;
  }>;
  if (typeof stored?.secret === 'string') return stored.secret;
  if (!persis) return undefined;
  const secret = randomBytes(32).toString('hex');
  await persis.updateByAssociation(GENERATED, { secret }, true);
  return secret;
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
