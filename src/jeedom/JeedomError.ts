export type JeedomErrorKind =
  'unreachable' | 'timeout' | 'auth' | 'rights' | 'not_found' | 'protocol' | 'plugin_missing';

/** Finer cause inside a kind, for logs and for /jeedom status hints. */
export type JeedomErrorReason =
  | 'network' // IHttp threw a non-timeout error
  | 'bridge_timeout' // IHttp reported a timeout
  | 'deadline' // our own deadline fired first
  | 'banned' // Jeedom's banned-IP page
  | 'access_denied' // code 1: no key, API disabled, or caller IP not allowed
  | 'key_refused' // code 2
  | 'admin_only' // code 1 on a method the key's user may not call
  | 'no_right' // per-equipment / command / scenario rights
  | 'method_forbidden' // site-wide api::forbidden/allow::method regexes
  | 'code_required' // code 5: command protected by an access code
  | 'confirm_required' // code 6: command needs confirmAction
  | 'http_status'
  | 'not_json'
  | 'bad_envelope'
  | 'bad_request' // Jeedom says our JSON-RPC request is malformed
  | 'unknown_method'
  | 'bad_result' // result did not match its schema
  | 'jeedom_error'; // any other Jeedom-side failure (DB, plugin preSave, …)

interface JeedomErrorDetails {
  readonly reason?: JeedomErrorReason;
  readonly method?: string;
  readonly jeedomCode?: number;
  /** Jeedom's own message, secrets scrubbed. */
  readonly jeedomMessage?: string;
  readonly httpStatus?: number;
  /** The budget of the request that timed out, when it was not the API's (camera snapshots). */
  readonly timeoutSeconds?: number;
}

/** One error type for every Jeedom failure; the chat turns `kind` into a translated sentence. */
export class JeedomError extends Error {
  readonly kind: JeedomErrorKind;
  readonly reason?: JeedomErrorReason;
  readonly method?: string;
  readonly jeedomCode?: number;
  readonly jeedomMessage?: string;
  readonly httpStatus?: number;
  readonly timeoutSeconds?: number;

  constructor(kind: JeedomErrorKind, message: string, details: JeedomErrorDetails = {}) {
    super(message);
    this.name = 'JeedomError';
    this.kind = kind;
    this.reason = details.reason;
    this.method = details.method;
    this.jeedomCode = details.jeedomCode;
    this.jeedomMessage = details.jeedomMessage;
    this.httpStatus = details.httpStatus;
    this.timeoutSeconds = details.timeoutSeconds;
  }
}

export function isJeedomError(error: unknown): error is JeedomError {
  return error instanceof JeedomError;
}
