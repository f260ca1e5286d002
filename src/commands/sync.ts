import { auditSyncSummary } from '../provisioning/auditSync';
import { botUser } from '../chat/botIdentity';
import { ChannelSync, continueSyncLater, SyncSummary } from '../provisioning/sync';
import { formatSyncSummary } from '../provisioning/summary';
import { serverTranslator } from '../i18n/translators';
import { CommandContext } from './CommandContext';
import { requireAdmin } from './targetUser';

type SyncNow = { ok: false; problems: string[] } | { ok: true; summary: SyncSummary; text: string };

/**
 * Every channel provisioned now, as `/jeedom sync` and `/jeedom secret rotate` do: the preflight's problems,
 * or the summary (what is left continues in a job) with its text for the chat.
 */
export async function syncNow(ctx: CommandContext): Promise<SyncNow> {
  const bot = await botUser(ctx.read.getUserReader());
  const started = await ChannelSync.start(
    {
      read: ctx.read,
      http: ctx.http,
      persis: ctx.persis,
      appId: ctx.appId,
      botId: bot.id,
      t: ctx.t,
      jeedomT: await serverTranslator(ctx.read),
    },
    ctx.deadlineAt,
  );
  if (!started.ok) return { ok: false, problems: started.problems };
  const summary = await started.sync.all();
  if (summary.remaining) await continueSyncLater(ctx.modify);
  return { ok: true, summary, text: formatSyncSummary(summary, ctx.t, started.sync.timeoutSeconds) };
}

/** `/jeedom sync`: provisions every channel now and says what changed. */
export async function syncCommand(ctx: CommandContext): Promise<void> {
  if (!(await requireAdmin(ctx))) return;
  const result = await syncNow(ctx);
  if (!result.ok) {
    await ctx.reply([ctx.t('sync_problems'), ...result.problems].join('\n'));
    return;
  }
  await auditSyncSummary(ctx, result.summary);
  await ctx.reply(result.text);
}
