import { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import { IUser } from '@rocket.chat/apps-engine/definition/users';

/** What every subcommand gets: who asked where, the accessors, and a way to answer the sender alone. */
export interface FixtureContext {
  sender: IUser;
  room: IRoom;
  threadId?: string;
  args: string[];
  read: IRead;
  modify: IModify;
  http: IHttp;
  persis: IPersistence;
  reply(text: string): Promise<void>;
}

/** Posts as the bot: with no sender set, the engine signs the message with the app user. */
export async function post(modify: IModify, room: IRoom, text: string, threadId?: string): Promise<string> {
  const builder = modify.getCreator().startMessage().setRoom(room).setText(text);
  if (threadId) builder.setThreadId(threadId);
  return modify.getCreator().finish(builder);
}

/** An ephemeral notice for one person, signed by the bot. */
export async function notify(
  read: IRead,
  modify: IModify,
  user: IUser,
  room: IRoom,
  text: string,
  threadId?: string,
): Promise<void> {
  const bot = await read.getUserReader().getAppUser();
  const builder = modify.getNotifier().getMessageBuilder().setRoom(room).setText(text);
  if (bot) builder.setSender(bot);
  if (threadId) builder.setThreadId(threadId);
  await modify.getNotifier().notifyUser(user, builder.getMessage());
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
