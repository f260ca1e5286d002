import { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import {
  RocketChatAssociationModel,
  RocketChatAssociationRecord,
} from '@rocket.chat/apps-engine/definition/metadata';
import { z } from 'zod';
import { readAll, readOne } from './records';

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
  /**
   * `answering`: an answer is being written into Jeedom (until `deadline`); `unconfirmed`: it was sent but
   * Jeedom did not confirm it in time. Both keep the question for its author until Jeedom settles it.
   */
  status: z.enum(['pending', 'answering', 'unconfirmed', 'answered', 'expired']),
  answer: z.string().nullish(),
  answeredBy: z.string().nullish(),
  answeredById: z.string().nullish(),
  deadline: z.number().nullish(),
  /** What the question message shows (a status): a restart between saving and editing is caught up. */
  shown: z.string().nullish(),
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

/** Closed questions are kept this long after their timeout (late clicks are told "already answered"). */
export const KEEP_CLOSED_MS = 7 * 24 * 3600 * 1000;

/** The questions to forget: closed, or left pending by a lost expiry job, a week after their timeout. */
export function staleAsks(asks: readonly Ask[], now: number): Ask[] {
  return asks.filter((a) => a.expiresAt + KEEP_CLOSED_MS < now);
}

export class AskStore {
  constructor(private readonly reader: IPersistenceRead) {}

  async get(askId: string): Promise<Ask | undefined> {
    return readOne(this.reader, byId(askId), askSchema);
  }

  async byMessage(messageId: string): Promise<Ask | undefined> {
    return readOne(this.reader, byMessage(messageId), askSchema);
  }

  /** Questions still waiting for their answer, newest first (an answer under way counts as not waiting). */
  async pending(): Promise<Ask[]> {
    const now = Date.now();
    return (await readAll(this.reader, KIND, askSchema))
      .filter((a) => a.status === 'pending' && a.expiresAt > now)
      .sort((a, b) => b.expiresAt - a.expiresAt);
  }

  async pendingCount(): Promise<number> {
    return (await this.pending()).length;
  }

  /** Forgets old questions, so that reading the waiting ones stays cheap; returns how many went. */
  static async prune(reader: IPersistenceRead, persis: IPersistence, now = Date.now()): Promise<number> {
    const stale = staleAsks(await readAll(reader, KIND, askSchema), now);
    for (const ask of stale) await persis.removeByAssociations(byId(ask.askId));
    return stale.length;
  }

  /** One record, reachable by its id and by its question's message id. */
  static async save(persis: IPersistence, ask: Ask): Promise<void> {
    const associations = [...byId(ask.askId), byMessage(ask.messageId)[1]];
    await persis.updateByAssociations(associations, ask, true);
  }
}
