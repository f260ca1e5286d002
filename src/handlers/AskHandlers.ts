import { IHttp, ILogger, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { answerAsk, AnswerOrigin, AnswerResult, mayAnswer } from '../asks/answerAsk';
import { ASK_ACTION, listedAnswer, matchAnswer, parseButtonValue } from '../asks/blocks';
import { botUser } from '../chat/botIdentity';
import { notifyUser, postAsBot } from '../chat/notify';
import { translatorFor } from '../i18n/translators';
import { Ask, AskStore } from '../storage/AskStore';

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
    data: {
      actionId: string;
      value?: string;
      user: IUser;
      room?: IMessage['room'];
      message?: IMessage;
      container?: { id: string };
    },
    acc: Accessors,
  ): Promise<boolean> {
    if (data.actionId !== ASK_ACTION) return false;
    const parsed = parseButtonValue(data.value);
    if (!parsed) return true;
    const ask = await new AskStore(acc.read.getPersistenceReader()).get(parsed.askId);
    const answer = ask?.answers[parsed.index] ?? '';
    // A click counts only from the question's own message: a forged value on another message is refused.
    const origin: AnswerOrigin = {
      kind: 'button',
      roomId: data.room?.id ?? '',
      messageId: data.message?.id ?? data.container?.id,
    };
    const result = await this.guard(
      () => answerAsk(parsed.askId, data.user, answer, acc, origin),
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
      () =>
        answerAsk(ask.askId, message.sender, message.text ?? '', acc, {
          kind: 'thread',
          roomId: message.room.id,
        }),
      message.sender,
      acc.read,
    );
    if (!result.ok)
      await notifyUser(acc.read, acc.modify, message.sender, message.room, result.notice, message.threadId);
    return true;
  }

  /**
   * A message in the person's DM with the bot that answers a waiting question (SPEC §7 "a text reply in the
   * DM"): a question asked in this DM takes any accepted answer; a question elsewhere is answered only by one
   * of its listed answers, and only if the person may answer it (the mentioned person, or a member of that
   * room linked to Jeedom). Anything else stays a phrase for Jeedom's interactions. True when it was an answer.
   */
  async directAnswer(message: IMessage, text: string, acc: Accessors): Promise<boolean> {
    const user = message.sender;
    const pending = await new AskStore(acc.read.getPersistenceReader()).pending();
    if (!pending.length) return false;
    const origin: AnswerOrigin = { kind: 'direct', roomId: message.room.id };
    const matches: Array<{ ask: Ask; answer: string }> = [];
    for (const ask of pending) {
      const here = ask.roomId === message.room.id;
      const answer = here ? matchAnswer(ask, text) : listedAnswer(ask, text);
      if (answer === undefined) continue;
      if (!(await mayAnswer(ask, user, acc.read, origin))) continue;
      matches.push({ ask, answer });
    }
    if (!matches.length) return false;
    const t = await translatorFor(acc.read, user);
    const bot = await botUser(acc.read.getUserReader());
    if (matches.length > 1) {
      await postAsBot(acc.modify, bot, message.room, t('ask_ambiguous', { answer: matches[0].answer }));
      return true;
    }
    const [{ ask, answer }] = matches;
    const result = await this.guard(() => answerAsk(ask.askId, user, answer, acc, origin), user, acc.read);
    const reply = result.ok ? t('ask_answered_dm', { answer, question: ask.question }) : result.notice;
    await postAsBot(acc.modify, bot, message.room, reply);
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
