import { errorReply, fatalReply, rawReply } from './dialect';
import { JeedomError } from './errors';
import type { Reply } from './transport';

interface FaultScope {
  /** Only calls of this JSON-RPC method; unscoped faults hit every request. */
  method?: string;
  /** Only requests to this route (e.g. the camera's snapshot.php), not the API. */
  path?: string;
  /** Only the next N matching requests, then the fault clears itself. */
  times?: number;
}

export type Fault = FaultScope &
  (
    | { kind: 'down' }
    | { kind: 'slow'; delayMs: number }
    /** The request is swallowed: never answered, never carried out (a box that froze mid-request). */
    | { kind: 'hang' }
    | { kind: 'ban' }
    | { kind: 'garbage' }
    | { kind: 'http500' }
    /** A web page where JSON is expected: a proxy or captive portal answering in Jeedom's place. */
    | { kind: 'html' }
    /** A JSON-RPC error without a known code, as jeeApi.php sends for a database failure. */
    | { kind: 'rpcError' }
  );

export type FaultKind = Fault['kind'];

/** user::isBan() in jeeApi.php: Apache's status line set to 404, this HTML, nothing else. */
export const BAN_PAGE = '<h1>404 Not Found</h1>The page that you have requested could not be found.';

/** A box with display_errors on prints PHP warnings where JSON is expected. */
export const GARBAGE_BODY =
  '<br />\n<b>Warning</b>:  Undefined array key "method" in <b>/var/www/html/core/class/jsonrpc.class.php</b> on line <b>44</b><br />\n';

export const HTML_PAGE =
  '<!DOCTYPE html><html><head><title>Jeedom</title></head><body><p>Connexion</p></body></html>';

/** jeeApi.php's catch block for a PDOException: code -32000, the SQL error as the message. */
export const DB_ERROR_MESSAGE =
  '[MySQL] Error code : HY000 (2006). MySQL server has gone away : SELECT * FROM `cmd` WHERE id=:id';

/** The HTTP answer of a fault that replies at once (down and slow have none). */
export function faultReply(
  kind: 'ban' | 'garbage' | 'http500' | 'html' | 'rpcError',
  id: unknown = 1,
): Reply {
  if (kind === 'ban')
    return { status: 404, headers: { 'Content-Type': 'text/html; charset=UTF-8' }, body: BAN_PAGE };
  if (kind === 'html')
    return { status: 200, headers: { 'Content-Type': 'text/html; charset=UTF-8' }, body: HTML_PAGE };
  if (kind === 'rpcError') return errorReply(id, new JeedomError(0, DB_ERROR_MESSAGE));
  return kind === 'garbage' ? rawReply(GARBAGE_BODY) : fatalReply();
}

export class FaultInjector {
  private fault: Fault | null = null;
  private remaining = Infinity;

  set(fault: Fault | null): void {
    if (fault?.kind === 'slow' && !(fault.delayMs >= 0)) throw new Error('A slow fault needs delayMs >= 0');
    this.fault = fault;
    this.remaining = fault?.times ?? Infinity;
  }

  /** The fault for this request, if any, counting it against `times`. */
  take(method: string | undefined, path?: string): Fault | null {
    const fault = this.fault;
    if (!fault || (fault.method !== undefined && fault.method !== method)) return null;
    if (fault.path !== undefined && fault.path !== path) return null;
    if (--this.remaining <= 0) this.fault = null;
    return fault;
  }
}

/** Delays that stop() can cut short, so a slow fault never keeps the process alive. */
export class Sleeper {
  private readonly pending = new Map<NodeJS.Timeout, () => void>();
  private sleepers: Array<() => void> = [];

  /** Resolves when the next delay starts: a request is then being held by a fault. */
  nextSleep(): Promise<void> {
    return new Promise((resolve) => this.sleepers.push(resolve));
  }

  /** Resolves true after `ms`, or false if cancelled first. */
  sleep(ms: number): Promise<boolean> {
    const started = this.sleepers;
    this.sleepers = [];
    for (const notify of started) notify();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(timer);
        resolve(true);
      }, ms);
      this.pending.set(timer, () => resolve(false));
    });
  }

  cancelAll(): void {
    for (const [timer, cancel] of this.pending) {
      clearTimeout(timer);
      cancel();
    }
    this.pending.clear();
  }
}
