import { unlinkPerson } from '../people/changes';
import { CommandContext } from './CommandContext';
import { findTargetUser, requireAdmin } from './targetUser';

/** `/jeedom unmap @user` (the current username): the person can no longer reach Jeedom from chat. */
export async function unmapCommand(ctx: CommandContext): Promise<void> {
  if (!(await requireAdmin(ctx))) return;
  if (ctx.args.length !== 1) {
    await ctx.reply(ctx.t('unmap_usage'));
    return;
  }
  const user = await findTargetUser(ctx, ctx.args[0]);
  if (!user) return;
  const removed = await unlinkPerson(ctx, user, ctx.sender);
  await ctx.reply(ctx.t(removed ? 'unmap_done' : 'unmap_none', { username: user.username }));
}
