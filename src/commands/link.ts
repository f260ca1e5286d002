import { recordAudit } from '../audit/audit';
import { auditPerson } from '../audit/events';
import { findLogin } from '../jeedom/users';
import { readJeedomLogins } from '../people/jeedomLogins';
import { LINK_EXPIRE_JOB, sendCards } from '../people/linkRequests';
import { LINK_REQUEST_TTL_MS, LinkRequest, LinkRequestStore } from '../storage/LinkRequestStore';
import { UserMappingStore } from '../storage/UserMappingStore';
import { CommandContext } from './CommandContext';

/**
 * `/jeedom link <jeedomLogin>`, by someone not linked yet: the login must exist and be enabled in Jeedom;
 * the admins get an Approve/Deny card, the person "asked; an admin will confirm". One open request each.
 */
export async function linkCommand(ctx: CommandContext): Promise<void> {
  if (ctx.args.length !== 1) {
    await ctx.reply(ctx.t('link_usage'));
    return;
  }
  const mapping = await new UserMappingStore(ctx.read.getPersistenceReader()).get(ctx.sender.id);
  if (mapping) {
    await ctx.reply(ctx.t('link_already', { login: mapping.jeedomLogin }));
    return;
  }
  const open = await new LinkRequestStore(ctx.read.getPersistenceReader()).openFor(ctx.sender.id);
  if (open) {
    await ctx.reply(ctx.t('link_pending', { login: open.login }));
    return;
  }
  const jeedom = await readJeedomLogins(ctx.read, ctx.http, ctx.t, ctx.deadlineAt);
  if (!jeedom.ok) {
    await ctx.reply(jeedom.notice);
    return;
  }
  const found = findLogin(jeedom.users, ctx.args[0]);
  if (!found || !found.enabled) {
    // The same words for "no such login" and "disabled": a non-admin learns nothing about Jeedom's accounts.
    await ctx.reply(ctx.t('link_unknown_login', { login: ctx.args[0] }));
    return;
  }
  const now = Date.now();
  const request: LinkRequest = {
    requestId: `${now.toString(36)}${Math.random().toString(36).slice(2, 10)}`,
    userId: ctx.sender.id,
    username: ctx.sender.username,
    login: found.login,
    requestedAt: now,
    expiresAt: now + LINK_REQUEST_TTL_MS,
    cards: [],
    state: 'pending',
  };
  await LinkRequestStore.save(ctx.persis, request);
  const cards = await sendCards(ctx, request);
  if (!cards.length) {
    await LinkRequestStore.save(ctx.persis, { ...request, state: 'expired' });
    await ctx.reply(ctx.t('link_no_admin'));
    return;
  }
  await LinkRequestStore.save(ctx.persis, { ...request, cards });
  await ctx.modify.getScheduler().scheduleOnce({
    id: LINK_EXPIRE_JOB,
    when: new Date(request.expiresAt + 1000),
    data: { requestId: request.requestId },
  });
  await recordAudit(ctx, { kind: 'link_request', user: auditPerson(ctx.sender), login: found.login });
  await ctx.reply(ctx.t('link_asked', { login: found.login }));
}
