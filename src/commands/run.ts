import { z } from 'zod';
import { describeJeedomError } from '../i18n/describeError';
import { findActionCommand, parseHumanName } from '../jeedom/commandNames';
import { JeedomConfig } from '../jeedom/config';
import { JeedomClient } from '../jeedom/JeedomClient';
import { isJeedomError } from '../jeedom/JeedomError';
import { listResult } from '../jeedom/schemas';
import { readJeedomConfig } from '../settings/jeedomSettings';
import { CommandContext } from './CommandContext';
import { requireMappedUser } from './mappedUser';

// Only for this command: the person's own API key, so Jeedom applies that person's rights. Used for one
// call, never stored or logged.
const usersWithKeys = listResult(z.object({ login: z.string(), hash: z.string().optional() }));

async function personalClient(
  ctx: CommandContext,
  config: JeedomConfig,
  login: string,
): Promise<JeedomClient | undefined> {
  const users = await new JeedomClient(ctx.http, config).call('user::all', {}, usersWithKeys);
  const key = users.find((u) => u.login === login)?.hash;
  return key ? new JeedomClient(ctx.http, { ...config, apiKey: key }) : undefined;
}

/** `/jeedom run <id | [Object][Equipment][Command]>`: an action command, with the person's Jeedom rights. */
export async function runCommand(ctx: CommandContext): Promise<void> {
  const target = ctx.args.join(' ').trim();
  const human = parseHumanName(target);
  if (!/^\d+$/.test(target) && !human) {
    await ctx.reply(ctx.t('run_usage'));
    return;
  }
  const mapping = await requireMappedUser(ctx);
  if (!mapping) return;
  const config = await readJeedomConfig(ctx.read);
  if (!config.ok) {
    await ctx.reply(ctx.t('chat_not_configured'));
    return;
  }
  let personal = false;
  try {
    const client = await personalClient(ctx, config.config, mapping.jeedomLogin);
    personal = !!client;
    const cmdId = client && (human ? await findActionCommand(client, human) : target);
    if (!client || !cmdId) {
      await ctx.reply(ctx.t('run_not_found', { command: target }));
      return;
    }
    await client.call('cmd::execCmd', { id: cmdId }, z.unknown());
    await ctx.reply(ctx.t('run_done', { command: target }));
  } catch (error) {
    if (!isJeedomError(error)) throw error;
    if (personal && error.kind === 'auth' && error.reason === 'key_refused') {
      // The app's own key was just accepted (user::all): it is the person's Jeedom user that is refused —
      // a disabled user gets the same answer as a wrong key (code 2) from a real Jeedom 4.5.3.
      await ctx.reply(ctx.t('run_personal_key_refused', { login: mapping.jeedomLogin }));
      return;
    }
    await ctx.reply(describeJeedomError(error, ctx.t, config.config.timeoutMs / 1000));
  }
}
