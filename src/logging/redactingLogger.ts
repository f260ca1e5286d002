import { ILogger } from '@rocket.chat/apps-engine/definition/accessors';
import { scrubSecret } from './scrubSecret';

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

/**
 * The logger of the job at hand: engine 1.62 runs a scheduler processor with `this` bound to a per-request
 * proxy of the app, whose `getLogger()` is that job's logger; 1.59 binds nothing (`fallback` then serves).
 */
export function jobLogger(self: unknown, fallback: ILogger): ILogger {
  const app = self as { getLogger?: () => ILogger } | undefined;
  return typeof app?.getLogger === 'function' ? app.getLogger() : fallback;
}

const patched = new WeakSet<ILogger>();

/**
 * Makes a logger object itself redact every line, for the lines the engine writes with it: engine 1.62 logs
 * what `onPreSettingUpdate` returns (a password setting, value included) with the request's own logger, not
 * through `getLogger()`'s wrapper. Idempotent.
 */
export function redactEveryLine(logger: ILogger): void {
  if (patched.has(logger)) return;
  patched.add(logger);
  const target = logger as unknown as Record<string, unknown>;
  for (const name of ['debug', 'info', 'log', 'warn', 'error', 'success']) {
    const original = target[name];
    if (typeof original !== 'function') continue;
    target[name] = (...items: unknown[]) =>
      (original as (...a: unknown[]) => void).apply(
        logger,
        items.map((item) => redact(item)),
      );
  }
}
