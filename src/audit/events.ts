import { MessageKey, Translate } from '../i18n/translate';
import { AuditEvent, AuditPerson } from '../storage/AuditStore';

/** Longest phrase, answer or question the audit keeps (the line must stay one line). */
export const AUDIT_TEXT_MAX = 200;

/** One line, no line break, capped: what the audit keeps of a free text. */
export function auditText(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > AUDIT_TEXT_MAX ? `${flat.slice(0, AUDIT_TEXT_MAX - 1)}…` : flat;
}

/** The person as a reference for an event. */
export function auditPerson(user: { id: string; username: string }): AuditPerson {
  return { id: user.id, username: user.username };
}

const ALLOW: Record<'on' | 'off', MessageKey> = { on: 'audit_allow_on', off: 'audit_allow_off' };

/** A word joiner after every `@`: the line names people without notifying them (nor `@all`, `@here`). */
function silentMentions(text: string): string {
  return text.replace(/@/g, '@\u2060');
}

/** The event as one line of the audit room, in the server's language; mentions in it notify nobody. */
export function auditLine(event: AuditEvent, t: Translate): string {
  return silentMentions(rawLine(event, t));
}

function rawLine(event: AuditEvent, t: Translate): string {
  const quote = (text: string) => auditText(text).replace(/`/g, "'");
  switch (event.kind) {
    case 'interaction':
      return t('audit_interaction', {
        user: event.user.username,
        phrase: quote(event.phrase),
        outcome: event.outcome,
      });
    case 'run':
      return t('audit_run', {
        user: event.user.username,
        target: quote(event.target),
        outcome: event.outcome,
      });
    case 'snap':
      return t('audit_snap', {
        user: event.user.username,
        camera: quote(event.camera),
        outcome: event.outcome,
      });
    case 'ask_answered':
      return t('audit_ask', {
        user: event.user.username,
        answer: quote(event.answer),
        question: quote(event.question),
      });
    case 'link':
      return t('audit_link', { by: event.by.username, user: event.user.username, login: event.login });
    case 'unlink':
      return t('audit_unlink', { by: event.by.username, user: event.user.username, login: event.login });
    case 'allow':
      return t(ALLOW[event.enabled ? 'on' : 'off'], { by: event.by.username, user: event.user.username });
    case 'link_request':
      return t('audit_link_request', { user: event.user.username, login: event.login });
    case 'link_decision':
      return t(event.approved ? 'audit_link_approved' : 'audit_link_denied', {
        by: event.by.username,
        user: event.user.username,
        login: event.login,
      });
    case 'sync':
      return t('audit_sync', {
        created: event.created,
        updated: event.updated,
        disabled: event.disabled,
        failed: event.failed,
      });
    case 'endpoint_refused':
      return t('audit_refused', {
        rooms: event.rooms
          .map((r) =>
            t('audit_refused_room', { room: r.room, unauthorized: r.unauthorized, throttled: r.throttled }),
          )
          .join(' · '),
      });
  }
}
