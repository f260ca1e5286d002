import { UserMappingStore } from '../storage/UserMappingStore';
import { CommandContext } from './CommandContext';
import { requireAdmin } from './targetUser';

function table(rows: string[][]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]))
        .join('   ')
        .trimEnd(),
    )
    .join('\n');
}

/** `/jeedom users`: who is linked to which Jeedom login, and whether they may run interactions. */
export async function usersCommand(ctx: CommandContext): Promise<void> {
  if (!(await requireAdmin(ctx))) return;
  const { t } = ctx;
  const mappings = await new UserMappingStore(ctx.read.getPersistenceReader()).all();
  if (mappings.length === 0) {
    await ctx.reply(t('users_none'));
    return;
  }
  const rows = [
    [t('users_column_user'), t('users_column_login'), t('users_column_interactions')],
    ...mappings.map((m) => [
      `@${m.rcUsername}`,
      m.jeedomLogin,
      t(m.interactionsEnabled ? 'users_on' : 'users_off'),
    ]),
  ];
  await ctx.reply(`${t('users_title', { count: mappings.length })}\n\`\`\`\n${table(rows)}\n\`\`\``);
}
