import { IHttp, ILogger, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { botUser } from '../chat/botIdentity';
import { invocationDeadline } from '../concurrency/deadline';
import { defuseRoomMentions } from '../chat/hygiene';
import { notifyUser, postAsBot } from '../chat/notify';
import { isPersonChannelMessage, isPersonMessage, routeMessage } from '../chat/routing';
import { AskHandlers } from './AskHandlers';
import { onChannelMessage } from '../provisioning/channelActivity';
import { appNotice } from '../interactions/outcomeText';
import { runInteraction } from '../interactions/runInteraction';
import { auditInteraction } from '../interactions/auditInteraction';
import { SettingId } from '../settings/definitions';
import { translatorFor } from '../i18n/translators';
import { LastErrorStore } from '../storage/LastErrorStore';

/**
 * Chat → Jeedom for messages (SPEC §4): DMs with the bot and mentions run interactions; every person's
 * message in a provisioned channel updates its equipment.
 */
export class PostMessageSentHandler {
  constructor(
    private readonly appId: string,
    private readonly logger: ILogger,
  ) {}

  async handle(
    message: IMessage,
    read: IRead,
    http: IHttp,
    persis: IPersistence,
    modify: IModify,
  ): Promise<void> {
    const deadlineAt = invocationDeadline();
    try {
      const bot = await botUser(read.getUserReader());
      const channel = isPersonChannelMessage(message, bot)
        ? onChannelMessage(message, {
            read,
            http,
            persis,
            modify,
            logger: this.logger,
            appId: this.appId,
            botId: bot.id,
            deadlineAt,
          })
        : Promise.resolve();
      const acc = { read, http, persis, modify };
      const talk = async () => {
        // A reply in a question's thread is its answer, not a phrase for Jeedom's interactions.
        if (isPersonMessage(message, bot) && (await new AskHandlers(this.logger).threadReply(message, acc)))
          return;
        await this.interact(message, bot, { read, http, persis, modify }, deadlineAt);
      };
      await Promise.all([talk(), channel]);
    } catch (error) {
      // Nobody awaits this hook: an error would vanish, so it is logged (never with message text or keys).
      this.logger.error(`message handling failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async interact(
    message: IMessage,
    bot: IUser,
    { read, http, persis, modify }: { read: IRead; http: IHttp; persis: IPersistence; modify: IModify },
    deadlineAt: number,
  ): Promise<void> {
    let route = routeMessage(message, bot, true);
    // The setting is read only when it can change the answer: a channel message without a mention.
    if (!route.act && route.reason === 'no_mention' && !(await this.requireMention(read))) {
      route = routeMessage(message, bot, false);
    }
    if (!route.act) return;
    const mustCheck = !route.direct || route.checkMembership;
    if (mustCheck && !(await read.getUserReader().getUserRoomIds(bot.id)).includes(message.room.id)) return;
    const acc = { read, http, persis, modify };
    // In the DM with the bot, an answer to a waiting question goes to its scenario, not to the interactions.
    if (
      route.direct &&
      !route.threadId &&
      (await new AskHandlers(this.logger).directAnswer(message, route.text, acc))
    )
      return;

    const outcome = await runInteraction(read, http, message.sender, route.text, deadlineAt);
    await auditInteraction({ read, persis, modify }, message.sender, route.text, outcome);
    const mention = route.direct ? '' : `@${message.sender.username} `;
    if (outcome.kind === 'reply') {
      const reply = defuseRoomMentions(outcome.text);
      await postAsBot(modify, bot, message.room, `${mention}${reply}`, route.threadId);
      return;
    }
    if (outcome.kind === 'failed') {
      this.logger.warn(`interaction failed: ${outcome.error.kind} (${outcome.error.message})`);
      await LastErrorStore.record(persis, 'interaction', outcome.error);
    }
    const t = await translatorFor(read, message.sender);
    const inChannel = !route.direct && isPersonChannelMessage(message, bot);
    const notice = appNotice(outcome, t, message.sender.username, inChannel);
    if (!notice) return;
    // In a DM the bot simply answers; in a channel only the sender needs to read why nothing happened.
    if (route.direct) await postAsBot(modify, bot, message.room, notice, route.threadId);
    else await notifyUser(read, modify, message.sender, message.room, notice, route.threadId);
  }

  private async requireMention(read: IRead): Promise<boolean> {
    const value: unknown = await read
      .getEnvironmentReader()
      .getSettings()
      .getValueById(SettingId.RequireMention);
    return value !== false;
  }
}
