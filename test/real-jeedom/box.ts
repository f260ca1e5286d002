/**
 * The real Jeedom 4.5.3 of `../shared/jeedom/setup.sh`, as the real-Jeedom suite sees it: its JSON-RPC API, and,
 * because the box runs on this machine, its database (MariaDB, as root), its logs and its PHP classes (php CLI as
 * the web server's user). Tests assert what Jeedom itself holds through these, never what the app says it did.
 *
 * The suite runs when `JEEDOM_URL` and `JEEDOM_API_KEY` are set (`npm test` sets them from the setup script when
 * the box is installed here; `.ci/run` installs it first); otherwise every file skips, saying why.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';

export interface RealBox {
  url: string;
  apiKey: string;
  memberLogin: string;
  /** Jeedom's folder (its PHP classes and `log/`). */
  home: string;
  dbName: string;
}

/** The box from the environment, or why the suite cannot run here. */
export function realBox(env: NodeJS.ProcessEnv = process.env): RealBox | { skip: string } {
  const url = env.JEEDOM_URL;
  const apiKey = env.JEEDOM_API_KEY;
  if (!url || !apiKey) {
    return {
      skip: 'no real Jeedom: JEEDOM_URL / JEEDOM_API_KEY unset (run ../shared/jeedom/setup.sh as root)',
    };
  }
  const home = env.JEEDOM_HOME ?? '/var/www/jeedom-test';
  if (!fs.existsSync(path.join(home, 'core', 'php', 'core.inc.php'))) {
    return {
      skip: `the real Jeedom's files are not on this machine (${home}): the suite reads its database and logs`,
    };
  }
  return {
    url: url.replace(/\/+$/, ''),
    apiKey,
    memberLogin: env.JEEDOM_MEMBER_LOGIN ?? 'marie',
    home,
    dbName: env.JEEDOM_DB_NAME ?? 'jeedom_test',
  };
}

/** The skip option for `describe`: false when the box is there, else the reason (node:test prints it). */
export function skipUnlessBox(): false | string {
  const box = realBox();
  return 'skip' in box ? box.skip : false;
}

export function box(): RealBox {
  const found = realBox();
  if ('skip' in found) throw new Error(found.skip);
  return found;
}

export class JeedomRpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

let rpcId = 0;

/** One JSON-RPC call to jeeApi.php (the admin key unless another is given); throws JeedomRpcError on `error`. */
export async function rpc<T = unknown>(
  method: string,
  params: Record<string, unknown> = {},
  apikey = box().apiKey,
): Promise<T> {
  const { status, body: text } = await rawRpc(method, params, apikey);
  if (status < 200 || status > 299) throw new Error(`${method}: HTTP ${status} ${text.slice(0, 200)}`);
  const body = JSON.parse(text) as { result?: T; error?: { code: number; message: string } };
  if (body.error) throw new JeedomRpcError(body.error.code, body.error.message);
  return body.result as T;
}

/** The raw HTTP answer of a JSON-RPC call, for comparing wire shapes. */
export async function rawRpc(
  method: string,
  params: Record<string, unknown> = {},
  apikey = box().apiKey,
): Promise<{ status: number; body: string }> {
  const body = JSON.stringify({ jsonrpc: '2.0', id: ++rpcId, method, params: { ...params, apikey } });
  return post(`${box().url}/core/api/jeeApi.php`, body);
}

/**
 * A POST on a connection of its own: fetch reuses idle keep-alive connections, and Apache closing one at that
 * moment failed a test with "other side closed" (its KeepAliveTimeout racing the next request).
 */
export function post(url: string, body: string): Promise<{ status: number; body: string }> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const request = send(
      target,
      {
        method: 'POST',
        agent: false,
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/**
 * Runs PHP inside Jeedom (its classes loaded) as the web server's user, and returns what it echoes. The code
 * comes from the test files only.
 */
export function php(code: string): string {
  const script = `require_once '${box().home}/core/php/core.inc.php'; ${code}`;
  return execFileSync('runuser', ['-u', 'www-data', '--', 'php', '-r', script], {
    encoding: 'utf8',
    timeout: 60_000,
  });
}

/** PHP that echoes a JSON value; returns it parsed. */
export function phpJson<T = unknown>(code: string): T {
  const out = php(code).trim();
  try {
    return JSON.parse(out) as T;
  } catch {
    throw new Error(`PHP did not answer JSON: ${out.slice(0, 500)}`);
  }
}

/** A read-only SQL query on Jeedom's database; rows of tab-separated columns. */
export function sql(query: string): string[][] {
  const out = execFileSync('mysql', ['-N', '-B', box().dbName, '-e', query], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.split('\t'));
}

/** A Jeedom log file's text ('' when absent). */
export function jeedomLog(name: string): string {
  const file = path.join(box().home, 'log', name);
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
}

/** A scenario's own log (`log/scenarioLog/scenario<id>.log`). */
export function scenarioLog(id: number): string {
  return jeedomLog(path.join('scenarioLog', `scenario${id}.log`));
}

/** PHP string literal for any text (JSON strings are valid PHP double-quoted strings except for `$`). */
export function phpString(text: string): string {
  return `base64_decode('${Buffer.from(text, 'utf8').toString('base64')}')`;
}

/** Polls until the probe gives a truthy value (Jeedom works in its own processes: no event to await). */
export async function eventually<T>(
  probe: () => T | undefined | false | null | Promise<T | undefined | false | null>,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The JSON-RPC methods Jeedom received while `run` ran, from Jeedom's own `api` log (switched to `info` for
 * the duration: it then records every request; its default level, error, records none).
 */
export async function methodsJeedomReceived(run: () => Promise<void>): Promise<string[]> {
  const logFile = path.join(box().home, 'log', 'api');
  php(
    `config::save('log::level::api', array('100' => '0', '200' => '1', '300' => '0', '400' => '0', '1000' => '0', 'default' => '0'));`,
  );
  // Truncated, never created here: Jeedom (the web server's user) must keep writing to it.
  if (fs.existsSync(logFile)) fs.truncateSync(logFile);
  try {
    await run();
  } finally {
    php(
      `config::save('log::level::api', array('100' => '0', '200' => '0', '300' => '0', '400' => '0', '1000' => '0', 'default' => '1'));`,
    );
  }
  const text = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
  if (fs.existsSync(logFile)) fs.truncateSync(logFile);
  return [...text.matchAll(/&quot;method&quot;:&quot;([\w:]+)&quot;|"method":"([\w:]+)"/g)].map(
    (m) => m[1] ?? m[2],
  );
}

/**
 * The box is one for the whole machine: the suite resets it, switches its API log on and off and names its
 * equipments after rooms, so two runs at once (both engines' real-Jeedom files, another worktree's run) would
 * see each other's data. A suite holds the box from its reset to its end; others wait their turn. The lock is a
 * folder (created atomically) naming its holder; a holder that died without letting go is replaced.
 * Returns the release.
 */
export async function holdBox(timeoutMs = 15 * 60_000): Promise<() => void> {
  const lock = path.join(os.tmpdir(), `real-jeedom-${new URL(box().url).host.replace(/[^\w.-]/g, '_')}.lock`);
  const owner = path.join(lock, 'owner');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(owner, String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number(fs.existsSync(owner) ? fs.readFileSync(owner, 'utf8') : NaN);
    const dead = Number.isInteger(holder) && holder > 0 ? !alive(holder) : unnamedForLong(lock);
    if (dead) {
      fs.rmSync(lock, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline)
      throw new Error(`the real Jeedom is still held by process ${holder} (${lock}) after ${timeoutMs} ms`);
    // Another process holds it for a whole suite: look again shortly (a holder's end has no event to await).
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    process.off('exit', release);
    if (fs.existsSync(owner) && fs.readFileSync(owner, 'utf8') === String(process.pid))
      fs.rmSync(lock, { recursive: true, force: true });
  };
  process.on('exit', release);
  return release;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A lock folder still without its owner's name seconds after it was made: its maker died in between. */
function unnamedForLong(lock: string): boolean {
  try {
    return Date.now() - fs.statSync(lock).mtimeMs > 10_000;
  } catch {
    return false;
  }
}
