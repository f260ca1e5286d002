import { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import {
  RocketChatAssociationModel,
  RocketChatAssociationRecord,
} from '@rocket.chat/apps-engine/definition/metadata';
import { z } from 'zod';
import { readAll } from './records';

/** This runtime (the app's process on one server instance); a restart or another instance has another. */
export const RUNTIME_ID = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

/** How soon a contender that met another one still choosing its number tries again. */
export const CHOOSING_RETRY_MS = 1_000;

const recordSchema = z.object({
  key: z.string(),
  runtime: z.string(),
  contender: z.string(),
  /** `choosing`: written, its number not chosen yet; `ready`: its number is final. */
  state: z.enum(['choosing', 'ready']),
  number: z.number().nullish(),
  until: z.number(),
});
type ClaimRecord = z.infer<typeof recordSchema>;

const KIND = new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, 'jeedom-claim');
const ofKey = (key: string) => [
  KIND,
  new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, `jeedom-claim-key:${key}`),
];
const ofContender = (key: string, contender: string) => [
  ...ofKey(key),
  new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, `jeedom-claim-by:${contender}`),
];

export type Claim = { ok: true; release: () => Promise<void> } | { ok: false; retryAt: number };

export interface ClaimClock {
  now: () => number;
  /** Who this runtime is; tests give two contenders two runtimes. */
  runtime: string;
}

const before = (a: ClaimRecord, b: ClaimRecord) =>
  (a.number ?? 0) < (b.number ?? 0) || (a.number === b.number && a.contender < b.contender);

/**
 * A claim on work that two server instances must not both do, over storage that has no compare-and-set: a
 * ticket scheme (Lamport's bakery). Each contender writes its own record, `choosing`; reads the others and
 * takes a number above every one it saw; writes it, `ready`; reads again. It wins when nobody else is
 * `choosing` and no live ticket is lower (ties by contender id); otherwise it removes its record and says
 * when to try again. Records of this runtime for the same key are left-overs (the caller's in-process queue
 * runs one attempt per key at a time) and do not count.
 *
 * What it guarantees: if every read sees every write completed before it (one MongoDB primary, as a
 * Rocket.Chat server uses), at most one live claim holder per key, whatever the interleaving; the number of
 * steps does not depend on timing. What it does not: storage read from a lagging replica may hide a
 * contender, and then two may win; a holder that outlives its claim's lifetime (the record's `until`, read
 * against each instance's own clock, so clock skew shortens or lengthens it) is no longer exclusive; a
 * runtime that dies holding a claim blocks the key until `until`; two contenders may both back off (one
 * then retries after CHOOSING_RETRY_MS). Best effort in exactly those cases.
 */
export class ClaimStore {
  private readonly clock: ClaimClock;

  constructor(
    private readonly reader: IPersistenceRead,
    private readonly persis: IPersistence,
    clock: Partial<ClaimClock> = {},
  ) {
    this.clock = { now: clock.now ?? Date.now, runtime: clock.runtime ?? RUNTIME_ID };
  }

  async take(key: string, lifetimeMs: number): Promise<Claim> {
    const contender = `${this.clock.runtime}/${Math.random().toString(36).slice(2, 10)}`;
    const mine = ofContender(key, contender);
    const base = { key, runtime: this.clock.runtime, contender };
    await this.persis.createWithAssociations(
      { ...base, state: 'choosing', number: null, until: this.clock.now() + lifetimeMs },
      mine,
    );
    const seen = await this.others(key, contender);
    const number = Math.max(this.clock.now(), ...seen.map((r) => (r.number ?? 0) + 1));
    const ticket: ClaimRecord = { ...base, state: 'ready', number, until: this.clock.now() + lifetimeMs };
    await this.persis.updateByAssociations(mine, ticket, true);
    const rivals = await this.others(key, contender);
    const release = async () => {
      await this.persis.removeByAssociations(mine);
    };
    const choosing = rivals.filter((r) => r.state === 'choosing');
    const earlier = rivals.filter((r) => r.state === 'ready' && before(r, ticket));
    if (!choosing.length && !earlier.length) return { ok: true, release };
    await release();
    const retryAt = earlier.length
      ? Math.max(...earlier.map((r) => r.until))
      : this.clock.now() + CHOOSING_RETRY_MS;
    return { ok: false, retryAt };
  }

  /** The live records of other runtimes for this key; expired ones and this runtime's left-overs are removed. */
  private async others(key: string, contender: string): Promise<ClaimRecord[]> {
    const records = (await readAll(this.reader, ofKey(key), recordSchema)).filter((r) => r.key === key);
    const now = this.clock.now();
    const stale = records.filter(
      (r) => r.contender !== contender && (r.until <= now || r.runtime === this.clock.runtime),
    );
    for (const r of stale) await this.persis.removeByAssociations(ofContender(key, r.contender));
    return records.filter((r) => r.contender !== contender && !stale.includes(r));
  }
}
