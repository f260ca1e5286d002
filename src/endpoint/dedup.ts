import { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { createHash } from 'crypto';
import { keyedQueue } from '../concurrency/keyedQueue';
import { Notification } from './request';

/** Same room, same `id`/`ts`, same title, message and user: the same call, retried. */
export function dedupKey(n: Notification): string | undefined {
  if (!n.idempotencyKey) return undefined;
  return createHash('sha256')
    .update(JSON.stringify([n.roomId, n.idempotencyKey, n.title, n.message, n.userId ?? '']))
    .digest('hex');
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
