import { IModify, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import { IUser } from '@rocket.chat/apps-engine/definition/users';

/** An ephemeral notice, shown to one person only, signed by the bot. */
export async function notifySender(
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
