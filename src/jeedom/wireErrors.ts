import type { JeedomErrorKind, JeedomErrorReason } from './JeedomError';

/**
 * Jeedom sends `code = -32000 - exceptionCode` (jeeApi.php catch block) with a message in the box's language.
 * Codes are ambiguous in places, so the message is used as a hint; the hints cover fr/en/de/es/it/pt as found
 * in jeedom/core core/i18n, and 4.4's wording ("Cette demande n'est autorisée", "Cmd introuvable").
 */
interface WireErrorClass {
  readonly kind: JeedomErrorKind;
  readonly reason?: JeedomErrorReason;
}

const NOT_FOUND_HINT = /introuvable|not found|nicht gefunden|no encontrad|non trovat|não encontrad/i;
// Not-found messages end with ": <id>"; the rights messages sharing code 701 carry no colon.
const TRAILING_ID = /:\s*\S+\s*$/;
const RIGHTS_HINT = /autori[sz]|authori[sz]|allowed|dürfen|permis|permes/i;
// "Cette demande n'est pas autorisée": the site's api::forbidden/allow::method rules, not a per-user right.
const REQUEST_HINT = /demande|request|anfrage|solicit/i;
// "Type incorrect (classe commande inexistante)scriptCmd": the translated text, then the missing class name.
const PLUGIN_MISSING_HINT = /classe commande inexistante|non-existent command class|\)\s*\w+Cmd\s*$/i;
const JSONRPC_HINT = /json-?rpc/i;

// Admin-only methods whose refusal (code 1) does not append the method name (cmd::save of a new command).
const BARE_ADMIN_REFUSALS = ['cmd::save'];

export function classifyWireError(code: number, message: string, method: string): WireErrorClass {
  switch (code) {
    case 1:
      return classifyCode1(message, method);
    case 2:
      return { kind: 'auth', reason: 'key_refused' };
    case 5:
      return { kind: 'rights', reason: 'code_required' };
    case 6:
      return { kind: 'rights', reason: 'confirm_required' };
    case 500:
      return { kind: 'protocol', reason: 'unknown_method' };
    case 601:
    case 602:
    case 702:
    case 703:
      return { kind: 'not_found' };
    case 701:
      return NOT_FOUND_HINT.test(message) || TRAILING_ID.test(message)
        ? { kind: 'not_found' }
        : { kind: 'rights', reason: 'no_right' };
    case -32000:
      return classifyUncoded(message);
    default:
      return { kind: 'protocol', reason: 'jeedom_error' };
  }
}

/**
 * Code 1 is "no apikey", "API disabled / IP not allowed" (bare message: `auth`), or an admin-only method
 * refused to a non-admin user hash (message ends with the method name: `rights`).
 */
function classifyCode1(message: string, method: string): WireErrorClass {
  if (JSONRPC_HINT.test(message)) return { kind: 'protocol', reason: 'bad_request' };
  const trimmed = message.trim();
  if (trimmed.endsWith(` ${method}`) || BARE_ADMIN_REFUSALS.indexOf(method) >= 0) {
    return { kind: 'rights', reason: 'admin_only' };
  }
  return { kind: 'auth', reason: 'access_denied' };
}

/** Exceptions thrown without a code: missing plugin class, forbidden method, no right on execCmd, DB errors… */
function classifyUncoded(message: string): WireErrorClass {
  if (PLUGIN_MISSING_HINT.test(message)) return { kind: 'plugin_missing' };
  if (RIGHTS_HINT.test(message)) {
    return { kind: 'rights', reason: REQUEST_HINT.test(message) ? 'method_forbidden' : 'no_right' };
  }
  return { kind: 'protocol', reason: 'jeedom_error' };
}
