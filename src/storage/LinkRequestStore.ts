import { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import {
  RocketChatAssociationModel,
  RocketChatAssociationRecord,
} from '@rocket.chat/apps-engine/definition/metadata';
import { z } from 'zod';
import { readAll, readOne } from './records';

/** Pending requests expire after 7 days (SPEC §8 `/jeedom link`). */
export const LINK_REQUEST_TTL_MS = 7 * 24 * 3600 * 1000;

const linkRequestSchema = z.object({
  requestId: z.string(),
  userId: z.string(),
  username: z.string(),
  login: z.string(),
  requestedAt: z.number(),
  expiresAt: z.number(),
  /** The Approve/Deny cards: one per admin's DM, or one in the audit room. */
  cards: z.array(z.object({ roomId: z.string(), messageId: z.string() })),
  state: z.enum(['pending', 'approved', 'denied', 'expired']),
  decidedBy: z.string().nullish(),
  decidedAt: z.number().nullish(),
});
export type LinkRequest = z.infer<typeof linkRequestSchema>;

const KIND = new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, 'jeedom-link-request');
const byId = (requestId: string) => [
  KIND,
  new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, `jeedom-link-request:${requestId}`),
];
const byUser = (userId: string) => [
  KIND,
  new RocketChatAssociationRecord(RocketChatAssociationModel.USER, userId),
];

/** True while nobody decided and the week is not over. */
export function isOpen(request: LinkRequest, now = Date.now()): boolean {
  return request.state === 'pending' && request.expiresAt > now;
}

export class LinkRequestStore {
  constructor(private readonly reader: IPersistenceRead) {}

  async get(requestId: string): Promise<LinkRequest | undefined> {
    return readOne(this.reader, byId(requestId), linkRequestSchema);
  }

  /** The person's open request, if any. */
  async openFor(userId: string, now = Date.now()): Promise<LinkRequest | undefined> {
    return (await readAll(this.reader, byUser(userId), linkRequestSchema)).find((r) => isOpen(r, now));
  }

  static async save(persis: IPersistence, request: LinkRequest): Promise<void> {
    await persis.updateByAssociations([...byId(request.requestId), byUser(request.userId)[1]], request, true);
  }
}
