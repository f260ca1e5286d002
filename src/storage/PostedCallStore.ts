import { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import {
  RocketChatAssociationModel,
  RocketChatAssociationRecord,
} from '@rocket.chat/apps-engine/definition/metadata';
import { z } from 'zod';
import { readAll } from './records';

/** Jeedom's retries of an endpoint call come within this window: each posted call is remembered this long. */
export const DEDUP_WINDOW_MS = 60_000;

/** `posting`: an attempt started to post this call (written before posting, see `markPosting`). */
const postedSchema = z.object({
  roomId: z.string(),
  key: z.string(),
  at: z.number(),
  posting: z.boolean().nullish(),
});
const KIND = new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, 'jeedom-endpoint-posted');
const room = (roomId: string) => new RocketChatAssociationRecord(RocketChatAssociationModel.ROOM, roomId);
const call = (key: string) =>
  new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, `posted:${key}`);

/**
 * This call within the last minute: already posted (a retry: posted once), or only started by an attempt
 * that may have died before remembering it (`postingSince`). Kept in persistence: any server instance may
 * get the retry. One read.
 */
export async function callState(
  reader: IPersistenceRead,
  roomId: string,
  key: string,
): Promise<{ posted: boolean; postingSince?: number }> {
  const now = Date.now();
  const recent = (await readAll(reader, [KIND, room(roomId), call(key)], postedSchema)).filter(
    (r) => now - r.at < DEDUP_WINDOW_MS,
  );
  const starts = recent.filter((r) => r.posting).map((r) => r.at);
  return {
    posted: recent.some((r) => !r.posting),
    postingSince: starts.length ? Math.min(...starts) : undefined,
  };
}

/**
 * Written just before posting: if the process dies between posting and remembering (a restart), the
 * script plugin's retry finds this and looks for the message in the room instead of posting it twice.
 */
export async function markPosting(persis: IPersistence, roomId: string, key: string): Promise<void> {
  await persis.createWithAssociations({ roomId, key, at: Date.now(), posting: true }, [
    KIND,
    room(roomId),
    call(key),
  ]);
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
  for (const r of await readAll(reader, [KIND, room(roomId)], postedSchema))
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
  for (const r of await readAll(reader, KIND, postedSchema)) {
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
