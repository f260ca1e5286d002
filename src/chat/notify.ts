import { IModify, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { botUser } from './botIdentity';

/** An ephemeral notice, shown to one person only, signed by the bot. */
export async function notifyUser(
  read: IRead,
  modify: IModify,
  user: IUser,
  room: IRoom,
  text: string,
  threadId?: string,
): Promise<void> {
  const bot = await botUser(read.getUserReader());
  const builder = modify.getNotifier().getMessageBuilder().setRoom(room).setText(text).setSender(bot);
  if (threadId) builder.setThreadId(threadId);
  await modify.getNotifier().notifyUser(user, builder.getMessage());
}

/** A message in the room (in the thread, if any), posted as the bot; returns its id. */
export async function postAsBot(
  modify: IModify,
  bot: IUser,
  room: IRoom,
  text: string,
  threadId?: string,
): Promise<string> {
  const builder = modify.getCreator().startMessage().setRoom(room).setSender(bot).setText(text);
  if (threadId) builder.setThreadId(threadId);
  return modify.getCreator().finish(builder);
}

/** Rewrites one of the bot's messages: new text, and new blocks (an empty list removes the buttons). */
export async function editAsBot(
  modify: IModify,
  bot: IUser,
  messageId: string,
  text: string,
  blocks: unknown[],
): Promise<void> {
  const builder = await modify.getUpdater().message(messageId, bot);
  builder
    .setEditor(bot)
    .setText(text)
    .setBlocks(blocks as never);
  await modify.getUpdater().finish(builder);
}

/**
 * An ephemeral message with UIKit blocks, shown to one person. A stable `id` lets the next one replace it: a
 * Rocket.Chat client keeps ephemeral messages by id, so a refreshed panel takes the old one's place.
 */
export async function notifyUserBlocks(
  read: IRead,
  modify: IModify,
  user: IUser,
  room: IRoom,
  text: string,
  blocks: unknown[],
  id?: string,
): Promise<void> {
  const bot = await botUser(read.getUserReader());
  const builder = modify.getNotifier().getMessageBuilder().setRoom(room).setSender(bot).setText(text);
  builder.setBlocks(blocks as never);
  // The builder drops an id given through setData: it is set on the built message instead.
  const message = builder.getMessage();
  if (id) message.id = id;
  await modify.getNotifier().notifyUser(user, message);
}
