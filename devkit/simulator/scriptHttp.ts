// core/com/http.com.php as the script plugin uses it: GET with `Connection: close`, TLS never verified, basic
// auth, a per-attempt timeout, retries only on transport (cURL) errors after 0.5 s, HTTP status ignored.
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { jeedomError, PhpFatalError } from './errors';
import { phpIsNumeric } from './phpFunctions';

/** One attempt of a script http command, as tests read it from `sim.scriptRequests`. */
export interface ScriptRequest {
  cmdId: number | null;
  /** The URL requested: credentials in it removed, keys and passwords masked. */
  url: string;
  /** 1-based, out of `maxAttempts` (maxHttpRetry). */
  attempt: number;
  maxAttempts: number;
  /** The basic-auth user when one was sent (never the password). */
  username?: string;
  startedAt: number;
  durationMs: number;
  status?: number;
  body?: string;
  /** The cURL error text, for attempts that got no complete answer. */
  error?: string;
}

export interface HttpCall {
  cmdId: number | null;
  /** The request as the plugin built it: it is quoted whole in the failure message, secrets included. */
  url: string;
  username: string;
  password: string;
  timeout: unknown;
  maxRetry: unknown;
  allowEmptyReply: boolean;
  noReportError: boolean;
}

type Attempt = { status: number; body: string } | { error: string; aborted?: boolean };

const RETRY_DELAY_MS = 500;
const MASK = '[redacted]';
const STOPPED = 'The Jeedom simulator stopped';

/** CURLOPT_TIMEOUT (s) or CURLOPT_TIMEOUT_MS for 0 < t < 1; 0, negative or junk: no timeout at all. */
export function attemptTimeoutMs(timeout: unknown): number | null {
  const value = phpIsNumeric(timeout) ? Number(timeout) : timeout === true ? 1 : 0;
  if (value > 0 && value < 1) return Math.trunc(value * 1000);
  const seconds = Math.trunc(value);
  return seconds > 0 ? seconds * 1000 : null;
}

/** cURL accepts a scheme-less URL (http assumed) and only the protocols it was built with. */
function parseTarget(raw: string): URL | string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return 'URL using bad/illegal format or missing URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return `Protocol "${url.protocol.slice(0, -1)}" not supported or disabled in libcurl`;
  return url;
}

function portOf(url: URL): number {
  return url.port !== '' ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}

/** libcurl's wording for what Node reports. */
function curlReason(error: NodeJS.ErrnoException, url: URL, startedAt: number): string {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const after = `after ${Date.now() - startedAt} ms`;
  switch (error.code) {
    case 'ECONNREFUSED':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `Failed to connect to ${host} port ${portOf(url)} ${after}: Couldn't connect to server`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Could not resolve host: ${host}`;
    case 'ECONNRESET':
      return error.message === 'socket hang up'
        ? 'Empty reply from server'
        : 'Recv failure: Connection reset by peer';
    default:
      return /ssl|tls|certificate/i.test(`${error.code} ${error.message}`)
        ? 'SSL connect error'
        : error.message;
  }
}

export class ScriptHttp {
  private readonly log: ScriptRequest[] = [];
  private readonly aborts = new Set<() => void>();

  /** Values to mask in what is recorded (API keys, stored passwords). */
  constructor(private readonly secrets: () => string[]) {}

  get requests(): ScriptRequest[] {
    return this.log.map((r) => ({ ...r }));
  }

  clear(): void {
    this.log.length = 0;
  }

  /** Aborts every request in flight and every pending retry delay (sim.stop()). */
  abortAll(): void {
    for (const abort of [...this.aborts]) abort();
  }

  /** com_http::exec($timeout, $maxRetry): the body, '' when errors are not reported, or the exception. */
  async exec(call: HttpCall): Promise<string> {
    if (!phpIsNumeric(call.maxRetry) && typeof call.maxRetry !== 'boolean')
      throw new PhpFatalError('Unsupported operand types: string + int');
    const maxAttempts = Number(call.maxRetry);
    let last: Attempt | undefined;
    for (let attempt = 1; attempt - 1 < maxAttempts; attempt++) {
      last = await this.attempt(call, attempt, maxAttempts);
      if ('aborted' in last) throw new Error(STOPPED);
      if (!('error' in last) || attempt >= maxAttempts) break;
      if (!(await this.sleep(RETRY_DELAY_MS))) throw new Error(STOPPED);
    }
    if (last === undefined || !('error' in last)) return last?.body ?? '';
    if (call.noReportError) return '';
    if (call.allowEmptyReply && last.error.includes('Empty reply from server')) return '';
    throw jeedomError(404, `Echec de la requête HTTP : ${call.url} cURL error : ${last.error}`);
  }

  private async attempt(call: HttpCall, attempt: number, maxAttempts: number): Promise<Attempt> {
    const startedAt = Date.now();
    const target = parseTarget(call.url);
    const auth = typeof target === 'string' ? undefined : credentials(call, target);
    // Logged when it starts, as the request leaves: whoever sees it arrive can already find it here. The
    // outcome is filled in when the answer has been read.
    const entry: ScriptRequest = {
      cmdId: call.cmdId,
      url: this.mask(typeof target === 'string' ? call.url : withoutCredentials(target), call.password),
      attempt,
      maxAttempts,
      ...(auth ? { username: auth.username } : {}),
      startedAt,
      durationMs: 0,
    };
    this.log.push(entry);
    const result =
      typeof target === 'string' ? { error: target } : await this.send(target, auth, call.timeout);
    Object.assign(entry, {
      durationMs: Date.now() - startedAt,
      ...('error' in result
        ? { error: this.mask(result.error, call.password) }
        : { status: result.status, body: result.body }),
    });
    return result;
  }

  private send(url: URL, auth: Credentials | undefined, timeout: unknown): Promise<Attempt> {
    return new Promise((resolve) => {
      const startedAt = Date.now();
      const timeoutMs = attemptTimeoutMs(timeout);
      let received = 0;
      let total: number | undefined;
      let timer: NodeJS.Timeout | undefined;
      const finish = (result: Attempt) => {
        if (!this.aborts.delete(abort)) return;
        clearTimeout(timer);
        request.destroy();
        resolve(result);
      };
      const abort = () => finish({ error: STOPPED, aborted: true });
      this.aborts.add(abort);
      const request = (url.protocol === 'https:' ? https : http).request({
        protocol: url.protocol,
        hostname: url.hostname.replace(/^\[|\]$/g, ''),
        port: portOf(url),
        path: `${url.pathname}${url.search}`,
        method: 'GET',
        agent: false,
        rejectUnauthorized: false,
        headers: {
          Accept: '*/*',
          Connection: 'close',
          ...(auth
            ? {
                Authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`,
              }
            : {}),
        },
      });
      if (timeoutMs !== null) {
        timer = setTimeout(() => {
          const of = total === undefined ? '' : ` out of ${total}`;
          finish({
            error: `Operation timed out after ${Date.now() - startedAt} milliseconds with ${received}${of} bytes received`,
          });
        }, timeoutMs);
      }
      request.on('error', (error) => finish({ error: curlReason(error, url, startedAt) }));
      request.on('response', (response: IncomingMessage) => {
        const length = Number(response.headers['content-length']);
        total = Number.isFinite(length) ? length : undefined;
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          received += chunk.length;
        });
        response.on('end', () =>
          finish({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('close', () => finish({ error: partialTransfer(total, received) }));
        response.on('error', () => undefined);
      });
      request.end();
    });
  }

  /** usleep() that sim.stop() cuts short (the wait then fails). */
  async wait(ms: number): Promise<void> {
    if (!(await this.sleep(ms))) throw new Error(STOPPED);
  }

  private sleep(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const cancel = () => {
        this.aborts.delete(cancel);
        clearTimeout(timer);
        resolve(false);
      };
      const timer = setTimeout(() => {
        this.aborts.delete(cancel);
        resolve(true);
      }, ms);
      this.aborts.add(cancel);
    });
  }

  private mask(text: string, password: string): string {
    const secrets = [...this.secrets(), ...(password.length >= 4 ? [password] : [])];
    return secrets.reduce((out, secret) => out.split(secret).join(MASK), text);
  }
}

interface Credentials {
  username: string;
  password: string;
}

/** CURLOPT_USERPWD when the plugin sets one, else the user:password of the URL (cURL reads it there too). */
function credentials(call: HttpCall, url: URL): Credentials | undefined {
  if (call.username !== '') return { username: call.username, password: call.password };
  if (url.username === '') return undefined;
  return { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
}

function withoutCredentials(url: URL): string {
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  return copy.href;
}

function partialTransfer(total: number | undefined, received: number): string {
  return total === undefined
    ? 'transfer closed with outstanding read data remaining'
    : `transfer closed with ${total - received} bytes remaining to read`;
}
