import { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { Translate } from '../i18n/translate';

/** Everything a subcommand needs, resolved once per invocation. */
export interface CommandContext {
  appId: string;
  sender: IUser;
  room: IRoom;
  /** The words after the subcommand. */
  args: string[];
  threadId?: string;
  t: Translate;
  read: IRead;
  modify: IModify;
  http: IHttp;
  persis: IPersistence;
  /** When this invocation's Jeedom calls must be over (taken when the command starts). */
  deadlineAt: number;
  /** Replies to the sender alone (ephemeral). */
  reply(text: string): Promise<void>;
}
