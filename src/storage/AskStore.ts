import { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import {
  RocketChatAssociationModel,
  RocketChatAssociationRecord,
} from '@rocket.chat/apps-engine/definition/metadata';
import { z } from 'zod';

/** A question of a Jeedom scenario, posted in a room, waiting for its answer. Restart-safe: all in persistence. */
export const askSchema = z.object({
  askId: z.string(),
  roomId: z.string(),
  messageId: z.string(),
  scenarioId: z.string(),
  question: z.string(),
  answers: z.array(z.string()),
  freeText: z.boolean(),
  variable: z.string(),
  expiresAt: z.number(),
  /** Set for a `user:` command: only that person may answer. */
  // Absent values may come back as null from the server's storage.
  allowedUserId: z.string().nullish(),
  status: z.enum(['pending', 'answered', 'expired']),
  answer: z.string().nullish(),
  answeredBy: z.string().nullish(),
});
export type Ask = z.infer<typeof askSchema>;

const KIND = new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, 'jeedom-ask');
const byId = (askId: string) => [
  KIND,
  new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, `ask:${askId}`),
];
const byMessage = (messageId: string) => [
  KIND,
  new RocketChatAssociationRecord(RocketChatAssociationModel.MESSAGE, messageId),
];

function parse(records: object[]): Ask[] {
  return records.flatMap((r) => {
    const parsed = askSchema.safeParse(r);
    return parsed.success ? [parsed.data] : [];
  });
}

export class AskStore {
  constructor(private readonly reader: IPersistenceRead) {}

  async get(askId: string): Promise<Ask | undefined> {
    return parse(await this.reader.readByAssociations(byId(askId)))[0];
  }

  async byMessage(messageId: string): Promise<Ask | undefined> {
    return parse(await this.reader.readByAssociations(byMessage(messageId)))[0];
  }

  /** Questions still waiting for their answer, newest first. */
  async pending(): Promise<Ask[]> {
    const now = Date.now();
    return parse(await this.reader.readByAssociation(KIND))
      .filter((a) => a.status === 'pending' && a.expiresAt > now)
      .sort((a, b) => b.expiresAt - a.expiresAt);
  }

  async pendingCount(): Promise<number> {
    return (await this.pending()).length;
  }

  /** One record, reachable by its id and by its question's message id. */
  static async save(persis: IPersistence, ask: Ask): Promise<void> {
    const associations = [...byId(ask.askId), byMessage(ask.messageId)[1]];
    await persis.updateByAssociations(associations, ask, true);
  }
}
