import { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import { ClaimClock, ClaimStore } from '../storage/ClaimStore';
import { keyedQueue } from './keyedQueue';

/** A claim outlives the Jeedom calls it covers by this much (the accessor calls around them). */
export const CLAIM_MARGIN_MS = 2_000;

export interface ExclusiveOptions {
  /** How many Jeedom calls the work makes at most, each up to `timeoutMs`: the claim's lifetime. */
  jeedomCalls: number;
  timeoutMs: number;
  /** Time the work needs besides its Jeedom calls (chat edits, for instance). */
  extraMs?: number;
}

export interface ExclusiveStorage {
  reader: IPersistenceRead;
  persis: IPersistence;
  /** Tests only: a clock and a runtime id per contender. */
  clock?: Partial<ClaimClock>;
}

/** The work ran (with its result), or someone else holds the key until `heldUntil`: try again then. */
export type Exclusive<T> = { ran: true; value: T } | { ran: false; heldUntil: number };

const queue = keyedQueue();

export function claimLifetimeMs(options: ExclusiveOptions): number {
  return options.jeedomCalls * options.timeoutMs + (options.extraMs ?? 0) + CLAIM_MARGIN_MS;
}

/**
 * Work that one runtime at a time may do for a key (creating a room's equipment, delivering its infos,
 * answering a question, deciding a link request). In this process, calls for a key run one after the other;
 * across server instances, a claim in storage (ClaimStore says exactly what it guarantees: at most one holder
 * when storage reads see completed writes and the work ends within the claim's lifetime; best effort
 * otherwise). The claim lasts the work's Jeedom calls at their timeout plus a margin, and is released after
 * the work, whatever its outcome. When another runtime holds it, nothing runs and the caller learns when to
 * try again (it schedules that, so the work does not wait for the periodic job).
 */
export function exclusive<T>(
  key: string,
  storage: ExclusiveStorage,
  options: ExclusiveOptions,
  work: () => Promise<T>,
): Promise<Exclusive<T>> {
  return queue(key, async () => {
    const claims = new ClaimStore(storage.reader, storage.persis, storage.clock);
    const claim = await claims.take(key, claimLifetimeMs(options));
    if (!claim.ok) return { ran: false, heldUntil: claim.retryAt };
    try {
      return { ran: true, value: await work() };
    } finally {
      await claim.release();
    }
  });
}
