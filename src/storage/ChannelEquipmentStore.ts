import { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import {
  RocketChatAssociationModel,
  RocketChatAssociationRecord,
} from '@rocket.chat/apps-engine/definition/metadata';
import { z } from 'zod';
import { readAll, readOne } from './records';

/** What the app knows of a channel's Jeedom equipment. Jeedom stays the truth: this is re-discoverable. */
const channelEquipmentSchema = z.object({
  roomId: z.string(),
  eqLogicId: z.string(),
  name: z.string(),
  /** logicalId → Jeedom cmd id */
  cmdIds: z.record(z.string()),
  users: z.array(z.object({ rcUserId: z.string(), username: z.string() })),
  /** Per-channel switch: a command per person who writes here. */
  autoUsers: z.boolean(),
  enabled: z.boolean(),
  /** Hash of the shape last written: equal ⇒ nothing to write. */
  fingerprint: z.string(),
});
export type ChannelEquipment = z.infer<typeof channelEquipmentSchema>;

const KIND = new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, 'jeedom-channel-equipment');
const byRoom = (roomId: string) => [
  KIND,
  new RocketChatAssociationRecord(RocketChatAssociationModel.ROOM, roomId),
];

export class ChannelEquipmentStore {
  constructor(private readonly reader: IPersistenceRead) {}

  async get(roomId: string): Promise<ChannelEquipment | undefined> {
    return readOne(this.reader, byRoom(roomId), channelEquipmentSchema);
  }

  async all(): Promise<ChannelEquipment[]> {
    return readAll(this.reader, KIND, channelEquipmentSchema);
  }

  static async save(persis: IPersistence, equipment: ChannelEquipment): Promise<void> {
    await persis.updateByAssociations(byRoom(equipment.roomId), equipment, true);
  }
}
