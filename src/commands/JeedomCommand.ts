import { IApp } from '@rocket.chat/apps-engine/definition/IApp';
import { IHttp, ILogger, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { ISlashCommand, SlashCommandContext } from '@rocket.chat/apps-engine/definition/slashcommands';
import { notifyUser } from '../chat/notify';
import { translatorFor } from '../i18n/translators';
import { allowCommand } from './allow';
import { invocationDeadline } from '../concurrency/deadline';
import { CommandContext } from './CommandContext';
import { helpCommand } from './help';
import { mapCommand } from './map';
import { phraseCommand } from './phrase';
import { statusCommand } from './status';
import { syncCommand } from './sync';
import { snapCommand } from './snap';
import { runCommand } from './run';
import { auditCommand } from './audit';
import { secretCommand } from './secret';
import { autoUsersCommand } from './autousers';
import { linkCommand } from './link';
import { unmapCommand } from './unmap';
import { usersCommand } from './users';

type Subcommand = (ctx: CommandContext) => Promise<void>;

const SUBCOMMANDS: Record<string, Subcommand> = {
  help: helpCommand,
  status: statusCommand,
  users: usersCommand,
  map: mapCommand,
  unmap: unmapCommand,
  allow: allowCommand,
  sync: syncCommand,
  autousers: autoUsersCommand,
  snap: snapCommand,
  run: runCommand,
  link: linkCommand,
  audit: auditCommand,
  secret: secretCommand,
};

/** `/jeedom <subcommand|phrase>`: resolves the context once, then routes; anything else is a phrase. */
export class JeedomCommand implements ISlashCommand {
  public command = 'jeedom';
  public i18nParamsExample = 'command_params_example';
  public i18nDescription = 'command_description';
  public providesPreview = false;

  constructor(
    private readonly app: IApp,
    private readonly logger: ILogger,
  ) {}

  /** The request's own logger: engine 1.62 hands it through a per-request proxy of the app held here. */
  private get log(): ILogger {
    return this.app.getLogger() ?? this.logger;
  }

  public async executor(
    context: SlashCommandContext,
    read: IRead,
    modify: IModify,
    http: IHttp,
    persis: IPersistence,
  ): Promise<void> {
    const deadlineAt = invocationDeadline();
    const sender = context.getSender();
    const room = context.getRoom();
    const threadId = context.getThreadId();
    // Rocket.Chat splits on single spaces: empty words come from double spaces.
    const words = context.getArguments().filter((word) => word !== '');
    const [first = 'help', ...args] = words;
    const ctx: CommandContext = {
      appId: this.app.getID(),
      sender,
      room,
      args,
      threadId,
      t: await translatorFor(read, sender),
      read,
      modify,
      http,
      persis,
      deadlineAt,
      reply: (text) => notifyUser(read, modify, sender, room, text, threadId),
    };
    const subcommand = SUBCOMMANDS[first.toLowerCase()];
    try {
      if (subcommand) await subcommand(ctx);
      else await phraseCommand(ctx, words);
    } catch (error) {
      // A bug must not look like silence to the user; the log keeps the detail.
      this.log.error(`/jeedom ${first} failed: ${error instanceof Error ? error.message : String(error)}`);
      await ctx.reply(ctx.t('error_internal'));
    }
  }
}
