import { describeJeedomError } from '../i18n/describeError';
import { JeedomClient } from '../jeedom/JeedomClient';
import { isJeedomError } from '../jeedom/JeedomError';
import { jeedomUsersSchema } from '../jeedom/users';
import { readJeedomConfig } from '../settings/jeedomSettings';
import { UserMappingStore } from '../storage/UserMappingStore';
import { CommandContext } from './CommandContext';
import { findTargetUser, requireAdmin } from './targetUser';

/** The logins Jeedom knows; `user::all` also returns API keys, which the schema drops. */
async function jeedomLogins(ctx: CommandContext): Promise<string[] | undefined> {
  const config = await readJeedomConfig(ctx.read);
  if (!config.ok) {
    await ctx.reply(ctx.t('chat_not_configured'));
    return undefined;
  }
  try {
    const users = await new JeedomClient(ctx.http, config.config).call('user::all', {}, jeedomUsersSchema);
    return users.map((u) => u.login);
  } catch (error) {
    if (!isJeedomError(error)) throw error;
    await ctx.reply(
      `${ctx.t('map_check_failed')} ${describeJeedomError(error, ctx.t, config.config.timeoutMs / 1000)}`,
    );
    return undefined;
  }
}

/** `/jeedom map @user <jeedomLogin>`: links a person to a Jeedom user that exists, interactions on. */
export async function mapCommand(ctx: CommandContext): Promise<void> {
  if (!(await requireAdmin(ctx))) return;
  const [who, login, ...extra] = ctx.args;
  if (!who || !login || extra.length) {
    await ctx.reply(ctx.t('map_usage'));
    return;
  }
  const user = await findTargetUser(ctx, who);
  if (!user) return;
  const logins = await jeedomLogins(ctx);
  if (!logins) return;
  if (!logins.includes(login)) {
    await ctx.reply(ctx.t('map_unknown_login', { login, logins: logins.join(', ') }));
    return;
  }
  await UserMappingStore.save(ctx.persis, {
    rcUserId: user.id,
    rcUsername: user.username,
    jeedomLogin: login,
    interactionsEnabled: true,
    updatedAt: new Date().toISOString(),
    updatedBy: ctx.sender.username,
  });
  await ctx.reply(ctx.t('map_done', { username: user.username, login }));
}
