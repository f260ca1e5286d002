import { MAX_PHRASE_LENGTH } from '../chat/hygiene';
import { describeJeedomError } from '../i18n/describeError';
import { MessageKey, Translate } from '../i18n/translate';
import { InteractionOutcome } from './runInteraction';

const REFUSALS: Record<Extract<InteractionOutcome, { kind: 'refused' }>['reason'], MessageKey> = {
  not_mapped: 'chat_not_mapped',
  disabled: 'chat_disabled',
  empty: 'chat_empty',
  too_long: 'chat_too_long',
};

/** What the app itself says for an outcome that is not Jeedom's reply; undefined when it says nothing. */
export function appNotice(outcome: InteractionOutcome, t: Translate, username: string): string | undefined {
  switch (outcome.kind) {
    case 'reply':
    case 'silent':
      return undefined;
    case 'refused':
      return t(REFUSALS[outcome.reason], { username, max: MAX_PHRASE_LENGTH });
    case 'not_configured':
      return t('chat_not_configured');
    case 'failed':
      return describeJeedomError(outcome.error, t, outcome.timeoutSeconds);
  }
}
