import { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { z } from 'zod';
import { botUser } from '../chat/botIdentity';
import { editAsBot } from '../chat/notify';
import { describeJeedomError } from '../i18n/describeError';
import { JeedomClient } from '../jeedom/JeedomClient';
import { isJeedomError } from '../jeedom/JeedomError';
import { readJeedomConfig, serverTranslator, translatorFor } from '../settings/jeedomSettings';
import { Ask, AskStore } from '../storage/AskStore';
import { ClaimStore } from '../storage/ClaimStore';
import { UserMappingStore } from '../storage/UserMappingStore';
import { keyedQueue } from '../concurrency/keyedQueue';
import { matchAnswer } from './blocks';
import { auditAskAnswer } from '../audit/record';

export interface AnswerDeps {
  read: IRead;
  http: IHttp;
  persis: IPersistence;
  modify: IModify;
}

/** What the person who answered is told (privately); undefined when the question message says it all. */
export type AnswerResult = { ok: true } | { ok: false; notice: string };

/** The mentioned person for a `user:` command; otherwise anyone linked to Jeedom with interactions on. */
export async function mayAnswer(ask: Ask, user: IUser, read: IRead): Promise<boolean> {
  if (ask.allowedUserId) return ask.allowedUserId === user.id;
  const mapping = await new UserMappingStore(read.getPersistenceReader()).get(user.id);
  return !!mapping?.interactionsEnabled;
}

/** An answer's claim outlives the Jeedom call it covers by this much. */
const ANSWER_CLAIM_MARGIN_MS = 5_000;

/** Answers to one question, and its expiry, run one after the other (a double click, two people at once). */
const oneAtATime = keyedQueue();

/**
 * One answer to a pending ask (SPEC §7): only the right people, only a listed answer (or free text when the
 * scenario allows it), written into the scenario's variable; the question then says who answered what.
 * Exactly one answer wins: serialised per question here, and claimed in persistence against other instances.
 */
export function answerAsk(askId: string, user: IUser, raw: string, deps: AnswerDeps): Promise<AnswerResult> {
  return oneAtATime(askId, () => answerOnce(askId, user, raw, deps));
}

async function answerOnce(askId: string, user: IUser, raw: string, deps: AnswerDeps): Promise<AnswerResult> {
  const t = await translatorFor(deps.read, user);
  const store = new AskStore(deps.read.getPersistenceReader());
  const ask = await store.get(askId);
  if (!ask || ask.status !== 'pending' || ask.expiresAt <= Date.now())
    return { ok: false, notice: t('ask_closed') };
  if (!(await mayAnswer(ask, user, deps.read))) return { ok: false, notice: t('ask_not_allowed') };
  const answer = matchAnswer(ask, raw);
  if (answer === undefined) {
    return {
      ok: false,
      notice: t('ask_wrong_answer', { answer: raw.trim(), answers: ask.answers.join(', ') }),
    };
  }
  const config = await readJeedomConfig(deps.read);
  if (!config.ok) return { ok: false, notice: t('chat_not_configured') };
  // Two server instances answering at the same moment: the one holding the claim answers, the other is told
  // the question is closed. Under the claim the question is read again, then closed before Jeedom is called
  // (reopened if Jeedom cannot take the answer).
  const claims = new ClaimStore(deps.read.getPersistenceReader(), deps.persis);
  const what = `answer-ask:${askId}`;
  if (!(await claims.take(what, config.config.timeoutMs + ANSWER_CLAIM_MARGIN_MS)))
    return { ok: false, notice: t('ask_closed') };
  try {
    const open = await store.get(askId);
    if (open?.status !== 'pending') return { ok: false, notice: t('ask_closed') };
    await AskStore.save(deps.persis, { ...open, status: 'answered', answer, answeredBy: user.username });
    try {
      const params = { type: 'scenario', linkId: -1, key: ask.variable, value: answer };
      await new JeedomClient(deps.http, config.config).call('datastore::save', params, z.unknown());
    } catch (error) {
      await AskStore.save(deps.persis, open);
      if (!isJeedomError(error)) throw error;
      return { ok: false, notice: describeJeedomError(error, t, config.config.timeoutMs / 1000) };
    }
  } finally {
    await claims.release(what);
  }
  const shared = await serverTranslator(deps.read);
  const bot = await botUser(deps.read.getUserReader());
  const text = `${ask.question}\n${shared('ask_answered', { answer, username: user.username })}`;
  await editAsBot(deps.modify, bot, ask.messageId, text, []);
  await auditAskAnswer(deps, user, answer, ask.question);
  return { ok: true };
}

/** At the ask's timeout: the question says it expired and loses its buttons. */
export function expireAsk(askId: string, deps: AnswerDeps): Promise<void> {
  return oneAtATime(askId, () => expireOnce(askId, deps));
}

async function expireOnce(askId: string, deps: AnswerDeps): Promise<void> {
  const ask = await new AskStore(deps.read.getPersistenceReader()).get(askId);
  if (!ask || ask.status !== 'pending') return;
  await AskStore.save(deps.persis, { ...ask, status: 'expired' });
  const shared = await serverTranslator(deps.read);
  const bot = await botUser(deps.read.getUserReader());
  await editAsBot(deps.modify, bot, ask.messageId, `${ask.question}\n${shared('ask_expired')}`, []);
}
