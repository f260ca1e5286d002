import { JeedomClient } from '../jeedom/JeedomClient';
import { parseJeedomConfig, TIMEOUT_SECONDS } from '../jeedom/config';
import { probeJeedom } from '../status/probe';
import { formatStatus } from '../status/report';
import { CommandContext, isAdmin } from './CommandContext';

/** `/jeedom status`: anyone may ask; admins get the details. Always answers, whatever Jeedom does. */
export async function statusCommand(ctx: CommandContext): Promise<void> {
  const { settings } = ctx;
  const parsed = parseJeedomConfig({
    url: settings.jeedom_url,
    apiKey: settings.jeedom_api_key,
    timeoutSeconds: settings.jeedom_timeout,
    tlsVerify: settings.jeedom_tls_verify,
  });
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
