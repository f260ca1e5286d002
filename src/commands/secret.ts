import { rotateSecret } from '../webhook/secrets';
import { CommandContext } from './CommandContext';
import { syncNow } from './sync';
import { requireAdmin } from './targetUser';

/**
 * `/jeedom secret rotate` (admins): a new generated master secret, then every equipment's commands are
 * provisioned again with the new room tokens (the old ones stop working at once on this server instance).
 */
export async function secretCommand(ctx: CommandContext): Promise<void> {
  if (!(await requireAdmin(ctx))) return;
  if ((ctx.args[0] ?? '').toLowerCase() !== 'rotate') {
    await ctx.reply(ctx.t('secret_usage'));
    return;
  }
  if ((await rotateSecret(ctx.read, ctx.persis)) === 'manual') {
    await ctx.reply(ctx.t('secret_manual'));
    return;
  }
  const result = await syncNow(ctx);
  if (!result.ok) {
    await ctx.reply([ctx.t('secret_rotated_not_synced'), ...result.problems].join('\n'));
    return;
  }
  await ctx.reply([ctx.t('secret_rotated'), result.text].join('\n'));
}
