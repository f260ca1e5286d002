import { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import {
  RocketChatAssociationModel,
  RocketChatAssociationRecord,
} from '@rocket.chat/apps-engine/definition/metadata';
import { createHash } from 'crypto';
import { z } from 'zod';
import { keyedQueue } from '../concurrency/keyedQueue';
import { Notification } from './request';

export const DEDUP_WINDOW_MS = 60_000;

const postedSchema = z.object({ roomId: z.string(), key: z.string(), at: z.number() });
const KIND = new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, 'jeedom-endpoint-posted');
const room = (roomId: string) => new RocketChatAssociationRecord(RocketChatAssociationModel.ROOM, roomId);
const call = (key: string) =>
  new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, `posted:${key}`);

/** Same room, same `id`/`ts`, same title, message and user: the same call, retried. */
export function dedupKey(n: Notification): string | undefined {
  if (!n.idempotencyKey) return undefined;
  return createHash('sha256')
    .update(JSON.stringify([n.roomId, n.idempotencyKey, n.title, n.message, n.userId ?? '']))
    .digest('hex');
}

function parse(records: object[]): Array<z.infer<typeof postedSchema>> {
  return records.flatMap((r) => {
    const parsed = postedSchema.safeParse(r);
    return parsed.success ? [parsed.data] : [];
  });
}

/** Was this call already posted in the last minute? Kept in persistence: any server instance may get the retry. */
export async function alreadyPosted(reader: IPersistenceRead, roomId: string, key: string): Promise<boolean> {
  const now = Date.now();
  return parse(await reader.readByAssociations([KIND, room(roomId), call(key)])).some(
    (r) => now - r.at < DEDUP_WINDOW_MS,
  );
}

/**
 * Remembers a call once it is posted — not before, so a failed post is posted by the retry. One record per
 * call, never updated: calls handled at the same moment cannot overwrite each other's.
 */
export async function rememberPosted(
  persis: IPersistence,
  roomId: string,
  key: string,
  reader?: IPersistenceRead,
): Promise<void> {
  await persis.createWithAssociations({ roomId, key, at: Date.now() }, [KIND, room(roomId), call(key)]);
  if (reader) await forgetExpired(reader, persis, roomId);
}

/**
 * The room's calls older than the window go as a new one is remembered: a room keeps about a minute of
 * records, whatever the traffic, without waiting for the periodic job (which still sweeps quiet rooms).
 */
async function forgetExpired(reader: IPersistenceRead, persis: IPersistence, roomId: string): Promise<void> {
  const now = Date.now();
  const newest = new Map<string, number>();
  for (const r of parse(await reader.readByAssociations([KIND, room(roomId)])))
    newest.set(r.key, Math.max(r.at, newest.get(r.key) ?? 0));
  for (const [key, at] of newest)
    if (now - at >= DEDUP_WINDOW_MS) await persis.removeByAssociations([KIND, room(roomId), call(key)]);
}

/** Forgets calls older than the window (the periodic job); returns how many. */
export async function pruneOldCalls(
  reader: IPersistenceRead,
  persis: IPersistence,
  now = Date.now(),
): Promise<number> {
  const byCall = new Map<string, { roomId: string; key: string; newest: number }>();
  for (const r of parse(await reader.readByAssociation(KIND))) {
    const id = `${r.roomId}/${r.key}`;
    const seen = byCall.get(id);
    if (!seen || r.at > seen.newest) byCall.set(id, { roomId: r.roomId, key: r.key, newest: r.at });
  }
  let removed = 0;
  for (const { roomId, key, newest } of byCall.values()) {
    if (now - newest < DEDUP_WINDOW_MS) continue;
    await persis.removeByAssociations([KIND, room(roomId), call(key)]);
    removed++;
  }
  return removed;
}

/** Calls with the same key wait for each other in this process: a retry then sees the first one posted. */
const sameCall = keyedQueue();

export function oneCallAtATime<T>(key: string | undefined, work: () => Promise<T>): Promise<T> {
  return key ? sameCall(key, work) : work();
}
