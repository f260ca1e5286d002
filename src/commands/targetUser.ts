import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { isAdmin } from '../chat/roles';
import { CommandContext } from './CommandContext';

/** Admin-only subcommands say so to anyone else, and do nothing. */
export async function requireAdmin(ctx: CommandContext): Promise<boolean> {
  if (isAdmin(ctx.sender)) return true;
  await ctx.reply(ctx.t('admin_only'));
  return false;
}

/** `@alice` or `alice` → the Rocket.Chat user, or a notice saying there is none. */
export async function findTargetUser(
  ctx: CommandContext,
  word: string | undefined,
): Promise<IUser | undefined> {
  const username = (word ?? '').replace(/^@/, '');
  if (username === '') return undefined;
  let user: IUser | undefined;
  try {
    user = await ctx.read.getUserReader().getByUsername(username);
  } catch {
    user = undefined;
  }
  if (!user) await ctx.reply(ctx.t('unknown_user', { username }));
  return user;
}
