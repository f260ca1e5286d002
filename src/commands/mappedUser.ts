import { appNotice } from '../interactions/outcomeText';
import { UserMapping, UserMappingStore } from '../storage/UserMappingStore';
import { CommandContext } from './CommandContext';

/** Deny by default, as for interactions: a linked person with interactions on, or a notice saying why not. */
export async function requireMappedUser(ctx: CommandContext): Promise<UserMapping | undefined> {
  const mapping = await new UserMappingStore(ctx.read.getPersistenceReader()).get(ctx.sender.id);
  if (mapping?.interactionsEnabled) return mapping;
  const reason = mapping ? 'disabled' : 'not_mapped';
  await ctx.reply(appNotice({ kind: 'refused', reason }, ctx.t, ctx.sender.username) ?? '');
  return undefined;
}
