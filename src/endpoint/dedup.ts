import { IPersistence, IPersistenceRead, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import {
  RocketChatAssociationModel,
  RocketChatAssociationRecord,
} from '@rocket.chat/apps-engine/definition/metadata';
import { createHash } from 'crypto';
import { z } from 'zod';
import { keyedQueue } from '../concurrency/keyedQueue';
import { Notification } from './request';

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
  const recent = parse(await reader.readByAssociations([KIND, room(roomId), call(key)])).filter(
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

/**
 * The message an earlier attempt of this call posted before dying (it started posting at `since`): the bot's
 * message with this very text in the room since then. Only asked when such an attempt exists.
 */
export async function postedEarlier(
  read: IRead,
  roomId: string,
  since: number,
  bot: { username: string },
  text: string,
): Promise<string | undefined> {
  const recent = await read
    .getRoomReader()
    .getMessages(roomId, { limit: 100, sort: { createdAt: 'desc' } })
    .catch(() => []);
  const found = recent.find(
    (m) =>
      m.sender?.username === bot.username &&
      m.text === text &&
      new Date(m.createdAt).getTime() >= since - CLOCK_SLACK_MS,
  );
  return found?.id;
}

/** Chat server and app clocks are the same machine's, give or take a second on a busy server. */
const CLOCK_SLACK_MS = 1_000;

/** Calls with the same key wait for each other in this process: a retry then sees the first one posted. */
const sameCall = keyedQueue();

export function oneCallAtATime<T>(key: string | undefined, work: () => Promise<T>): Promise<T> {
  return key ? sameCall(key, work) : work();
}
