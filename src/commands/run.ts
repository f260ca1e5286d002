import { auditRun, failureKind } from '../audit/record';
import { describeJeedomError } from '../i18n/describeError';
import { findActionCommand, parseHumanName } from '../jeedom/commandNames';
import { JeedomClient } from '../jeedom/JeedomClient';
import { isJeedomError } from '../jeedom/JeedomError';
import { personalClient } from '../jeedom/logins';
import { CommandContext } from './CommandContext';
import { requireMappedUserAndJeedom } from './mappedUser';

/** `/jeedom run <id | [Object][Equipment][Command]>`: an action command, with the person's Jeedom rights. */
export async function runCommand(ctx: CommandContext): Promise<void> {
  const target = ctx.args.join(' ').trim();
  const human = parseHumanName(target);
  if (!/^\d+$/.test(target) && !human) {
    await ctx.reply(ctx.t('run_usage'));
    return;
  }
  const found = await requireMappedUserAndJeedom(ctx);
  if (!found) return;
  const { mapping, config } = found;
  let personalKey = false;
  try {
    const personal = await personalClient(
      new JeedomClient(ctx.http, config.config, ctx.deadlineAt),
      mapping.jeedomLogin,
    );
    if (personal.state === 'disabled') {
      await ctx.reply(ctx.t('chat_login_disabled'));
      return;
    }
    const client = personal.state === 'ok' ? personal.client : undefined;
    personalKey = !!client;
    const cmdId = client && (human ? await findActionCommand(client, human) : target);
    if (!client || !cmdId) {
      await auditRun(ctx, ctx.sender, target, 'not_found');
      await ctx.reply(ctx.t('run_not_found', { command: target }));
      return;
    }
    await client.execCmd(cmdId);
    await auditRun(ctx, ctx.sender, target, 'ok');
    await ctx.reply(ctx.t('run_done', { command: target }));
  } catch (error) {
    await auditRun(ctx, ctx.sender, target, failureKind(error));
    if (!isJeedomError(error)) throw error;
    if (personalKey && error.kind === 'auth' && error.reason === 'key_refused') {
      // The app's own key was just accepted (user::all): it is the person's Jeedom user that is refused —
      // a disabled user gets the same answer as a wrong key (code 2) from a real Jeedom 4.5.3.
      await ctx.reply(ctx.t('run_personal_key_refused', { login: mapping.jeedomLogin }));
      return;
    }
    await ctx.reply(describeJeedomError(error, ctx.t, config.config.timeoutMs / 1000));
  }
}
