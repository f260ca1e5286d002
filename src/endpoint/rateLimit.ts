/** Per room and for the whole endpoint, in a sliding window. In memory: each server instance limits itself. */
export const RATE_WINDOW_MS = 10_000;
export const ROOM_LIMIT = 30;
export const GLOBAL_LIMIT = 300;

export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly windowMs = RATE_WINDOW_MS,
    private readonly roomLimit = ROOM_LIMIT,
    private readonly globalLimit = GLOBAL_LIMIT,
  ) {}

  private recent(key: string, now: number): number[] {
    const kept = (this.hits.get(key) ?? []).filter((t) => now - t < this.windowMs);
    this.hits.set(key, kept);
    return kept;
  }

  /** Counts the call if it is allowed; a refused call does not count. */
  allow(roomId: string, now = Date.now()): boolean {
    const room = this.recent(`room:${roomId}`, now);
    const all = this.recent('*', now);
    if (room.length >= this.roomLimit || all.length >= this.globalLimit) return false;
    room.push(now);
    all.push(now);
    if (this.hits.size > 10_000) this.prune(now);
    return true;
  }

  private prune(now: number): void {
    for (const key of [...this.hits.keys()]) if (this.recent(key, now).length === 0) this.hits.delete(key);
  }
}
