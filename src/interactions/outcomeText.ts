import { MAX_PHRASE_LENGTH } from '../chat/hygiene';
import { describeJeedomError } from '../i18n/describeError';
import { MessageKey, Translate } from '../i18n/translate';
import { InteractionOutcome } from './runInteraction';

type RefusalReason = Extract<InteractionOutcome, { kind: 'refused' }>['reason'];

const REFUSALS: Record<RefusalReason, MessageKey> = {
  not_mapped: 'chat_not_mapped',
  disabled: 'chat_disabled',
  login_disabled: 'chat_login_disabled',
  empty: 'chat_empty',
  too_long: 'chat_too_long',
};

/**
 * In a channel the message itself reached Jeedom as the channel's last message (every message there updates
 * the infos): only the interactions were not run, and the notice says exactly that.
 */
const CHANNEL_REFUSALS: Record<RefusalReason, MessageKey> = {
  ...REFUSALS,
  not_mapped: 'chat_not_mapped_channel',
  disabled: 'chat_disabled_channel',
  login_disabled: 'chat_login_disabled_channel',
  too_long: 'chat_too_long_channel',
};

/** What the app itself says for an outcome that is not Jeedom's reply; undefined when it says nothing. */
export function appNotice(
  outcome: InteractionOutcome,
  t: Translate,
  username: string,
  inChannel = false,
): string | undefined {
  switch (outcome.kind) {
    case 'reply':
    case 'silent':
      return undefined;
    case 'refused':
      return t((inChannel ? CHANNEL_REFUSALS : REFUSALS)[outcome.reason], {
        username,
        max: MAX_PHRASE_LENGTH,
      });
    case 'not_configured':
      return t('chat_not_configured');
    case 'failed':
      return describeJeedomError(outcome.error, t, outcome.timeoutSeconds);
  }
}
