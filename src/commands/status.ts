import { CommandContext } from './CommandContext';

export async function statusCommand(ctx: CommandContext): Promise<void> {
  await ctx.reply(ctx.t('status_title'));
}
