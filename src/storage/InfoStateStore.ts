import { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import {
  RocketChatAssociationModel,
  RocketChatAssociationRecord,
} from '@rocket.chat/apps-engine/definition/metadata';
import { z } from 'zod';

/** `seq`: the message time in ms; `messageId` tells apart messages of the same millisecond. */
const latestSchema = z.object({
  seq: z.number(),
  messageId: z.string(),
  sender: z.string(),
  text: z.string(),
});
export type LatestMessage = z.infer<typeof latestSchema>;

/**
 * A channel's last-message infos as Jeedom should end up with them: the latest message seen (`pending`) and
 * the sequence already delivered. Kept in persistence so any server instance can finish the delivery.
 */
export const infoStateSchema = z.object({
  roomId: z.string(),
  pending: latestSchema.nullable(),
  deliveredSeq: z.number(),
  deliveredId: z.string().catch(''),
  /** Storage gives back `null` for a value saved as `undefined`: both mean no retry is scheduled. */
  retryAt: z.number().nullish(),
});
export type InfoState = z.infer<typeof infoStateSchema>;

const KIND = new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, 'jeedom-channel-info');
const byRoom = (roomId: string) => [
  KIND,
  new RocketChatAssociationRecord(RocketChatAssociationModel.ROOM, roomId),
];

export class InfoStateStore {
  constructor(private readonly reader: IPersistenceRead) {}

  async get(roomId: string): Promise<InfoState> {
    const [raw] = await this.reader.readByAssociations(byRoom(roomId));
    const parsed = infoStateSchema.safeParse(raw);
    return parsed.success ? parsed.data : { roomId, pending: null, deliveredSeq: 0, deliveredId: '' };
  }

  async all(): Promise<InfoState[]> {
    return (await this.reader.readByAssociation(KIND)).flatMap((r) => {
      const parsed = infoStateSchema.safeParse(r);
      return parsed.success ? [parsed.data] : [];
    });
  }

  static async save(persis: IPersistence, state: InfoState): Promise<void> {
    await persis.updateByAssociations(byRoom(state.roomId), state, true);
  }
}
