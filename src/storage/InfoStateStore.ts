import { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import {
  RocketChatAssociationModel,
  RocketChatAssociationRecord,
} from '@rocket.chat/apps-engine/definition/metadata';
import { z } from 'zod';
import { readAll, readOne } from './records';

/** `seq`: the message time in ms; `messageId` tells apart messages of the same millisecond. */
const latestSchema = z.object({
  seq: z.number(),
  messageId: z.string(),
  sender: z.string(),
  text: z.string(),
});
export type LatestMessage = z.infer<typeof latestSchema>;

const pendingSchema = latestSchema.extend({ roomId: z.string() });

/**
 * What Jeedom has of a channel's last-message infos. Written only by the instance holding the room's delivery
 * claim, so that instances never interleave deliveries.
 */
const deliverySchema = z.object({
  roomId: z.string(),
  deliveredSeq: z.number(),
  deliveredId: z.string().catch(''),
  /** Storage gives back `null` for a value saved as `undefined`: both mean no retry is scheduled. */
  retryAt: z.number().nullish(),
});
export type Delivery = z.infer<typeof deliverySchema>;

const DELIVERY = new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, 'jeedom-channel-info');
const PENDING = new RocketChatAssociationRecord(
  RocketChatAssociationModel.MISC,
  'jeedom-channel-info-pending',
);
const room = (roomId: string) => new RocketChatAssociationRecord(RocketChatAssociationModel.ROOM, roomId);
const message = (messageId: string) =>
  new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, `info-message:${messageId}`);

/**
 * A channel's last-message infos as Jeedom should end up with them, in persistence so that any server instance
 * can finish a delivery. Each message seen is its own record (written once, never updated: two instances
 * recording at once cannot overwrite each other); the delivery record says what Jeedom already has.
 */
export class InfoStateStore {
  constructor(private readonly reader: IPersistenceRead) {}

  async delivery(roomId: string): Promise<Delivery> {
    const stored = await readOne(this.reader, [DELIVERY, room(roomId)], deliverySchema);
    return stored ?? { roomId, deliveredSeq: 0, deliveredId: '' };
  }

  /** The messages seen and not yet cleared, in the order they were stored. */
  async pending(roomId: string): Promise<LatestMessage[]> {
    const records = await readAll(this.reader, [PENDING, room(roomId)], pendingSchema);
    return records.map(({ seq, messageId, sender, text }) => ({ seq, messageId, sender, text }));
  }

  /** Rooms with messages waiting (the safety net after a restart or a lost retry job). */
  async roomsWithPending(): Promise<string[]> {
    const records = await readAll(this.reader, PENDING, pendingSchema);
    return [...new Set(records.map((r) => r.roomId))];
  }

  static async addPending(persis: IPersistence, roomId: string, latest: LatestMessage): Promise<void> {
    await persis.createWithAssociations({ ...latest, roomId }, [
      PENDING,
      room(roomId),
      message(latest.messageId),
    ]);
  }

  static async clearPending(persis: IPersistence, roomId: string, messages: LatestMessage[]): Promise<void> {
    for (const m of messages)
      await persis.removeByAssociations([PENDING, room(roomId), message(m.messageId)]);
  }

  static async saveDelivery(persis: IPersistence, delivery: Delivery): Promise<void> {
    await persis.updateByAssociations([DELIVERY, room(delivery.roomId)], delivery, true);
  }
}
