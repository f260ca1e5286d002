import { appNotice } from '../interactions/outcomeText';
import { JeedomConfigOk } from '../jeedom/config';
import { readJeedomConfig } from '../settings/jeedomSettings';
import { UserMapping, UserMappingStore } from '../storage/UserMappingStore';
import { CommandContext } from './CommandContext';

/** Deny by default, as for interactions: a linked person with interactions on, or a notice saying why not. */
async function requireMappedUser(ctx: CommandContext): Promise<UserMapping | undefined> {
  const mapping = await new UserMappingStore(ctx.read.getPersistenceReader()).get(ctx.sender.id);
  if (mapping?.interactionsEnabled) return mapping;
  const reason = mapping ? 'disabled' : 'not_mapped';
  await ctx.reply(appNotice({ kind: 'refused', reason }, ctx.t, ctx.sender.username) ?? '');
  return undefined;
}

/** A command that acts in Jeedom for its sender: the sender's mapping and the app's Jeedom settings, or a notice. */
export async function requireMappedUserAndJeedom(
  ctx: CommandContext,
): Promise<{ mapping: UserMapping; config: JeedomConfigOk } | undefined> {
  const mapping = await requireMappedUser(ctx);
  if (!mapping) return undefined;
  const config = await readJeedomConfig(ctx.read);
  if (config.ok) return { mapping, config };
  await ctx.reply(ctx.t('chat_not_configured'));
  return undefined;
}
