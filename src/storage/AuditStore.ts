import { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import {
  RocketChatAssociationModel,
  RocketChatAssociationRecord,
} from '@rocket.chat/apps-engine/definition/metadata';
import { z } from 'zod';
import { readAll } from './records';

/** A person as the audit names them: the immutable id, and the username they had at the time. */
const person = z.object({ id: z.string(), username: z.string() });
export type AuditPerson = z.infer<typeof person>;

/** What the audit keeps (SPEC §10): who did what, and the outcome's kind; never a secret, never Jeedom's reply. */
export const auditEventSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('interaction'), user: person, phrase: z.string(), outcome: z.string() }),
  z.object({ kind: z.literal('run'), user: person, target: z.string(), outcome: z.string() }),
  z.object({ kind: z.literal('snap'), user: person, camera: z.string(), outcome: z.string() }),
  z.object({ kind: z.literal('ask_answered'), user: person, answer: z.string(), question: z.string() }),
  z.object({ kind: z.literal('link'), by: person, user: person, login: z.string() }),
  z.object({ kind: z.literal('unlink'), by: person, user: person, login: z.string() }),
  z.object({ kind: z.literal('allow'), by: person, user: person, enabled: z.boolean() }),
  z.object({ kind: z.literal('link_request'), user: person, login: z.string() }),
  z.object({
    kind: z.literal('link_decision'),
    by: person,
    user: person,
    login: z.string(),
    approved: z.boolean(),
  }),
  z.object({
    kind: z.literal('sync'),
    created: z.number(),
    updated: z.number(),
    disabled: z.number(),
    failed: z.number(),
  }),
  z.object({
    kind: z.literal('endpoint_refused'),
    rooms: z.array(z.object({ room: z.string(), unauthorized: z.number(), throttled: z.number() })),
  }),
]);
export type AuditEvent = z.infer<typeof auditEventSchema>;

export const storedAuditSchema = z.object({ at: z.number(), seq: z.string(), event: auditEventSchema });
export type StoredAudit = z.infer<typeof storedAuditSchema>;

/** The audit keeps the last 1,000 events (SPEC §10). */
export const AUDIT_KEEP = 1000;
/** Pruning reads every record: done once per this many writes in a process (and on each read), not each time. */
export const AUDIT_PRUNE_EVERY = 100;

const KIND = new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, 'jeedom-audit');
const one = (seq: string) => [
  KIND,
  new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, `jeedom-audit:${seq}`),
];

let writesSincePrune = 0;

/** Newest first: by time, then by the sequence (time-prefixed, unique across instances). */
function newestFirst(a: StoredAudit, b: StoredAudit): number {
  return b.at - a.at || (a.seq < b.seq ? 1 : a.seq > b.seq ? -1 : 0);
}

/**
 * Audited events, one record each (no read-modify-write: two instances writing at once lose nothing).
 * The bound is kept by pruning: the first write of a process and every 100th after, and every read.
 */
export class AuditStore {
  constructor(
    private readonly reader: IPersistenceRead,
    private readonly persis?: IPersistence,
  ) {}

  static async append(persis: IPersistence, reader: IPersistenceRead, event: AuditEvent, now = Date.now()) {
    const seq = `${now.toString(36).padStart(9, '0')}-${Math.random().toString(36).slice(2, 10)}`;
    const record: StoredAudit = { at: now, seq, event };
    await persis.createWithAssociations(record, one(seq));
    if (writesSincePrune++ % AUDIT_PRUNE_EVERY === 0) await new AuditStore(reader, persis).prune();
  }

  /** The last `n` events, newest first. */
  async recent(n: number): Promise<StoredAudit[]> {
    const all = await this.all();
    if (this.persis && all.length > AUDIT_KEEP) await this.remove(all.slice(AUDIT_KEEP));
    return all.slice(0, Math.min(n, AUDIT_KEEP));
  }

  async prune(): Promise<void> {
    const all = await this.all();
    if (all.length > AUDIT_KEEP) await this.remove(all.slice(AUDIT_KEEP));
  }

  private async all(): Promise<StoredAudit[]> {
    return (await readAll(this.reader, KIND, storedAuditSchema)).sort(newestFirst);
  }

  private async remove(old: StoredAudit[]): Promise<void> {
    if (!this.persis) return;
    for (const record of old) await this.persis.removeByAssociations(one(record.seq));
  }
}
