import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { cleanPhrase } from '../chat/hygiene';
import { InteractionOutcome } from '../interactions/runInteraction';
import { isJeedomError } from '../jeedom/JeedomError';
import type { SyncSummary } from '../provisioning/sync';
import { AuditAccessors, recordAudit } from './audit';
import { auditPerson, auditText } from './events';

/**
 * One-line audit calls for the code paths other modules own: each builds its event here, so the caller adds
 * a single line. None throws, none records a secret or Jeedom's reply text.
 */

/** An outcome's kind, as the audit shows it: `reply`, `silent`, `failed:timeout`, `refused:disabled`… */
export function outcomeKind(outcome: InteractionOutcome): string {
  switch (outcome.kind) {
    case 'failed':
      return `failed:${outcome.error.kind}`;
    case 'refused':
      return `refused:${outcome.reason}`;
    default:
      return outcome.kind;
  }
}

/** An interaction that reached Jeedom (or was refused for a linked person whose interactions are off). */
export async function auditInteraction(
  acc: AuditAccessors,
  user: IUser,
  rawText: string,
  outcome: InteractionOutcome,
): Promise<void> {
  const reached = outcome.kind === 'reply' || outcome.kind === 'silent' || outcome.kind === 'failed';
  const disabled = outcome.kind === 'refused' && outcome.reason === 'disabled';
  if (!reached && !disabled) return;
  const phrase = cleanPhrase(rawText);
  await recordAudit(acc, {
    kind: 'interaction',
    user: auditPerson(user),
    phrase: auditText(phrase.ok ? phrase.text : ''),
    outcome: outcomeKind(outcome),
  });
}

/** `ok`, or the failure's kind (`timeout`, `rights`…), or a short code the caller gives. */
export function failureKind(error: unknown): string {
  return isJeedomError(error) ? `failed:${error.kind}` : 'failed:internal';
}

export async function auditRun(
  acc: AuditAccessors,
  user: IUser,
  target: string,
  outcome: string,
): Promise<void> {
  await recordAudit(acc, { kind: 'run', user: auditPerson(user), target: auditText(target), outcome });
}

export async function auditSnap(
  acc: AuditAccessors,
  user: IUser,
  camera: string,
  outcome: string,
): Promise<void> {
  await recordAudit(acc, { kind: 'snap', user: auditPerson(user), camera: auditText(camera), outcome });
}

export async function auditAskAnswer(
  acc: AuditAccessors,
  user: IUser,
  answer: string,
  question: string,
): Promise<void> {
  await recordAudit(acc, {
    kind: 'ask_answered',
    user: auditPerson(user),
    answer: auditText(answer),
    question: auditText(question),
  });
}

/** A sync is audited only when it changed something in Jeedom. */
export async function auditSync(
  acc: AuditAccessors,
  counts: { created: number; updated: number; disabled: number; failed: number },
): Promise<void> {
  if (counts.created + counts.updated + counts.disabled + counts.failed === 0) return;
  await recordAudit(acc, { kind: 'sync', ...counts });
}

/** A full sync's summary, audited when something changed (or failed). */
export async function auditSyncSummary(acc: AuditAccessors, summary: SyncSummary): Promise<void> {
  await auditSync(acc, {
    created: summary.created.length,
    updated: summary.updated.length,
    disabled: summary.disabled.length,
    failed: summary.failed.length,
  });
}
