import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { isJeedomError } from '../jeedom/JeedomError';
import { AuditAccessors, recordAudit } from './audit';
import { auditPerson, auditText } from './events';

/**
 * One-line audit calls for the code paths other modules own: each builds its event here, so the caller adds
 * a single line. None throws, none records a secret or Jeedom's reply text.
 */

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
