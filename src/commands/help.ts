import { CommandContext } from './CommandContext';

export async function helpCommand(ctx: CommandContext): Promise<void> {
  const { t } = ctx;
  await ctx.reply(
    [t('help_title'), t('help_phrase'), t('help_help'), t('help_status'), t('help_footer')].join('\n'),
  );
}
