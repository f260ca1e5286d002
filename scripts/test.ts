/**
 * The whole test suite, from a fresh clone: prepares the engines (idempotent), type-checks, lints, checks the
 * formatting, builds what the tests install or serve (the app zip, the harness's fixture app, the playground
 * page; each only when its sources changed), makes sure Debian's Chromium is there for the browser test, finds
 * the real Jeedom test box if this machine has one, then runs every test file with node:test on Apps-Engine
 * 1.59.0, and the end-to-end and real-Jeedom files once more on 1.62.0. At the end, the working tree must be as
 * the run found it.
 *
 * Where the time goes and how it is spent well: most of a test file's time is waiting (on the app's Deno
 * subprocess, on HTTP, on a timeout a test makes happen), so files run side by side (`TEST_CONCURRENCY`, default
 * twice the cores), both engines in one pool, longest first (from the last run's times), each file starting as
 * soon as what it needs is built; the checks (tsc, eslint, prettier) run alongside. Files that use the real
 * Jeedom run one at a time (the box is one; see test/real-jeedom/box.ts `holdBox`). Each file's report is
 * printed whole when it ends.
 *
 * `npm test -- <files>` runs chosen files on one engine (`APPS_ENGINE=1.62 npm test -- …` for the newest) and
 * builds only what they need: a unit file nothing, an end-to-end file the zip, the browser file the zip, the
 * page and Chromium. `JEEDOM_REQUIRED=1` (set by .ci/run) makes a missing real Jeedom a failure, not a skip.
 */
import { spawn, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { prepareRealJeedom } from './real-jeedom';
import { setupBrowser } from './setup-browser';
import { EngineVersion, selectedEngineVersion, setupEngine } from './setup-engine';

const root = path.resolve(__dirname, '..');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);
const TIMES_FILE = path.join(root, 'node_modules', '.cache', 'rocketchat-jeedom', 'test-times.json');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

// ---- what a file needs ------------------------------------------------------------------------------------

type Need = 'zip' | 'fixture' | 'page' | 'chromium' | 'jeedom';

/** What must exist before a file runs (each file would build what is missing itself, one at a time). */
export function needsOf(file: string): Need[] {
  const rel = path.relative(root, path.resolve(root, file)).split(path.sep).join('/');
  if (rel.startsWith('test/e2e/')) return ['zip'];
  if (rel.startsWith('test/real-jeedom/')) return ['zip', 'jeedom'];
  if (rel.startsWith('test/contract/')) return ['jeedom'];
  if (rel.startsWith('test/harness/')) return ['fixture'];
  if (rel === 'test/playground/browser.test.ts') return ['zip', 'page', 'chromium'];
  if (rel.startsWith('test/playground/')) return ['zip', 'page'];
  return [];
}

function testFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => path.join(dir, f))
    .sort();
}

// ---- child processes ---------------------------------------------------------------------------------------

interface Finished {
  code: number | null;
  output: string;
  ms: number;
}

/** Runs a command without blocking this process; its output is kept, not printed. */
function runQuiet(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Finished> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) =>
      resolve({ code: 1, output: `${output}${String(error)}`, ms: Date.now() - started }),
    );
    child.on('close', (code) => resolve({ code, output, ms: Date.now() - started }));
  });
}

const tsx = (script: string, ...args: string[]) =>
  runQuiet(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', script), ...args]);

// ---- the working tree --------------------------------------------------------------------------------------

/** Each entry of `git status` with its file's content hash: what the run must leave as it found it. */
function treeState(): Map<string, string> | undefined {
  if (!fs.existsSync(path.join(root, '.git'))) return undefined;
  let out: string;
  try {
    out = execFileSync('git', ['status', '--porcelain=v1', '-z', '--untracked-files=all'], {
      cwd: root,
      encoding: 'utf8',
    });
  } catch {
    return undefined;
  }
  const state = new Map<string, string>();
  for (const entry of out.split('\0').filter(Boolean)) {
    const file = entry.slice(3);
    const full = path.join(root, file);
    const content = fs.existsSync(full) && fs.statSync(full).isFile() ? fs.readFileSync(full) : '';
    state.set(`${entry.slice(0, 2)} ${file}`, createHash('sha256').update(content).digest('hex'));
  }
  return state;
}

function treeChanges(before: Map<string, string>, after: Map<string, string>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((k) => before.get(k) !== after.get(k)).map((k) => k.trim());
}

// ---- the pool ----------------------------------------------------------------------------------------------

interface Job {
  file: string;
  engine: EngineVersion;
  needs: Need[];
  /** The last run's time, for longest-first (unknown files first). */
  expectedMs: number;
}

interface Counts {
  tests: number;
  pass: number;
  fail: number;
  skipped: number;
  cancelled: number;
  todo: number;
}

interface JobResult extends Finished {
  job: Job;
  counts: Counts;
}

const jobKey = (job: Pick<Job, 'file' | 'engine'>) => `${job.engine} ${path.relative(root, job.file)}`;

function readTimes(): Record<string, number> {
  try {
    return JSON.parse(fs.readFileSync(TIMES_FILE, 'utf8')) as Record<string, number>;
  } catch {
    return {};
  }
}

function writeTimes(results: JobResult[]): void {
  const times = readTimes();
  for (const r of results) times[jobKey(r.job)] = r.ms;
  fs.mkdirSync(path.dirname(TIMES_FILE), { recursive: true });
  fs.writeFileSync(TIMES_FILE, JSON.stringify(times, null, 1));
}

/** The spec reporter's summary (`ℹ tests 12`…) of one file. */
function countsOf(output: string): Counts {
  const count = (name: string) => Number(new RegExp(`^ℹ ${name} (\\d+)$`, 'm').exec(output)?.[1] ?? 0);
  return {
    tests: count('tests'),
    pass: count('pass'),
    fail: count('fail'),
    skipped: count('skipped'),
    cancelled: count('cancelled'),
    todo: count('todo'),
  };
}

function runJob(job: Job): Promise<JobResult> {
  const args = ['--import', 'tsx', '--test-reporter=spec', job.file];
  const env = {
    ...process.env,
    APPS_ENGINE: job.engine,
    ...(process.stdout.isTTY ? { FORCE_COLOR: '1' } : {}),
  };
  return runQuiet(process.execPath, args, env).then((finished) => ({
    ...finished,
    job,
    counts: countsOf(finished.output.replace(/\x1b\[[0-9;]*m/g, '')),
  }));
}

/**
 * Runs the jobs `slots` at a time, longest first, each once its needs are ready; jobs that use the real
 * Jeedom one at a time. Prints each file's report when it ends.
 */
async function runPool(jobs: Job[], ready: Record<Need, Promise<void>>, slots: number): Promise<JobResult[]> {
  const waiting = [...jobs].sort((a, b) => b.expectedMs - a.expectedMs);
  const done = new Set<Need>();
  const failed = new Map<Need, string>();
  const results: JobResult[] = [];
  let running = 0;
  let boxInUse = false;
  return new Promise((resolve) => {
    const report = (result: JobResult) => {
      results.push(result);
      const { tests, fail } = result.counts;
      const status = result.code === 0 ? 'ok' : 'FAILED';
      console.log(
        `\n──── ${path.relative(root, result.job.file)} on Apps-Engine ${result.job.engine}: ${status}, ` +
          `${tests} tests${fail ? `, ${fail} failed` : ''}, ${seconds(result.ms)} ────`,
      );
      process.stdout.write(result.output);
    };
    const pump = () => {
      // A file whose need could not be met fails, saying why.
      for (let i = waiting.length - 1; i >= 0; i--) {
        const missing = waiting[i].needs.find((n) => failed.has(n));
        if (missing === undefined) continue;
        const [job] = waiting.splice(i, 1);
        report({ job, code: 1, ms: 0, output: `${failed.get(missing)}\n`, counts: countsOf('') });
      }
      while (running < slots) {
        const next = waiting.findIndex(
          (job) => job.needs.every((n) => done.has(n)) && !(job.needs.includes('jeedom') && boxInUse),
        );
        if (next < 0) break;
        const [job] = waiting.splice(next, 1);
        const usesBox = job.needs.includes('jeedom');
        if (usesBox) boxInUse = true;
        running++;
        void runJob(job).then((result) => {
          running--;
          if (usesBox) boxInUse = false;
          report(result);
          pump();
        });
      }
      if (!waiting.length && !running) resolve(results);
    };
    for (const need of Object.keys(ready) as Need[]) {
      ready[need]
        .then(
          () => done.add(need),
          (error: unknown) => failed.set(need, error instanceof Error ? error.message : String(error)),
        )
        .finally(pump);
    }
    pump();
  });
}

// ---- the run -----------------------------------------------------------------------------------------------

/** Finds the real Jeedom (or says clearly why its suite is skipped); fails when CI requires it. */
function realJeedom(): void {
  const found = prepareRealJeedom();
  if (found.ok) {
    console.log(`real-Jeedom suite: against ${found.url}`);
    return;
  }
  if (process.env.JEEDOM_REQUIRED === '1') throw new Error(`real-Jeedom suite required, but ${found.reason}`);
  console.log(`real-Jeedom suite: SKIPPED (${found.reason})`);
}

/** A build step's output is shown only when it failed (the step throws with it). */
async function step(name: string, run: () => Promise<Finished>): Promise<void> {
  const finished = await run();
  if (finished.code !== 0) throw new Error(`${name} failed:\n${finished.output}`);
  console.log(`built: ${name} (${seconds(finished.ms)})`);
}

const incremental = (name: string) => [
  '--incremental',
  '--tsBuildInfoFile',
  path.join(path.dirname(TIMES_FILE), `${name}.tsbuildinfo`),
];

/** Type-check, lint and formatting, one after the other, alongside the tests. */
async function checks(): Promise<Array<{ name: string } & Finished>> {
  const list: Array<[string, string, string[]]> = [
    // Incremental: the build info (node_modules/.cache) lets tsc re-check only what changed since the last run.
    ['type-check', bin('tsc'), ['-p', 'tsconfig.json', ...incremental('tsc')]],
    [
      'type-check of the page',
      bin('tsc'),
      ['-p', path.join('playground', 'web', 'tsconfig.json'), ...incremental('tsc-page')],
    ],
    ['lint', bin('eslint'), ['.']],
    // The cache (node_modules/.cache/prettier) skips files unchanged since they were last found formatted.
    ['format', bin('prettier'), ['--check', '--cache', '.']],
  ];
  const out: Array<{ name: string } & Finished> = [];
  for (const [name, command, args] of list) out.push({ name, ...(await runQuiet(command, args)) });
  return out;
}

async function main(): Promise<void> {
  const started = Date.now();
  const tree = treeState();
  const only = process.argv.slice(2);
  const times = readTimes();
  const job = (file: string, engine: EngineVersion): Job => ({
    file: path.resolve(root, file),
    engine,
    needs: needsOf(file),
    expectedMs: times[jobKey({ file: path.resolve(root, file), engine })] ?? Number.MAX_SAFE_INTEGER,
  });
  const jobs = only.length
    ? only.map((file) => job(file, selectedEngineVersion()))
    : [
        ...testFiles(path.join(root, 'test')).map((file) => job(file, '1.59')),
        // The newest engine that ships a server: the end-to-end and real-Jeedom files again (unit, simulator,
        // contract, harness and playground files do not depend on the engine's version).
        ...[
          ...testFiles(path.join(root, 'test', 'e2e')),
          ...testFiles(path.join(root, 'test', 'real-jeedom')),
        ].map((file) => job(file, '1.62')),
      ];
  const needed = new Set(jobs.flatMap((j) => j.needs));
  const checking = only.length ? undefined : checks();

  // Engines first (quick when prepared): test files side by side must not each prepare them.
  const engines = jobs
    .filter((j) => j.needs.some((n) => n === 'zip' || n === 'fixture'))
    .map((j) => j.engine);
  for (const engine of new Set(engines)) setupEngine(engine);
  if (needed.has('jeedom')) realJeedom();
  const ready = {} as Record<Need, Promise<void>>;
  ready.jeedom = Promise.resolve();
  ready.chromium = needed.has('chromium')
    ? Promise.resolve().then(() => void setupBrowser())
    : Promise.resolve();
  ready.zip = needed.has('zip') ? step('the app zip', () => tsx('package.ts')) : Promise.resolve();
  // One build at a time: they would only slow each other down.
  ready.fixture = needed.has('fixture')
    ? ready.zip.then(() =>
        step('the fixture app', () => tsx('package.ts', path.join('test', 'harness', 'fixture-app'))),
      )
    : Promise.resolve();
  ready.page = needed.has('page')
    ? ready.fixture.then(() => step('the playground page', () => tsx('build-page.ts')))
    : Promise.resolve();

  const slots = Math.max(1, Number(process.env.TEST_CONCURRENCY) || 2 * os.availableParallelism());
  console.log(`\n=== ${jobs.length} test file run(s), ${slots} at a time ===`);
  const testsStarted = Date.now();
  const results = await runPool(jobs, ready, slots);
  const testsMs = Date.now() - testsStarted;
  writeTimes(results);

  const problems: string[] = [];
  console.log('\n=== summary ===');
  for (const engine of new Set(jobs.map((j) => j.engine))) {
    const mine = results.filter((r) => r.job.engine === engine);
    const sum = (key: keyof Counts) => mine.reduce((n, r) => n + r.counts[key], 0);
    console.log(
      `Apps-Engine ${engine}: ${mine.length} files, ${sum('tests')} tests, ${sum('pass')} passed, ${sum('fail')} failed` +
        `, ${sum('cancelled')} cancelled, ${sum('skipped')} skipped, ${sum('todo')} todo`,
    );
  }
  for (const r of results.filter((r) => r.code !== 0 || r.counts.fail || r.counts.cancelled))
    problems.push(
      `${path.relative(root, r.job.file)} on Apps-Engine ${r.job.engine} failed (exit code ${r.code})`,
    );
  const slowest = [...results].sort((a, b) => b.ms - a.ms).slice(0, 5);
  console.log(`slowest: ${slowest.map((r) => `${jobKey(r.job)} ${seconds(r.ms)}`).join(', ')}`);
  console.log(`tests: ${seconds(testsMs)} (from the first file's start to the last one's end)`);
  if (checking) {
    for (const check of await checking) {
      console.log(`${check.name}: ${check.code === 0 ? 'ok' : 'FAILED'} (${seconds(check.ms)})`);
      if (check.code !== 0) {
        process.stdout.write(check.output);
        problems.push(`${check.name} failed`);
      }
    }
  }
  const after = treeState();
  if (tree && after) {
    const changed = treeChanges(tree, after);
    if (changed.length)
      problems.push(
        `the run changed the working tree (write to a temporary folder or a gitignored one): ${changed.join(', ')}`,
      );
    else console.log('working tree: as the run found it');
  }
  console.log(`total: ${seconds(Date.now() - started)}`);
  if (problems.length) throw new Error(problems.join('\n'));
}

main().catch((error: unknown) => {
  console.error(`\n${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
