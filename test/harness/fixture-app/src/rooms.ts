import { IRoom, RoomType } from '@rocket.chat/apps-engine/definition/rooms';
import { FixtureContext, post } from './chat';

/** The DM between the bot and the sender: found when it exists, created otherwise, as the server does it. */
export async function directMessage({ sender, read, modify }: FixtureContext): Promise<void> {
  const bot = await read.getUserReader().getAppUser();
  if (!bot) throw new Error('no app user');
  const usernames = [bot.username, sender.username];
  let room: IRoom | undefined = await read.getRoomReader().getDirectByUsernames(usernames);
  const found = !!room;
  if (!room) {
    const builder = modify
      .getCreator()
      .startRoom()
      .setType(RoomType.DIRECT_MESSAGE)
      .setCreator(bot)
      .setMembersToBeAddedByUsernames(usernames);
    room = await read.getRoomReader().getById(await modify.getCreator().finish(builder));
  }
  if (!room) throw new Error('the DM was not created');
  await post(modify, room, `hello ${sender.username} (${found ? 'existing' : 'new'} DM)`);
}

/** Posts the arguments as the bot, in the command's room and thread. */
export async function say({ args, room, threadId, modify }: FixtureContext): Promise<void> {
  await post(modify, room, args.join(' '), threadId);
}

/** A message, a reply in its thread, then the thread as the app reads it back. */
export async function thread({ room, read, modify, reply }: FixtureContext): Promise<void> {
  const parentId = await post(modify, room, 'thread parent');
  await post(modify, room, 'thread reply', parentId);
  const messages = (await read.getThreadReader().getThreadById(parentId)) ?? [];
  await reply(`thread ${parentId}: ${messages.map((m) => m.text).join(' / ')}`);
}
