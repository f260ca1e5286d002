import { IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { Bucket, RefusedCallStore } from '../storage/RefusedCallStore';
import { recordAudit } from './audit';

export const AUDIT_REFUSED_JOB = 'jeedom-audit-refused';
const MINUTE = 60_000;

/** Counts into a minute's bucket; pure. */
export function countRefusal(current: Bucket, room: string, status: 401 | 429): Bucket {
  const was = current.rooms[room] ?? { unauthorized: 0, throttled: 0 };
  const now =
    status === 401
      ? { ...was, unauthorized: was.unauthorized + 1 }
      : { ...was, throttled: was.throttled + 1 };
  return { ...current, rooms: { ...current.rooms, [room]: now } };
}

/** The buckets' counts merged, by room, busiest first; pure. */
export function mergeBuckets(buckets: Bucket[]) {
  const total = new Map<string, { unauthorized: number; throttled: number }>();
  for (const b of buckets)
    for (const [room, c] of Object.entries(b.rooms)) {
      const was = total.get(room) ?? { unauthorized: 0, throttled: 0 };
      total.set(room, {
        unauthorized: was.unauthorized + c.unauthorized,
        throttled: was.throttled + c.throttled,
      });
    }
  return [...total.entries()]
    .map(([room, c]) => ({ room, ...c }))
    .sort(
      (a, b) => b.unauthorized + b.throttled - (a.unauthorized + a.throttled) || a.room.localeCompare(b.room),
    );
}

/** This process's counts, per minute: its own bucket record is rewritten from them, never read back. */
const INSTANCE = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
const mine = new Map<number, Bucket>();

/**
 * A refused endpoint call (401 bad credentials, 429 throttled), counted per minute and per room. A refusal
 * must stay cheap, so nothing is read: this process keeps its own counts in memory and overwrites its own
 * record of the minute with them (one write); the summary job merges every process's records. The first
 * refusal of a minute in this process schedules the summary a minute later: at most one audit line a minute
 * whatever the flood (a second process's job finds the records gone and posts nothing).
 * `room` is the room id the call named (as given: it may not exist).
 */
async function recordRefusedCall(
  acc: { read: IRead; persis: IPersistence; modify: IModify },
  room: string,
  status: 401 | 429,
  now = Date.now(),
): Promise<void> {
  try {
    const minute = Math.floor(now / MINUTE);
    for (const old of mine.keys()) if (old < minute - 1) mine.delete(old);
    const first = !mine.has(minute);
    // The id as the caller gave it: only the characters a room id has, so the line cannot carry markup.
    const label = room.replace(/[^\w-]/g, '').slice(0, 40) || '?';
    const counted = countRefusal(mine.get(minute) ?? { minute, rooms: {} }, label, status);
    mine.set(minute, counted);
    await RefusedCallStore.save(acc.persis, counted, INSTANCE);
    if (first)
      await acc.modify.getScheduler().scheduleOnce({
        id: AUDIT_REFUSED_JOB,
        when: new Date((minute + 1) * MINUTE + 1000),
        data: { minute },
      });
  } catch {
    // Counting refusals must never change the endpoint's answer.
  }
}

/**
 * The scheduled summary, a minute after a minute's first refusal: that minute's counts (and any older ones
 * left behind) as one audit event, then forgotten.
 */
export async function flushRefusedCalls(
  acc: { read: IRead; persis: IPersistence; modify: IModify },
  upToMinute: unknown,
): Promise<void> {
  const given = Number(upToMinute);
  const last = Number.isFinite(given) && upToMinute !== null ? given : Math.floor(Date.now() / MINUTE) - 1;
  const all = (await new RefusedCallStore(acc.read.getPersistenceReader()).all()).filter(
    (b) => b.minute <= last,
  );
  if (!all.length) return;
  for (const b of all) await RefusedCallStore.remove(acc.persis, b.minute);
  await recordAudit(acc, { kind: 'endpoint_refused', rooms: mergeBuckets(all) });
}

/**
 * The endpoint's answer, unchanged, after counting it when it is a refusal (401, 429). Wraps the handler's
 * result, so whatever path refused the call is counted. The room is the one the call named, if any.
 */
export async function countIfRefused<R extends { status?: number }>(
  response: R,
  request: { query?: unknown; content?: unknown },
  acc: { read: IRead; persis: IPersistence; modify: IModify },
): Promise<R> {
  if (response.status !== 401 && response.status !== 429) return response;
  const named = (source: unknown) =>
    source && typeof source === 'object' ? (source as { room?: unknown }).room : undefined;
  const room = named(request.query) ?? named(request.content);
  await recordRefusedCall(acc, typeof room === 'string' ? room : '', response.status);
  return response;
}
