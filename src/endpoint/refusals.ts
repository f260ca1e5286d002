import { ILogger } from '@rocket.chat/apps-engine/definition/accessors';

/**
 * Failed authentications, in a sliding window for the whole endpoint: past the limit they get 429 instead of
 * 401. Only calls whose credentials were already found bad are counted, so a flood of bad guesses never
 * slows down Jeedom's own (valid) calls. In memory: each server instance limits itself.
 */
const FAILED_AUTH_WINDOW_MS = 10_000;
const FAILED_AUTH_LIMIT = 20;
const LOG_EVERY_MS = 60_000;

export class FailedAuthGate {
  private failures: number[] = [];
  private throttledSinceLog = 0;
  private lastLogAt: number | undefined;

  constructor(
    private readonly limit = FAILED_AUTH_LIMIT,
    private readonly windowMs = FAILED_AUTH_WINDOW_MS,
  ) {}

  /** One more bad credential: 401 while under the limit, 429 past it (one log line a minute at most). */
  refuse(logger: ILogger | undefined, now = Date.now()): 401 | 429 {
    this.failures = this.failures.filter((t) => now - t < this.windowMs);
    if (this.failures.length < this.limit) {
      this.failures.push(now);
      return 401;
    }
    this.throttledSinceLog++;
    if (this.lastLogAt === undefined || now - this.lastLogAt >= LOG_EVERY_MS) {
      logger?.warn(
        `endpoint: too many failed authentications, ${this.throttledSinceLog} call(s) answered 429 since the last report`,
      );
      this.lastLogAt = now;
      this.throttledSinceLog = 0;
    }
    return 429;
  }
}

/** The endpoint's gate (the audit counts refused calls from the answers themselves: audit/refused.ts). */
export const failedAuth = new FailedAuthGate();
