import { IHttp, ILogger, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { ISlashCommand, SlashCommandContext } from '@rocket.chat/apps-engine/definition/slashcommands';
import { pickLanguage, translator } from '../i18n/translate';
import { readSettings } from '../settings/readSettings';
import { CommandContext } from './CommandContext';
import { helpCommand } from './help';
import { notifySender } from './notifySender';
import { statusCommand } from './status';

type Subcommand = (ctx: CommandContext) => Promise<void>;

const SUBCOMMANDS: Record<string, Subcommand> = {
  help: helpCommand,
  status: statusCommand,
};

/** `/jeedom <subcommand|phrase>`: resolves the context once, then routes. */
export class JeedomCommand implements ISlashCommand {
  public command = 'jeedom';
  public i18nParamsExample = 'command_params_example';
  public i18nDescription = 'command_description';
  public providesPreview = false;

  constructor(private readonly logger: ILogger) {}

  public async executor(
    context: SlashCommandContext,
    read: IRead,
    modify: IModify,
    http: IHttp,
    persis: IPersistence,
  ): Promise<void> {
    const settings = await readSettings(read.getEnvironmentReader().getSettings());
    const sender = context.getSender();
    const serverLanguage = await readServerLanguage(read);
    const t = translator(
      pickLanguage(settings.language, sender.settings?.preferences?.language, serverLanguage),
    );
    const [first = 'help', ...rest] = context.getArguments();
    const ctx: CommandContext = {
      sender,
      room: context.getRoom(),
      args: rest,
      threadId: context.getThreadId(),
      settings,
      t,
      read,
      modify,
      http,
      persis,
      reply: (text) => notifySender(read, modify, sender, context.getRoom(), text, context.getThreadId()),
    };
    const subcommand = SUBCOMMANDS[first.toLowerCase()];
    try {
      if (subcommand) await subcommand(ctx);
      else await ctx.reply(t('not_yet_available'));
    } catch (error) {
      // A handler bug must not look like silence to the user; the log keeps the detail.
      this.logger.error(`/jeedom ${first} failed: ${error instanceof Error ? error.message : String(error)}`);
      await ctx.reply(t('error_internal'));
    }
  }
}

async function readServerLanguage(read: IRead): Promise<string | undefined> {
  try {
    const value: unknown = await read.getEnvironmentReader().getServerSettings().getValueById('Language');
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
