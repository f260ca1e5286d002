import { ILogger } from '@rocket.chat/apps-engine/definition/accessors';
import { scrubSecret } from '../jeedom/JeedomError';

const REDACTED = '[redacted]';
const MAX_DEPTH = 6;

function isPasswordSetting(value: Record<string, unknown>): boolean {
  return value.type === 'password' && typeof value.id === 'string';
}

/**
 * The engine's runtime logs what app hooks return — for `onPreSettingUpdate` that is the setting with its
 * value, API key included — through the app's own logger. Password settings lose their values here, and
 * `apikey=…`-style fields (a jeeApi.php URL pasted with its key) are masked in every string.
 */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubSecret(value, '');
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(record)) out[key] = redact(item, depth + 1);
  if (isPasswordSetting(record)) {
    for (const key of ['value', 'packageValue']) if (record[key]) out[key] = REDACTED;
  }
  return out;
}

const wrapped = new WeakMap<ILogger, ILogger>();

/** The same logger, with every argument passed through `redact` first. */
export function redactingLogger(logger: ILogger): ILogger {
  const cached = wrapped.get(logger);
  if (cached) return cached;
  const pass =
    (fn: (...items: unknown[]) => void) =>
    (...items: unknown[]) =>
      fn.apply(
        logger,
        items.map((item) => redact(item)),
      );
  const proxy: ILogger = Object.create(logger);
  proxy.debug = pass(logger.debug);
  proxy.info = pass(logger.info);
  proxy.log = pass(logger.log);
  proxy.warn = pass(logger.warn);
  proxy.error = pass(logger.error);
  proxy.success = pass(logger.success);
  wrapped.set(logger, proxy);
  return proxy;
}

/**
 * A logger that looks up the app's logger at each call. The engine's Deno runtime gives the app a new logger
 * for every request it handles and sends that request's lines with its answer: a logger kept from
 * start-up (an endpoint or a command built once) writes into a request long answered, and its lines are
 * never stored. Lines written after a request has answered are lost too: slow work that must be logged
 * runs as a scheduler job, whose own request carries them.
 */
export function currentLogger(source: () => ILogger): ILogger {
  return new Proxy({} as ILogger, {
    get(_target, property) {
      const logger = source() as unknown as Record<PropertyKey, unknown>;
      const value = logger[property];
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(logger) : value;
    },
  });
}
