import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { AuditAccessors, recordAudit } from '../audit/audit';
import { auditPerson, auditText } from '../audit/events';
import { cleanPhrase } from '../chat/hygiene';
import { InteractionOutcome } from './runInteraction';

/** An outcome's kind, as the audit shows it: `reply`, `silent`, `failed:timeout`, `refused:disabled`… */
function outcomeKind(outcome: InteractionOutcome): string {
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
