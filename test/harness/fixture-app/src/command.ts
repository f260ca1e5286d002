import { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { ISlashCommand, SlashCommandContext } from '@rocket.chat/apps-engine/definition/slashcommands';
import { postButtons } from './buttons';
import { errorText, FixtureContext, notify } from './chat';
import { readUpload, upload } from './files';
import { fetchUrl } from './http';
import { cancel, scheduleOnce, tick } from './jobs';
import { later } from './later';
import { directMessage, say, thread } from './rooms';
import { forget, list, persist, readKey, upsert } from './storage';

const SUBCOMMANDS: Record<string, (ctx: FixtureContext) => Promise<void>> = {
  persist,
  upsert,
  read: readKey,
  list,
  forget,
  dm: directMessage,
  say,
  thread,
  buttons: postButtons,
  schedule: scheduleOnce,
  tick,
  cancel,
  upload,
  readupload: readUpload,
  fetch: fetchUrl,
  later,
};

/** `/fixture <subcommand> …`: failures become a notice, except `throw`, which shows what the engine does. */
export class FixtureCommand implements ISlashCommand {
  public command = 'fixture';
  public i18nParamsExample = 'fixture_command_params';
  public i18nDescription = 'fixture_command_description';
  public providesPreview = false;

  public async executor(
    context: SlashCommandContext,
    read: IRead,
    modify: IModify,
    http: IHttp,
    persis: IPersistence,
  ): Promise<void> {
    const [name = '', ...args] = context.getArguments();
    if (name === 'throw') throw new Error('thrown by /fixture throw');
    const sender = context.getSender();
    const room = context.getRoom();
    const threadId = context.getThreadId();
    const reply = (text: string) => notify(read, modify, sender, room, text, threadId);
    const subcommand = SUBCOMMANDS[name];
    if (!subcommand) return reply(`unknown subcommand "${name}"`);
    try {
      await subcommand({ sender, room, threadId, args, read, modify, http, persis, reply });
    } catch (error) {
      await reply(`${name} failed: ${errorText(error)}`);
    }
  }
}
