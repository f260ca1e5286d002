import { IModify, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import { IUser } from '@rocket.chat/apps-engine/definition/users';

/** An ephemeral notice, shown to one person only, signed by the bot. */
export async function notifyUser(
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

/** A message in the room (in the thread, if any), posted as the bot. */
export async function postAsBot(
  modify: IModify,
  bot: IUser,
  room: IRoom,
  text: string,
  threadId?: string,
): Promise<void> {
  const builder = modify.getCreator().startMessage().setRoom(room).setSender(bot).setText(text);
  if (threadId) builder.setThreadId(threadId);
  await modify.getCreator().finish(builder);
}
