import { allowPerson } from '../people/changes';
import { UserMappingStore } from '../storage/UserMappingStore';
import { CommandContext } from './CommandContext';
import { findTargetUser, requireAdmin } from './targetUser';

const SWITCH: Record<string, boolean> = { on: true, off: false };

/** `/jeedom allow @user on|off`: interactions for a linked person, without forgetting the link. */
export async function allowCommand(ctx: CommandContext): Promise<void> {
  if (!(await requireAdmin(ctx))) return;
  const [who, value] = ctx.args;
  const enabled = SWITCH[(value ?? '').toLowerCase()];
  if (ctx.args.length !== 2 || enabled === undefined) {
    await ctx.reply(ctx.t('allow_usage'));
    return;
  }
  const user = await findTargetUser(ctx, who);
  if (!user) return;
  const mapping = await new UserMappingStore(ctx.read.getPersistenceReader()).get(user.id);
  if (!mapping) {
    await ctx.reply(ctx.t('allow_not_mapped', { username: user.username }));
    return;
  }
  await allowPerson(ctx, mapping, user, enabled, ctx.sender);
  await ctx.reply(ctx.t(enabled ? 'allow_done_on' : 'allow_done_off', { username: user.username }));
}
