import { TIMEOUT_SECONDS } from '../jeedom/config';
import { JeedomClient } from '../jeedom/JeedomClient';
import { readJeedomConfig } from '../settings/jeedomSettings';
import { probeJeedom } from '../status/probe';
import { formatStatus } from '../status/report';
import { CommandContext, isAdmin } from './CommandContext';

/** `/jeedom status`: anyone may ask; admins get the details. Always answers, whatever Jeedom does. */
export async function statusCommand(ctx: CommandContext): Promise<void> {
  const parsed = await readJeedomConfig(ctx.read);
  const forAdmin = isAdmin(ctx.sender);
  if (!parsed.ok) {
    await ctx.reply(
      formatStatus(
        { configProblem: parsed.reason, forAdmin, timeoutSeconds: TIMEOUT_SECONDS.default },
        ctx.t,
      ),
    );
    return;
  }
  const probe = await probeJeedom(new JeedomClient(ctx.http, parsed.config), forAdmin);
  const timeoutSeconds = parsed.config.timeoutMs / 1000;
  await ctx.reply(formatStatus({ baseUrl: parsed.baseUrl, probe, forAdmin, timeoutSeconds }, ctx.t));
}
