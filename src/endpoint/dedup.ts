import { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import {
  RocketChatAssociationModel,
  RocketChatAssociationRecord,
} from '@rocket.chat/apps-engine/definition/metadata';
import { createHash } from 'crypto';
import { z } from 'zod';
import { Notification } from './request';

export const DEDUP_WINDOW_MS = 60_000;
const MAX_KEYS_PER_ROOM = 200;

const recentSchema = z.object({ keys: z.array(z.object({ key: z.string(), at: z.number() })) });
const KIND = new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, 'jeedom-endpoint-recent');
const byRoom = (roomId: string) => [
  KIND,
  new RocketChatAssociationRecord(RocketChatAssociationModel.ROOM, roomId),
];

/** Same room, same `id`/`ts`, same title, message and user: the same call, retried. */
export function dedupKey(n: Notification): string | undefined {
  if (!n.idempotencyKey) return undefined;
  return createHash('sha256')
    .update(JSON.stringify([n.roomId, n.idempotencyKey, n.title, n.message, n.userId ?? '']))
    .digest('hex');
}

async function recentKeys(
  reader: IPersistenceRead,
  roomId: string,
  now: number,
): Promise<Array<{ key: string; at: number }>> {
  const [raw] = await reader.readByAssociations(byRoom(roomId));
  const parsed = recentSchema.safeParse(raw);
  return (parsed.success ? parsed.data.keys : []).filter((k) => now - k.at < DEDUP_WINDOW_MS);
}

/** Was this call already posted in the last minute? Kept in persistence: any server instance may get the retry. */
export async function alreadyPosted(reader: IPersistenceRead, roomId: string, key: string): Promise<boolean> {
  return (await recentKeys(reader, roomId, Date.now())).some((k) => k.key === key);
}

/** Remembers a call once it is posted — not before, so a failed post is posted by the retry. */
export async function rememberPosted(
  reader: IPersistenceRead,
  persis: IPersistence,
  roomId: string,
  key: string,
): Promise<void> {
  const now = Date.now();
  const keys = [...(await recentKeys(reader, roomId, now)), { key, at: now }].slice(-MAX_KEYS_PER_ROOM);
  await persis.updateByAssociations(byRoom(roomId), { keys }, true);
}
