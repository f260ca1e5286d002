/** The engine stops any app call (a hook, a command, a job, an endpoint call) after 30 s. */
export const ENGINE_LIMIT_MS = 30_000;
/** Kept after the last Jeedom call for what follows it: a reply, a save, an audit record. */
export const WRAP_UP_MS = 5_000;

/**
 * The time by which an invocation's Jeedom calls must be over, taken once when the engine calls the app and
 * passed down: each call then gets at most what is left (JeedomClient's `deadlineAt`), however many calls the
 * work makes.
 */
export function invocationDeadline(startedAt = Date.now()): number {
  return startedAt + ENGINE_LIMIT_MS - WRAP_UP_MS;
}
