import { phpToString, secureXSS } from './php';

/**
 * A PHP `Exception` thrown inside jeeApi.php: caught by its catch block and sent as a JSON-RPC
 * error with wire code `-32000 - exceptionCode` (so -32702 → 702, -32001 → 1, 0 → -32000).
 */
export class JeedomError extends Error {
  constructor(
    readonly exceptionCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'JeedomError';
  }

  get wireCode(): number {
    return -32000 - this.exceptionCode;
  }
}

/**
 * A PHP `Error` (TypeError, scalar used as array…): jeeApi does not catch it, PHP answers
 * HTTP 500 with an empty body. Any non-JeedomError thrown by a handler is treated the same way.
 */
export class PhpFatalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PhpFatalError';
  }
}

export function jeedomError(exceptionCode: number, message: string): JeedomError {
  return new JeedomError(exceptionCode, message);
}

/** French texts of core/api/jeeApi.php (a French box; other box languages translate them). */
export const MESSAGES = {
  notAllowed: "Vous n'êtes pas autorisé à effectuer cette action",
  noRights: "Vous n'avez pas les droits de faire cette action",
  badVersion: 'Requête invalide. Version JSON-RPC invalide :',
  noMethod: 'Aucune méthode correspondante :',
  forbidden: "Cette demande n'est pas autorisée",
} as const;

/** The errors the core pipeline throws, with jeeApi's codes. */
export const coreErrors = {
  badVersion: (jsonrpc: unknown) => jeedomError(-32001, `${MESSAGES.badVersion} ${phpToString(jsonrpc)}`),
  reservedPlugin: () => jeedomError(-32001, MESSAGES.notAllowed),
  missingKey: () => jeedomError(-32001, MESSAGES.notAllowed),
  badKey: () => jeedomError(-32002, MESSAGES.notAllowed),
  unknownMethod: (method: string) => jeedomError(-32500, `${MESSAGES.noMethod} ${secureXSS(method)}`),
  noRights: () => jeedomError(-32701, MESSAGES.noRights),
  notAllowedFor: (method: string) => jeedomError(-32001, `${MESSAGES.notAllowed} ${method}`),
  // Thrown without a code: the wire code is -32000.
  forbiddenMethod: () => jeedomError(0, MESSAGES.forbidden),
};
