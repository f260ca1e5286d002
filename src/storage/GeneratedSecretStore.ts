import { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import {
  RocketChatAssociationModel,
  RocketChatAssociationRecord,
} from '@rocket.chat/apps-engine/definition/metadata';
import { z } from 'zod';
import { readOne } from './records';

const KEY = new RocketChatAssociationRecord(
  RocketChatAssociationModel.MISC,
  'jeedom-generated-webhook-secret',
);
const generatedSchema = z.object({ secret: z.string() });

/** The webhook secret the app generated when `webhook_secret` is left empty: one record, shared by instances. */
export class GeneratedSecretStore {
  constructor(private readonly reader: IPersistenceRead) {}

  async get(): Promise<string | undefined> {
    return (await readOne(this.reader, KEY, generatedSchema))?.secret;
  }

  static async save(persis: IPersistence, secret: string): Promise<void> {
    await persis.updateByAssociation(KEY, { secret }, true);
  }

  static async remove(persis: IPersistence): Promise<void> {
    await persis.removeByAssociation(KEY);
  }
}
