import type { FaultKind } from './faults';
import type { Params } from './types';

export interface CallEntry {
  method: string;
  /** The params as sent, without `apikey`/`api`; any known key elsewhere is masked. */
  params: Params;
  /** Epoch milliseconds when the request arrived. */
  startedAt: number;
  /** Until the answer (or reset) was written, delays included. */
  durationMs: number;
  ok: boolean;
  /** The result as the client received it (after the dialect's "ok" rule). */
  result?: unknown;
  /** JSON-RPC error (wire code), or the cause of an HTTP 500 (no code). */
  error?: { code?: number; message: string };
  /** Undefined when the connection was reset. */
  httpStatus?: number;
  fault?: FaultKind;
}

export type CallListener = (entry: CallEntry) => void;

const MASK = '[redacted]';

function mask(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string')
    return secrets.reduce((text, secret) => text.split(secret).join(MASK), value);
  if (Array.isArray(value)) return value.map((item) => mask(item, secrets));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mask(v, secrets)]));
}

/** Every JSON-RPC call the box received. Keys never enter it: tests and UIs print it freely. */
export class CallLog {
  private entries: CallEntry[] = [];
  private readonly listeners = new Set<CallListener>();

  constructor(private readonly secrets: () => string[]) {}

  add(entry: CallEntry): void {
    const params = { ...entry.params };
    delete params.apikey;
    delete params.api;
    const safe = mask({ ...entry, params }, this.secrets()) as CallEntry;
    this.entries.push(safe);
    for (const listener of this.listeners) {
      try {
        listener(safe);
      } catch {
        // A broken observer (a playground UI) must not change how the box answers.
      }
    }
  }

  all(): readonly CallEntry[] {
    return [...this.entries];
  }

  clear(): void {
    this.entries = [];
  }

  count(method?: string): number {
    return method === undefined
      ? this.entries.length
      : this.entries.filter((e) => e.method === method).length;
  }

  /** Returns the function that unsubscribes. */
  subscribe(listener: CallListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
