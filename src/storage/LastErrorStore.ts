import { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import {
  RocketChatAssociationModel,
  RocketChatAssociationRecord,
} from '@rocket.chat/apps-engine/definition/metadata';
import { z } from 'zod';
import { JeedomError } from '../jeedom/JeedomError';
import { readOne } from './records';

const lastErrorSchema = z.object({ kind: z.string(), what: z.string(), at: z.string() });
type LastError = z.infer<typeof lastErrorSchema>;

const KEY = new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, 'jeedom-last-error');

/** The last Jeedom failure anywhere in the app, for `/jeedom status` (kind and when; never Jeedom's text). */
export class LastErrorStore {
  constructor(private readonly reader: IPersistenceRead) {}

  async get(): Promise<LastError | undefined> {
    return readOne(this.reader, KEY, lastErrorSchema);
  }

  /** Best effort: recording a failure must never become a failure of its own. */
  static async record(persis: IPersistence | undefined, what: string, error: JeedomError): Promise<void> {
    if (!persis) return;
    try {
      await persis.updateByAssociation(KEY, { kind: error.kind, what, at: new Date().toISOString() }, true);
    } catch {
      // nothing more to do: the caller reports the failure itself
    }
  }
}
