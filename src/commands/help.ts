import { isAdmin } from '../chat/roles';
import { CommandContext } from './CommandContext';

export async function helpCommand(ctx: CommandContext): Promise<void> {
  const { t } = ctx;
  const lines = [
    t('help_title'),
    t('help_phrase'),
    t('help_help'),
    t('help_status'),
    t('help_snap'),
    t('help_run'),
    t('help_link'),
  ];
  if (isAdmin(ctx.sender)) {
    lines.push(
      t('help_users'),
      t('help_map'),
      t('help_unmap'),
      t('help_allow'),
      t('help_sync'),
      t('help_autousers'),
      t('help_audit'),
      t('help_secret'),
    );
  }
  lines.push(t('help_footer'));
  await ctx.reply(lines.join('\n'));
}
