import { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import {
  RocketChatAssociationModel,
  RocketChatAssociationRecord,
} from '@rocket.chat/apps-engine/definition/metadata';
import { z } from 'zod';
import { readAll, readOne } from './records';

/** Who a chat user is in Jeedom. Keyed on the immutable Rocket.Chat user id, never a display name. */
const userMappingSchema = z.object({
  rcUserId: z.string(),
  rcUsername: z.string(),
  jeedomLogin: z.string(),
  interactionsEnabled: z.boolean(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});
export type UserMapping = z.infer<typeof userMappingSchema>;

const KIND = new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, 'jeedom-user-mapping');
const byUser = (rcUserId: string) => [
  KIND,
  new RocketChatAssociationRecord(RocketChatAssociationModel.USER, rcUserId),
];

export class UserMappingStore {
  constructor(private readonly reader: IPersistenceRead) {}

  async get(rcUserId: string): Promise<UserMapping | undefined> {
    return readOne(this.reader, byUser(rcUserId), userMappingSchema);
  }

  async all(): Promise<UserMapping[]> {
    const mappings = await readAll(this.reader, KIND, userMappingSchema);
    return mappings.sort((a, b) => a.rcUsername.localeCompare(b.rcUsername));
  }

  static async save(persis: IPersistence, mapping: UserMapping): Promise<void> {
    await persis.updateByAssociations(byUser(mapping.rcUserId), mapping, true);
  }

  static async remove(persis: IPersistence, rcUserId: string): Promise<boolean> {
    const removed = await persis.removeByAssociations(byUser(rcUserId));
    return !!removed && removed.length > 0;
  }
}
