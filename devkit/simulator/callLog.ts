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
// `http_password` of script cmds, `password` of users…: masked by key, whatever the value.
const PASSWORD_KEY = /(^|_)password$/i;
// Shorter values are not masked by value: they would blank innocent text.
const MIN_MASKED_LENGTH = 4;

function maskEntry(key: string, value: unknown, secrets: readonly string[]): unknown {
  const filled = (typeof value === 'string' && value !== '') || typeof value === 'number';
  return PASSWORD_KEY.test(key) && filled ? MASK : mask(value, secrets);
}

// Passwords sent in the params: Jeedom may echo them in an error (print_r of a cmd it refused to save).
function passwordsIn(value: unknown, found: string[] = []): string[] {
  if (typeof value !== 'object' || value === null) return found;
  for (const [key, item] of Object.entries(value)) {
    if (PASSWORD_KEY.test(key) && typeof item === 'string' && item.length >= MIN_MASKED_LENGTH)
      found.push(item);
    else passwordsIn(item, found);
  }
  return found;
}

function mask(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string')
    return secrets.reduce((text, secret) => text.split(secret).join(MASK), value);
  if (Array.isArray(value)) return value.map((item) => mask(item, secrets));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskEntry(k, v, secrets)]));
}

/** Every JSON-RPC call the box received. Keys and passwords never enter it: tests and UIs print it freely. */
export class CallLog {
  private entries: CallEntry[] = [];
  private readonly listeners = new Set<CallListener>();

  constructor(private readonly secrets: () => string[]) {}

  add(entry: CallEntry): void {
    const params = { ...entry.params };
    delete params.apikey;
    delete params.api;
    const secrets = [...this.secrets(), ...passwordsIn(entry.params)];
    const safe = mask({ ...entry, params }, secrets) as CallEntry;
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
