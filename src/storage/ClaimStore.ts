import { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import {
  RocketChatAssociationModel,
  RocketChatAssociationRecord,
} from '@rocket.chat/apps-engine/definition/metadata';
import { z } from 'zod';

/** This process among the server instances that each run the app (scale-out): who holds a claim. */
const INSTANCE_ID = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

const claimSchema = z.object({ owner: z.string(), until: z.number() });

const KIND = new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, 'jeedom-claim');
const about = (what: string) => [
  KIND,
  new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, what),
];

/**
 * Short claims on work that two server instances must not both do: creating a room's equipment, delivering
 * its infos, answering a question. The app's storage has no compare-and-set: a claim is written, then read
 * back; the last writer wins and the other backs off. The holder is this runtime (the app's process), which a
 * restart replaces: a claim left by a runtime that died is not released, it only expires. So each claim lasts
 * no longer than the work it covers, and whoever backs off schedules its work again for when the claim ends
 * (`heldUntil`), instead of waiting for the periodic sync.
 */
export class ClaimStore {
  constructor(
    private readonly reader: IPersistenceRead,
    private readonly persis: IPersistence,
  ) {}

  async take(what: string, ttlMs: number): Promise<boolean> {
    const current = await this.current(what);
    if (current && current.owner !== INSTANCE_ID && current.until > Date.now()) return false;
    await this.persis.updateByAssociations(
      about(what),
      { owner: INSTANCE_ID, until: Date.now() + ttlMs },
      true,
    );
    return (await this.current(what))?.owner === INSTANCE_ID;
  }

  async release(what: string): Promise<void> {
    if ((await this.current(what))?.owner === INSTANCE_ID)
      await this.persis.removeByAssociations(about(what));
  }

  /** When someone else's claim ends; undefined when nobody else holds it. */
  async heldUntil(what: string): Promise<number | undefined> {
    const current = await this.current(what);
    return current && current.owner !== INSTANCE_ID && current.until > Date.now() ? current.until : undefined;
  }

  private async current(what: string): Promise<z.infer<typeof claimSchema> | undefined> {
    const [raw] = await this.reader.readByAssociations(about(what));
    const parsed = claimSchema.safeParse(raw);
    return parsed.success ? parsed.data : undefined;
  }
}
