import { invocationDeadline } from '../concurrency/deadline';
import { IHttp, ILogger, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { editAsBot } from '../chat/notify';
import { JeedomClient } from '../jeedom/JeedomClient';
import { isJeedomError } from '../jeedom/JeedomError';
import { readJeedomConfig } from '../settings/jeedomSettings';
import { serverTranslator } from '../i18n/translators';
import { AskStore } from '../storage/AskStore';
import { ChannelEquipmentStore } from '../storage/ChannelEquipmentStore';
import { askBlocks } from './blocks';
import { lookupAsk } from './lookupAsk';

export const ASK_EXPIRE_JOB = 'jeedom-ask-expire';

interface OfferDeps {
  read: IRead;
  http: IHttp;
  persis: IPersistence;
  modify: IModify;
  logger: ILogger;
  /** When the endpoint call's Jeedom calls must be over; taken now when not given. */
  deadlineAt?: number;
}

interface Offer {
  room: IRoom;
  bot: IUser;
  /** The message already posted with the question's text. */
  messageId: string;
  question: string;
  /** The mentioned person when Jeedom used their `user:` command. */
  userId?: string;
  /** The message's text as posted (`@username question` for a person's command): kept with the buttons. */
  text?: string;
}

function newAskId(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
}

/**
 * After the endpoint answered: is a running scenario asking this question through this room's command? If so,
 * the posted message gets its answer buttons, the ask is stored, and its expiry is scheduled. If not, the
 * message simply stays a message.
 */
export async function offerAsk(offer: Offer, deps: OfferDeps): Promise<void> {
  const deadlineAt = deps.deadlineAt ?? invocationDeadline();
  const equipment = await new ChannelEquipmentStore(deps.read.getPersistenceReader()).get(offer.room.id);
  const cmdId = equipment?.cmdIds[offer.userId ? `user:${offer.userId}` : 'send'];
  const config = await readJeedomConfig(deps.read);
  if (!cmdId || !config.ok) return;
  let spec;
  try {
    spec = await lookupAsk(new JeedomClient(deps.http, config.config, deadlineAt), cmdId, offer.question);
  } catch (error) {
    if (!isJeedomError(error)) throw error;
    deps.logger.warn(`ask lookup failed: ${error.kind}`);
    return;
  }
  if (!spec) return;
  const ask = {
    askId: newAskId(),
    roomId: offer.room.id,
    messageId: offer.messageId,
    scenarioId: spec.scenarioId,
    question: offer.question,
    answers: spec.answers,
    freeText: spec.freeText,
    variable: spec.variable,
    expiresAt: Date.now() + spec.timeoutSeconds * 1000,
    allowedUserId: offer.userId,
    status: 'pending' as const,
  };
  await AskStore.save(deps.persis, ask);
  const t = await serverTranslator(deps.read);
  const hint = t(ask.freeText ? 'ask_hint_free' : 'ask_hint_buttons');
  await editAsBot(deps.modify, offer.bot, offer.messageId, offer.text ?? ask.question, askBlocks(ask, hint));
  await deps.modify
    .getScheduler()
    .scheduleOnce({ id: ASK_EXPIRE_JOB, when: new Date(ask.expiresAt), data: { askId: ask.askId } });
}
