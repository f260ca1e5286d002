import { ChannelEquipmentStore } from '../storage/ChannelEquipmentStore';
import { CommandContext } from './CommandContext';
import { requireAdmin } from './targetUser';

/** `/jeedom autousers on|off`, in a channel: per-person commands for this room's equipment. */
export async function autoUsersCommand(ctx: CommandContext): Promise<void> {
  if (!(await requireAdmin(ctx))) return;
  if (ctx.room.type === 'd') {
    await ctx.reply(ctx.t('autousers_dm'));
    return;
  }
  const value = (ctx.args[0] ?? '').toLowerCase();
  if (ctx.args.length !== 1 || (value !== 'on' && value !== 'off')) {
    await ctx.reply(ctx.t('autousers_usage'));
    return;
  }
  const record = await new ChannelEquipmentStore(ctx.read.getPersistenceReader()).get(ctx.room.id);
  if (!record) {
    await ctx.reply(ctx.t('autousers_not_provisioned'));
    return;
  }
  await ChannelEquipmentStore.save(ctx.persis, { ...record, autoUsers: value === 'on' });
  await ctx.reply(ctx.t(value === 'on' ? 'autousers_on' : 'autousers_off'));
}
