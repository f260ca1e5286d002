export { JeedomClient, type ResultSchema } from './JeedomClient';
export {
  JeedomError,
  isJeedomError,
  scrubSecret,
  type JeedomErrorDetails,
  type JeedomErrorKind,
  type JeedomErrorReason,
} from './JeedomError';
export {
  parseJeedomConfig,
  TIMEOUT_SECONDS,
  type JeedomConfig,
  type JeedomConfigProblem,
  type JeedomConfigResult,
  type JeedomSettingValues,
} from './config';
export { normaliseJeedomUrl, type JeedomUrlProblem, type JeedomUrlResult, type JeedomUrls } from './url';
export {
  listResult,
  okAsEmpty,
  pingSchema,
  pluginListSchema,
  pluginSchema,
  versionSchema,
  type JeedomPlugin,
} from './schemas';
