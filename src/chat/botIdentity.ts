import { IUserRead } from '@rocket.chat/apps-engine/definition/accessors';
import { IUser } from '@rocket.chat/apps-engine/definition/users';

let cached: IUser | undefined;

/**
 * The app's bot user (`jeedom.bot`). Its id and username never change once installed, so one read per app
 * process is enough; every message on the server needs it for the loop guard and mention detection.
 */
export async function botUser(users: IUserRead): Promise<IUser> {
  if (cached) return cached;
  const bot = await users.getAppUser();
  if (!bot) throw new Error('the app user is missing');
  cached = bot;
  return bot;
}

/** The loop guard before any work: the bot's own posts need no message hook (cached id, no round trip). */
export async function isOwnMessage(sender: { id: string } | undefined, users: IUserRead): Promise<boolean> {
  return !!sender && sender.id === (await botUser(users)).id;
}
