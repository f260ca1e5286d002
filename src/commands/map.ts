import { findLogin } from '../jeedom/users';
import { isBotAccount, linkPerson } from '../people/changes';
import { readJeedomLogins } from '../people/jeedomLogins';
import { CommandContext } from './CommandContext';
import { findTargetUser, requireAdmin } from './targetUser';

/**
 * `/jeedom map @user <jeedomLogin>`: links a person (not a bot) to a Jeedom user that exists and is enabled,
 * matched as Jeedom does (case-insensitively) and stored in Jeedom's spelling; interactions on.
 */
export async function mapCommand(ctx: CommandContext): Promise<void> {
  if (!(await requireAdmin(ctx))) return;
  const [who, typed, ...extra] = ctx.args;
  if (!who || !typed || extra.length) {
    await ctx.reply(ctx.t('map_usage'));
    return;
  }
  const user = await findTargetUser(ctx, who);
  if (!user) return;
  if (isBotAccount(user)) {
    await ctx.reply(ctx.t('map_bot', { username: user.username }));
    return;
  }
  const jeedom = await readJeedomLogins(ctx.read, ctx.http, ctx.t, ctx.deadlineAt);
  if (!jeedom.ok) {
    await ctx.reply(jeedom.notice);
    return;
  }
  const found = findLogin(jeedom.users, typed);
  const enabled = jeedom.users.filter((u) => u.enabled).map((u) => u.login);
  if (!found) {
    await ctx.reply(ctx.t('map_unknown_login', { login: typed, logins: enabled.join(', ') }));
    return;
  }
  if (!found.enabled) {
    await ctx.reply(ctx.t('map_disabled_login', { login: found.login }));
    return;
  }
  await linkPerson(ctx, user, found.login, ctx.sender);
  await ctx.reply(ctx.t('map_done', { username: user.username, login: found.login }));
}
