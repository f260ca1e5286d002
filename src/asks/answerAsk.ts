import { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { botUser } from '../chat/botIdentity';
import { cleanPhrase, MAX_ANSWER_LENGTH } from '../chat/hygiene';
import { editAsBot } from '../chat/notify';
import { keyedQueue } from '../concurrency/keyedQueue';
import { describeJeedomError } from '../i18n/describeError';
import { Translate } from '../i18n/translate';
import { JeedomClient } from '../jeedom/JeedomClient';
import { isJeedomError, JeedomError } from '../jeedom/JeedomError';
import { readJeedomConfig } from '../settings/jeedomSettings';
import { serverTranslator, translatorFor } from '../i18n/translators';
import { Ask, AskStore } from '../storage/AskStore';
import { ClaimStore } from '../storage/ClaimStore';
import { LastErrorStore } from '../storage/LastErrorStore';
import { UserMapping, UserMappingStore } from '../storage/UserMappingStore';
import { matchAnswer } from './blocks';
import { auditAskAnswer } from '../audit/record';
import { ASK_EXPIRE_JOB } from './offerAsk';

export interface AnswerDeps {
  read: IRead;
  http: IHttp;
  persis: IPersistence;
  modify: IModify;
}

/** Where an answer came from: a click (with the message holding the button), a thread reply, a DM. */
export interface AnswerOrigin {
  kind: 'button' | 'thread' | 'direct';
  roomId: string;
  messageId?: string;
}

/** What the person who answered is told (privately); undefined when the question message says it all. */
export type AnswerResult = { ok: true } | { ok: false; notice: string };

/**
 * Who may answer (SPEC §7), deny by default: someone who can see the question (a member of its room, or of
 * the DM it was asked in), from the question itself (a click on its own message, a thread reply in its
 * room), mapped with interactions on; for a `user:` question only that person. The mapping when allowed.
 */
export async function mayAnswer(
  ask: Ask,
  user: IUser,
  read: IRead,
  origin: AnswerOrigin,
): Promise<UserMapping | undefined> {
  if (origin.kind === 'button' && (origin.messageId !== ask.messageId || origin.roomId !== ask.roomId))
    return undefined;
  if (origin.kind === 'thread' && origin.roomId !== ask.roomId) return undefined;
  if (ask.allowedUserId && ask.allowedUserId !== user.id) return undefined;
  const mapping = await new UserMappingStore(read.getPersistenceReader()).get(user.id);
  if (!mapping?.interactionsEnabled) return undefined;
  const members = await read.getRoomReader().getMembers(ask.roomId);
  return members.some((m) => m.id === user.id) ? mapping : undefined;
}

/** An answer's claim, and the time it has to reach Jeedom, outlive the Jeedom calls by this much. */
const ANSWER_MARGIN_MS = 2_000;
/** An answer Jeedom did not confirm is checked again this often, while Jeedom stays unreachable… */
export const SETTLE_RETRY_MS = 30_000;
/** …and given up this long after the question's own timeout (the question then says so). */
const SETTLE_GIVE_UP_MS = 3_600_000;

/** Answers to one question, and its reviews, run one after the other (a double click, two people at once). */
const oneAtATime = keyedQueue();

/**
 * One answer to a pending ask (SPEC §7): only the right people, only a listed answer (or cleaned free text
 * when the scenario allows it), written into the scenario's variable; the question then says who answered
 * what. Exactly one answer wins: serialised per question here, claimed in persistence against other
 * instances, and recorded as `answering` (with its answer and a deadline) before Jeedom is called, so that a
 * restart at any point ends in one state: the review job at the deadline finishes what was started.
 */
export function answerAsk(
  askId: string,
  user: IUser,
  raw: string,
  deps: AnswerDeps,
  origin: AnswerOrigin,
): Promise<AnswerResult> {
  return oneAtATime(askId, () => answerOnce(askId, user, raw, deps, origin));
}

async function answerOnce(
  askId: string,
  user: IUser,
  raw: string,
  deps: AnswerDeps,
  origin: AnswerOrigin,
): Promise<AnswerResult> {
  const t = await translatorFor(deps.read, user);
  const store = new AskStore(deps.read.getPersistenceReader());
  const ask = await store.get(askId);
  if (ask && (ask.status === 'answering' || ask.status === 'unconfirmed'))
    return answerUnderWay(ask, user, deps, t);
  if (!ask || ask.status !== 'pending' || ask.expiresAt <= Date.now())
    return { ok: false, notice: t('ask_closed') };
  const mapping = await mayAnswer(ask, user, deps.read, origin);
  if (!mapping) return { ok: false, notice: t('ask_not_allowed') };
  const answer = matchAnswer(ask, raw);
  if (answer === undefined) {
    if (ask.freeText && !cleanPhrase(raw, MAX_ANSWER_LENGTH).ok && raw.trim() !== '')
      return { ok: false, notice: t('ask_answer_too_long', { max: MAX_ANSWER_LENGTH }) };
    return {
      ok: false,
      notice: t('ask_wrong_answer', { answer: raw.trim(), answers: ask.answers.join(', ') }),
    };
  }
  const config = await readJeedomConfig(deps.read);
  if (!config.ok) return { ok: false, notice: t('chat_not_configured') };
  const timeoutMs = config.config.timeoutMs;
  const client = new JeedomClient(deps.http, config.config, Date.now() + timeoutMs);
  try {
    if ((await client.checkLogin(mapping.jeedomLogin)).state !== 'enabled')
      return { ok: false, notice: t('chat_login_disabled') };
  } catch (error) {
    if (!isJeedomError(error)) throw error;
    return { ok: false, notice: describeJeedomError(error, t, timeoutMs / 1000) };
  }
  // Two server instances answering at the same moment: the one holding the claim answers, the other is told
  // the question is closed. Under the claim the question is read again.
  const claims = new ClaimStore(deps.read.getPersistenceReader(), deps.persis);
  const what = `answer-ask:${askId}`;
  if (!(await claims.take(what, timeoutMs + ANSWER_MARGIN_MS))) return { ok: false, notice: t('ask_closed') };
  try {
    const open = await store.get(askId);
    if (open?.status !== 'pending') return { ok: false, notice: t('ask_closed') };
    const answering: Ask = {
      ...open,
      status: 'answering',
      answer,
      answeredBy: user.username,
      answeredById: user.id,
      deadline: Date.now() + timeoutMs + ANSWER_MARGIN_MS,
    };
    await AskStore.save(deps.persis, answering);
    await reviewAt(deps.modify, askId, answering.deadline ?? Date.now());
    try {
      await writeAnswer(client, answering);
    } catch (error) {
      if (!isJeedomError(error)) throw error;
      await LastErrorStore.record(deps.persis, 'ask_answer', error);
      if (nothingWasDone(error)) {
        // Jeedom refused or was never reached: the question is open again, for anyone.
        await AskStore.save(deps.persis, { ...open, status: 'pending' });
      } else {
        await settleLater(answering, deps);
      }
      return { ok: false, notice: describeJeedomError(error, t, timeoutMs / 1000) };
    }
    await show({ ...answering, status: 'answered' }, deps);
    await auditAskAnswer(deps, user, answer, ask.question);
    return { ok: true };
  } finally {
    await claims.release(what);
  }
}

/**
 * Failures after which Jeedom did not write the answer: never reached, or refused before acting. After a
 * timeout, a 500 or an unreadable answer it may have: the answer then stays its author's, unconfirmed.
 */
function nothingWasDone(error: JeedomError): boolean {
  return ['unreachable', 'auth', 'rights', 'not_found', 'plugin_missing'].includes(error.kind);
}

function writeAnswer(client: JeedomClient, ask: Ask): Promise<unknown> {
  return client.saveVariable(ask.variable, ask.answer ?? '');
}

/**
 * A click or reply on a question whose answer is under way: nobody can answer differently. An answer left
 * `answering` past its deadline (a restart lost it) is re-driven by any click, so a question is never stuck; an
 * unconfirmed one is checked again by its author's click (otherwise by the scheduled review).
 */
async function answerUnderWay(ask: Ask, user: IUser, deps: AnswerDeps, t: Translate): Promise<AnswerResult> {
  const inFlight = ask.status === 'answering' && (ask.deadline ?? 0) > Date.now();
  const author = ask.answeredById === user.id;
  if (inFlight || (ask.status === 'unconfirmed' && !author))
    return { ok: false, notice: t('ask_in_progress') };
  const outcome = await settleNow(ask.askId, deps);
  // Still settling (a claim held by a runtime that died keeps the review waiting): it is under way, not closed.
  const settling = outcome.status === 'unconfirmed' || outcome.status === 'answering';
  if (!author) return { ok: false, notice: t(settling ? 'ask_in_progress' : 'ask_closed') };
  if (outcome.status === 'answered') return { ok: true };
  if (outcome.error)
    return { ok: false, notice: describeJeedomError(outcome.error, t, outcome.timeoutMs / 1000) };
  return { ok: false, notice: t('ask_closed') };
}

/**
 * Finishes an answer that was started but not confirmed (Jeedom too slow, or a restart in the middle), from
 * what Jeedom's variable holds now: our answer → answered; still empty while the question runs → written
 * (again: the same value); anything else → the scenario went on without it, the question says so.
 */
async function settleNow(
  askId: string,
  deps: AnswerDeps,
): Promise<{ status: Ask['status']; error?: JeedomError; timeoutMs: number }> {
  const config = await readJeedomConfig(deps.read);
  const ask = await new AskStore(deps.read.getPersistenceReader()).get(askId);
  if (!ask || !config.ok) return { status: ask?.status ?? 'expired', timeoutMs: 0 };
  const timeoutMs = config.config.timeoutMs;
  const claims = new ClaimStore(deps.read.getPersistenceReader(), deps.persis);
  const what = `answer-ask:${askId}`;
  if (!(await claims.take(what, timeoutMs * 2 + ANSWER_MARGIN_MS))) {
    await reviewAt(deps.modify, askId, (await claims.heldUntil(what)) ?? Date.now() + timeoutMs);
    return { status: ask.status, timeoutMs };
  }
  try {
    const client = new JeedomClient(deps.http, config.config);
    try {
      const value = await client.variable(ask.variable);
      if (value === ask.answer)
        return { status: await show({ ...ask, status: 'answered' }, deps), timeoutMs };
      if (value === '' && ask.expiresAt > Date.now()) {
        await writeAnswer(client, ask);
        return { status: await show({ ...ask, status: 'answered' }, deps), timeoutMs };
      }
      return { status: await show({ ...ask, status: 'expired' }, deps), timeoutMs };
    } catch (error) {
      if (!isJeedomError(error)) throw error;
      await LastErrorStore.record(deps.persis, 'ask_answer', error);
      await settleLater(ask, deps);
      return { status: 'unconfirmed', error, timeoutMs };
    }
  } finally {
    await claims.release(what);
  }
}

/** Sent but not confirmed: the question says so (for its author's sake, no buttons) and is checked again. */
async function settleLater(ask: Ask, deps: AnswerDeps): Promise<void> {
  if (Date.now() > ask.expiresAt + SETTLE_GIVE_UP_MS) {
    await show({ ...ask, status: 'expired' }, deps);
    return;
  }
  const unconfirmed: Ask = { ...ask, status: 'unconfirmed' };
  if (ask.shown !== 'unconfirmed') await show(unconfirmed, deps);
  else await AskStore.save(deps.persis, unconfirmed);
  await reviewAt(deps.modify, ask.askId, Date.now() + SETTLE_RETRY_MS);
}

/** The question's text for a closed or unconfirmed state. */
function closedText(ask: Ask, shared: Translate): string {
  const who = { answer: ask.answer ?? '', username: ask.answeredBy ?? '' };
  if (ask.status === 'answered') return shared('ask_answered', who);
  if (ask.status === 'unconfirmed') return shared('ask_unconfirmed', who);
  return ask.answer ? shared('ask_unconfirmed_expired', who) : shared('ask_expired');
}

/**
 * The question message shows the state, then the state is saved with what is shown: a restart between the
 * two leaves a state the review job finishes (it shows it again).
 */
async function show(ask: Ask, deps: AnswerDeps): Promise<Ask['status']> {
  const shared = await serverTranslator(deps.read);
  const bot = await botUser(deps.read.getUserReader());
  await editAsBot(deps.modify, bot, ask.messageId, `${ask.question}\n${closedText(ask, shared)}`, []);
  await AskStore.save(deps.persis, { ...ask, shown: ask.status });
  return ask.status;
}

async function reviewAt(modify: IModify, askId: string, when: number): Promise<void> {
  await modify.getScheduler().scheduleOnce({ id: ASK_EXPIRE_JOB, when: new Date(when), data: { askId } });
}

/**
 * The question's scheduled review, at its timeout and whenever an answer must be finished: a pending
 * question past its timeout expires; an answer started before a restart, or not confirmed, is settled; a
 * closed question whose message was not updated yet is shown.
 */
export function expireAsk(askId: string, deps: AnswerDeps): Promise<void> {
  return oneAtATime(askId, () => reviewOnce(askId, deps));
}

async function reviewOnce(askId: string, deps: AnswerDeps): Promise<void> {
  const ask = await new AskStore(deps.read.getPersistenceReader()).get(askId);
  if (!ask) return;
  const now = Date.now();
  if (ask.status === 'pending') {
    if (ask.expiresAt <= now) await show({ ...ask, status: 'expired' }, deps);
    return;
  }
  if (ask.status === 'answering' && (ask.deadline ?? 0) > now) {
    await reviewAt(deps.modify, askId, ask.deadline ?? now);
    return;
  }
  if (ask.status === 'answering' || ask.status === 'unconfirmed') {
    await settleNow(askId, deps);
    return;
  }
  if (ask.shown !== ask.status) await show(ask, deps);
}
