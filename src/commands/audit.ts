import { AuditStore } from '../storage/AuditStore';
import { auditLine } from '../audit/events';
import { CommandContext } from './CommandContext';
import { requireAdmin } from './targetUser';

const AUDIT_DEFAULT = 20;
const AUDIT_MAX_SHOWN = 100;

/** `/jeedom audit [n]` (admins): the last n audited events, newest last, whether or not a room is set. */
export async function auditCommand(ctx: CommandContext): Promise<void> {
  if (!(await requireAdmin(ctx))) return;
  const [word, ...extra] = ctx.args;
  const n = word === undefined ? AUDIT_DEFAULT : Number(word);
  if (extra.length || !Number.isInteger(n) || n < 1) {
    await ctx.reply(ctx.t('audit_usage', { max: AUDIT_MAX_SHOWN }));
    return;
  }
  const events = await new AuditStore(ctx.read.getPersistenceReader(), ctx.persis).recent(
    Math.min(n, AUDIT_MAX_SHOWN),
  );
  if (!events.length) {
    await ctx.reply(ctx.t('audit_none'));
    return;
  }
  const lines = events
    .reverse()
    .map(
      (e) =>
        `\`${new Date(e.at).toISOString().slice(0, 19).replace('T', ' ')}\` ${auditLine(e.event, ctx.t)}`,
    );
  await ctx.reply([ctx.t('audit_title', { count: events.length }), ...lines].join('\n'));
}
