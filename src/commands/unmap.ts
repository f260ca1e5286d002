import { UserMappingStore } from '../storage/UserMappingStore';
import { CommandContext } from './CommandContext';
import { findTargetUser, requireAdmin } from './targetUser';

/** `/jeedom unmap @user`: the person can no longer reach Jeedom from chat. */
export async function unmapCommand(ctx: CommandContext): Promise<void> {
  if (!(await requireAdmin(ctx))) return;
  if (ctx.args.length !== 1) {
    await ctx.reply(ctx.t('unmap_usage'));
    return;
  }
  const user = await findTargetUser(ctx, ctx.args[0]);
  if (!user) return;
  const removed = await UserMappingStore.remove(ctx.persis, user.id);
  await ctx.reply(ctx.t(removed ? 'unmap_done' : 'unmap_none', { username: user.username }));
}
