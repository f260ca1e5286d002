/**
 * `npm run bench`: figures measured in one run, on loopback, against the Jeedom simulator.
 * Latencies are reported as ratios against a bare HTTP round trip to the same simulator, measured here too,
 * so they compare across machines. Bounded: a few hundred requests, a few seconds.
 */
import { performance } from 'node:perf_hooks';
import { RocketChatHarness } from '../test/harness/RocketChatHarness';
import { JeedomSimulator } from '../test/simulator';
import { packageApp } from './package';

interface Stats {
  median: number;
  p99: number;
}

function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { median: at(0.5), p99: at(0.99) };
}

async function time(runs: number, work: () => Promise<unknown>): Promise<Stats> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  return stats(samples);
}

function row(label: string, s: Stats, base?: Stats): string {
  const ratio = base
    ? `  ×${(s.median / base.median).toFixed(1)} median, ×${(s.p99 / base.p99).toFixed(1)} p99`
    : '';
  return `${label.padEnd(46)} median ${s.median.toFixed(2).padStart(7)} ms   p99 ${s.p99.toFixed(2).padStart(7)} ms${ratio}`;
}

async function main(): Promise<void> {
  const zipPath = await packageApp();
  const sim = new JeedomSimulator();
  await sim.start();
  const body = JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'version',
    params: { apikey: sim.keys.admin },
  });
  const bare = () =>
    fetch(sim.apiUrl, { method: 'POST', body, headers: { 'Content-Type': 'application/json' } }).then((r) =>
      r.text(),
    );
  await time(20, bare);
  const bareStats = await time(300, bare);

  const installStarted = performance.now();
  const rc = await RocketChatHarness.start({ zipPath });
  const installMs = performance.now() - installStarted;
  const admin = rc.addUser('bench-admin', { admin: true });
  const member = rc.addUser('bench-member');
  const room = rc.addRoom('c', 'bench', [admin, member]);
  await rc.setSetting('jeedom_url', sim.baseUrl);
  await rc.setSetting('jeedom_api_key', sim.keys.admin);

  const statusAs = (user: typeof admin) => () => rc.slash(user, room, 'status');
  await time(10, statusAs(admin));
  sim.clearCalls();
  const adminStats = await time(100, statusAs(admin));
  const adminCalls = sim.callCount() / 100;
  sim.clearCalls();
  const memberStats = await time(100, statusAs(member));
  const memberCalls = sim.callCount() / 100;
  const helpStats = await time(100, () => rc.slash(member, room, 'help'));

  await rc.stop();
  await sim.stop();

  console.log(
    'Jeedom for Rocket.Chat — benchmark (loopback, official engine + Deno runtime, Jeedom simulator)\n',
  );
  console.log(row('bare HTTP round trip to Jeedom (version)', bareStats));
  console.log(row('/jeedom help (no Jeedom call)', helpStats, bareStats));
  console.log(row(`/jeedom status, household member (${memberCalls} call)`, memberStats, bareStats));
  console.log(row(`/jeedom status, admin (${adminCalls} Jeedom calls)`, adminStats, bareStats));
  console.log(`\napp install + enable in the engine: ${installMs.toFixed(0)} ms`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
