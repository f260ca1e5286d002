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

/** One translated sentence per failure kind, plus Jeedom's own words when they help the reader. */
export function describeJeedomError(error: JeedomError, t: Translate, timeoutSeconds: number): string {
  if (error.reason === 'unknown_method' && error.method) {
    return t('error_unknown_method', { method: error.method });
  }
  const key = error.reason === 'banned' ? 'error_auth_banned' : KIND_KEYS[error.kind];
  const sentence = t(key, { seconds: timeoutSeconds });
  const showJeedom =
    error.jeedomMessage &&
    (error.kind === 'rights' || error.kind === 'not_found' || error.kind === 'plugin_missing');
  return showJeedom
    ? `${sentence} ${t('error_jeedom_said', { message: error.jeedomMessage ?? '' })}`
    : sentence;
}
