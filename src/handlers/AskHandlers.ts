import { IHttp, ILogger, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { answerAsk, AnswerResult } from '../asks/answerAsk';
import { ASK_ACTION, parseButtonValue } from '../asks/blocks';
import { notifyUser } from '../chat/notify';
import { translatorFor } from '../settings/jeedomSettings';
import { AskStore } from '../storage/AskStore';

interface Accessors {
  read: IRead;
  http: IHttp;
  persis: IPersistence;
  modify: IModify;
}

/** Answers to scenario questions: a button click, or a reply in the question's thread. */
export class AskHandlers {
  constructor(private readonly logger: ILogger) {}

  /** Returns false when the click is not an ask button (another action of the app, if any). */
  async button(
    data: { actionId: string; value?: string; user: IUser; room?: IMessage['room'] },
    acc: Accessors,
  ): Promise<boolean> {
    if (data.actionId !== ASK_ACTION) return false;
    const parsed = parseButtonValue(data.value);
    if (!parsed) return true;
    const ask = await new AskStore(acc.read.getPersistenceReader()).get(parsed.askId);
    const answer = ask?.answers[parsed.index] ?? '';
    const result = await this.guard(
      () => answerAsk(parsed.askId, data.user, answer, acc),
      data.user,
      acc.read,
    );
    if (!result.ok && data.room) await notifyUser(acc.read, acc.modify, data.user, data.room, result.notice);
    return true;
  }

  /** A reply in an ask's thread is an answer to it, and nothing else; true when it was one. */
  async threadReply(message: IMessage, acc: Accessors): Promise<boolean> {
    if (!message.threadId) return false;
    const ask = await new AskStore(acc.read.getPersistenceReader()).byMessage(message.threadId);
    if (!ask) return false;
    const result = await this.guard(
      () => answerAsk(ask.askId, message.sender, message.text ?? '', acc),
      message.sender,
      acc.read,
    );
    if (!result.ok)
      await notifyUser(acc.read, acc.modify, message.sender, message.room, result.notice, message.threadId);
    return true;
  }

  /** A bug must not look like silence: the person gets the generic error, the log the detail. */
  private async guard(work: () => Promise<AnswerResult>, user: IUser, read: IRead): Promise<AnswerResult> {
    try {
      return await work();
    } catch (error) {
      this.logger.error(`ask answer failed: ${error instanceof Error ? error.message : String(error)}`);
      return { ok: false, notice: (await translatorFor(read, user))('error_internal') };
    }
  }
}
