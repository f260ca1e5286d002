import { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import {
  RocketChatAssociationModel,
  RocketChatAssociationRecord,
} from '@rocket.chat/apps-engine/definition/metadata';
import { z } from 'zod';
import { readAll } from './records';

const KIND = new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, 'jeedom-audit-refused');
const bucket = (minute: number, instance?: string) => [
  KIND,
  new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, `jeedom-audit-refused:${minute}`),
  ...(instance
    ? [
        new RocketChatAssociationRecord(
          RocketChatAssociationModel.MISC,
          `jeedom-audit-refused-by:${instance}`,
        ),
      ]
    : []),
];

const countsSchema = z.object({ unauthorized: z.number(), throttled: z.number() });
const bucketSchema = z.object({ minute: z.number(), rooms: z.record(countsSchema) });
export type Bucket = z.infer<typeof bucketSchema>;

/**
 * Refused endpoint calls, counted per minute and per room: one record per minute and server process (each
 * process rewrites only its own, from memory), merged and removed by the audit's summary job.
 */
export class RefusedCallStore {
  constructor(private readonly reader: IPersistenceRead) {}

  async all(): Promise<Bucket[]> {
    return readAll(this.reader, KIND, bucketSchema);
  }

  static async save(persis: IPersistence, counted: Bucket, instance: string): Promise<void> {
    await persis.updateByAssociations(bucket(counted.minute, instance), counted, true);
  }

  /** Every process's record of that minute. */
  static async remove(persis: IPersistence, minute: number): Promise<void> {
    await persis.removeByAssociations(bucket(minute));
  }
}
