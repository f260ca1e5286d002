/**
 * `npm start` as a person runs it: builds, prints the page's address, serves it, and stops cleanly on Ctrl+C.
 * Bad options are refused with the usage line.
 */
import assert from 'node:assert/strict';
import { execSync, spawn, spawnSync } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { test } from 'node:test';

const root = path.resolve(__dirname, '..', '..');
const start = path.join(root, 'scripts', 'start.ts');

/** Holds the default port, as another program (or a second playground) would; undefined if it is taken already. */
async function holdDefaultPort(): Promise<net.Server | undefined> {
  const server = net.createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(undefined));
    server.listen(3100, '127.0.0.1', () => resolve(server));
  });
}

test('npm start prints the address (another port when 3100 is taken), serves the page, and stops on SIGINT', async () => {
  const holder = await holdDefaultPort();
  // Its own process group, as a shell gives a foreground job: Ctrl+C reaches every process in it.
  const child = spawn(process.execPath, ['--import', 'tsx', start], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const group = -(child.pid ?? 0);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const killer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const look = setInterval(() => {
        const match = /playground: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
        if (match) {
          clearInterval(look);
          resolve(match[1]);
        }
      }, 50);
      void exited.then(() => {
        clearInterval(look);
        reject(new Error(`npm start ended early:\n${output}`));
      });
    });
    assert.match(output, /Jeedom: built-in simulator/);
    // Only when this test holds 3100 itself: another program may free it at any moment.
    if (holder) assert.doesNotMatch(url, /:3100\//, 'the default port was taken: another one is used');
    const page = await fetch(url);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<jeedom-playground>/);
    const state = (await (await fetch(new URL('api/state', url))).json()) as { jeedom: { mode: string } };
    assert.equal(state.jeedom.mode, 'simulator');
    // Ctrl+C: SIGINT to the whole group, the app's Deno subprocess included (it used to be restarted by the
    // engine, and the playground hung ~32 s waiting for it).
    const sent = Date.now();
    process.kill(group, 'SIGINT');
    assert.equal(await exited, 0, output);
    const ms = Date.now() - sent;
    console.log(`npm start stopped ${ms} ms after Ctrl+C`);
    assert.ok(ms < 3000, `stopped after ${ms} ms`);
    // Exited children may linger as zombies until the container's init reaps them: only live ones count. The
    // group's last processes may take a moment to go after the parent: they must be gone within seconds.
    const live = () =>
      execSync(`ps -o stat=,cmd= -g ${-group} || true`, { encoding: 'utf8' })
        .split('\n')
        .filter((line) => line.trim() && !line.trim().startsWith('Z'));
    const gone = Date.now() + 3000;
    while (live().length && Date.now() < gone) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(live(), [], 'no process of the playground is left running');
  } finally {
    clearTimeout(killer);
    try {
      process.kill(group, 'SIGKILL');
    } catch {
      // Already gone.
    }
    holder?.close();
  }
});

test('npm start -- --help prints the usage with every option', () => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', start, '--help'], {
    cwd: root,
    encoding: 'utf8',
  });
  assert.equal(run.status, 0, run.stderr);
  for (const option of [
    '--port',
    '--host',
    '--jeedom-version',
    '--jeedom-url',
    '--api-key',
    '--admin-login',
    '--member-login',
    '--public-url',
    '--help',
  ])
    assert.ok(run.stdout.includes(option), option);
});

test('an API key without a Jeedom URL, a bad port or an unknown option is refused with the usage line', () => {
  for (const args of [['--api-key', 'k'], ['--port', 'abc'], ['--bogus']]) {
    const run = spawnSync(process.execPath, ['--import', 'tsx', start, ...args], {
      cwd: root,
      encoding: 'utf8',
    });
    assert.equal(run.status, 2, args.join(' '));
    assert.match(run.stderr, /Usage: npm start --/);
  }
});
