import { auditSyncSummary } from '../audit/record';
import { botUser } from '../chat/botIdentity';
import { ChannelSync, continueSyncLater } from '../provisioning/sync';
import { formatSyncSummary } from '../provisioning/summary';
import { serverTranslator } from '../settings/jeedomSettings';
import { CommandContext } from './CommandContext';
import { requireAdmin } from './targetUser';

/** `/jeedom sync`: provisions every channel now and says what changed. */
export async function syncCommand(ctx: CommandContext): Promise<void> {
  if (!(await requireAdmin(ctx))) return;
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
    await ctx.reply([ctx.t('sync_problems'), ...started.problems].join('\n'));
    return;
  }
  const summary = await started.sync.all();
  await auditSyncSummary(ctx, summary);
  if (summary.remaining) await continueSyncLater(ctx.modify);
  await ctx.reply(formatSyncSummary(summary, ctx.t, started.sync.timeoutSeconds));
}
