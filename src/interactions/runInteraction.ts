import { IHttp, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { cleanPhrase } from '../chat/hygiene';
import { JeedomConfigProblem } from '../jeedom/config';
import { JeedomClient } from '../jeedom/JeedomClient';
import { isJeedomError, JeedomError } from '../jeedom/JeedomError';
import { readJeedomConfig } from '../settings/jeedomSettings';
import { UserMappingStore } from '../storage/UserMappingStore';

export type InteractionOutcome =
  | { kind: 'reply'; text: string }
  /** Jeedom answered through a reply command (`true`), or chose to say nothing (empty reply). */
  | { kind: 'silent' }
  | { kind: 'refused'; reason: 'not_mapped' | 'disabled' | 'login_disabled' | 'empty' | 'too_long' }
  | { kind: 'not_configured'; problem: JeedomConfigProblem }
  | { kind: 'failed'; error: JeedomError; timeoutSeconds: number };

/**
 * One interaction, from chat text to Jeedom's answer. Deny by default: the sender must be mapped to a Jeedom
 * login with interactions on, that Jeedom itself has enabled (the app's admin key would otherwise run it for a
 * disabled login); nothing reaches Jeedom otherwise. Both calls share one timeout. Runs once: never queued or
 * replayed.
 */
export async function runInteraction(
  read: IRead,
  http: IHttp,
  sender: IUser,
  rawText: string,
  /** The invocation's deadline: the person hears back within the timeout, and before it. */
  invocationDeadlineAt = Number.POSITIVE_INFINITY,
): Promise<InteractionOutcome> {
  const phrase = cleanPhrase(rawText);
  if (!phrase.ok) return { kind: 'refused', reason: phrase.reason };
  const [mapping, config] = await Promise.all([
    new UserMappingStore(read.getPersistenceReader()).get(sender.id),
    readJeedomConfig(read),
  ]);
  if (!mapping) return { kind: 'refused', reason: 'not_mapped' };
  if (!mapping.interactionsEnabled) return { kind: 'refused', reason: 'disabled' };
  if (!config.ok) return { kind: 'not_configured', problem: config.reason };
  try {
    const deadlineAt = Math.min(Date.now() + config.config.timeoutMs, invocationDeadlineAt);
    const client = new JeedomClient(http, config.config, deadlineAt);
    const login = await client.checkLogin(mapping.jeedomLogin);
    if (login.state !== 'enabled') return { kind: 'refused', reason: 'login_disabled' };
    const reply = await client.interact(phrase.text, mapping.jeedomLogin);
    return reply ? { kind: 'reply', text: reply } : { kind: 'silent' };
  } catch (error) {
    if (isJeedomError(error))
      return { kind: 'failed', error, timeoutSeconds: config.config.timeoutMs / 1000 };
    throw error;
  }
}
