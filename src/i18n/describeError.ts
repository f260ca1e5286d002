import { JeedomError } from '../jeedom/JeedomError';
import { MessageKey, Translate } from './translate';

const KIND_KEYS: Record<JeedomError['kind'], MessageKey> = {
  unreachable: 'error_unreachable',
  timeout: 'error_timeout',
  auth: 'error_auth',
  rights: 'error_rights',
  not_found: 'error_not_found',
  protocol: 'error_protocol',
  plugin_missing: 'error_plugin_missing',
};

/**
 * The sentence for a failure. Jeedom's own error (a database failure, a plugin refusing a command, a script
 * command whose answer lacked "ok") is not a wrong address: its words are passed on. An HTTP 500 is PHP
 * dying inside Jeedom (e.g. 4.5.3's empty colour table): its http.error log says why.
 */
function sentenceKey(error: JeedomError): MessageKey {
  if (error.reason === 'banned') return 'error_auth_banned';
  if (error.reason === 'http_status' && error.httpStatus === 500) return 'error_http_500';
  if (error.reason === 'jeedom_error' && error.jeedomMessage) return 'error_jeedom_failed';
  return KIND_KEYS[error.kind];
}

/** Jeedom's words can be a whole SQL statement: enough to tell the admin where to look. */
const MAX_JEEDOM_WORDS = 300;

/** One translated sentence per failure kind, plus Jeedom's own words when they help the reader. */
export function describeJeedomError(error: JeedomError, t: Translate, timeoutSeconds: number): string {
  if (error.reason === 'unknown_method' && error.method) {
    return t('error_unknown_method', { method: error.method });
  }
  const sentence = t(sentenceKey(error), { seconds: error.timeoutSeconds ?? timeoutSeconds });
  const showJeedom =
    error.jeedomMessage &&
    (error.kind === 'rights' ||
      error.kind === 'not_found' ||
      error.kind === 'plugin_missing' ||
      error.reason === 'jeedom_error');
  return showJeedom
    ? `${sentence} ${t('error_jeedom_said', { message: (error.jeedomMessage ?? '').slice(0, MAX_JEEDOM_WORDS) })}`
    : sentence;
}
