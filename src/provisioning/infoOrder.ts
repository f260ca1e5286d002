import type { Delivery, LatestMessage } from '../storage/InfoStateStore';

/** Newer than what Jeedom has: a later millisecond, or another message of the same one. */
export function isUndelivered(message: LatestMessage, delivery: Delivery): boolean {
  if (message.seq !== delivery.deliveredSeq) return message.seq > delivery.deliveredSeq;
  return message.messageId !== delivery.deliveredId;
}

/** The latest message: the highest time; within one millisecond, the one stored last. */
export function newestOf(messages: readonly LatestMessage[]): LatestMessage | undefined {
  let newest: LatestMessage | undefined;
  for (const m of messages) if (!newest || m.seq >= newest.seq) newest = m;
  return newest;
}
