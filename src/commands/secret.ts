import { botUser } from '../chat/botIdentity';
import { rotateSecret } from '../endpoint/secrets';
import { ChannelSync, continueSyncLater } from '../provisioning/sync';
import { formatSyncSummary } from '../provisioning/summary';
import { serverTranslator } from '../settings/jeedomSettings';
import { CommandContext } from './CommandContext';
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
  const bot = await botUser(ctx.read.getUserReader());
  const started = await ChannelSync.start({
    read: ctx.read,
    http: ctx.http,
    persis: ctx.persis,
    appId: ctx.appId,
    botId: bot.id,
    t: ctx.t,
    jeedomT: await serverTranslator(ctx.read),
  });
  if (!started.ok) {
    await ctx.reply([ctx.t('secret_rotated_not_synced'), ...started.problems].join('\n'));
    return;
  }
  const summary = await started.sync.all();
  if (summary.remaining) await continueSyncLater(ctx.modify);
  await ctx.reply(
    [ctx.t('secret_rotated'), formatSyncSummary(summary, ctx.t, started.sync.timeoutSeconds)].join('\n'),
  );
}
