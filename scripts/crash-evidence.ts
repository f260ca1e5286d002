/**
 * Evidence for the README (Security → the engine defect): what the engine does when a JSON body with a
 * `__proto__` key reaches the app's runtime, and whether the app comes back by itself. Run with
 * `npx tsx scripts/crash-evidence.ts` (about eight minutes); it prints a timeline.
 */
import { performance } from 'node:perf_hooks';
import { RocketChatHarness } from '../devkit/harness/RocketChatHarness';
import { packageApp } from './package';

const SECRET = 'evidence-master-secret-0123456789abcdef';

async function main(): Promise<void> {
  const rc = await RocketChatHarness.start({ zipPath: await packageApp() });
  const admin = rc.addUser('admin', { admin: true });
  const room = rc.addRoom('c', 'home', [admin]);
  await rc.setSetting('webhook_secret', SECRET);
  const auth = `Basic ${Buffer.from(`jeedom:${SECRET}`).toString('base64')}`;
  const t0 = performance.now();
  const at = () => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
  const valid = async () => {
    const url = `${rc.endpointUrl('jeedom')}?room=${room.id}&message=probe`;
    const res = await fetch(url, {
      headers: { authorization: auth },
      signal: AbortSignal.timeout(35_000),
    }).catch((e: unknown) => ({ status: `no answer (${String(e)})` }));
    return res.status;
  };
  console.log(`${at()} status ${await rc.appStatus()}, valid call → ${await valid()}`);
  const publicRes = await fetch(`${rc.siteUrl}/api/apps/public/${rc.appId}/jeedom`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: auth },
    body: '{"__proto__":{}}',
  });
  console.log(
    `${at()} hostile body to the PUBLIC path → ${publicRes.status}; status ${await rc.appStatus()}`,
  );
  const started = performance.now();
  const hostile = fetch(rc.endpointUrl('jeedom'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"__proto__":{}}',
    signal: AbortSignal.timeout(40_000),
  }).then(
    (r) => `${r.status} after ${((performance.now() - started) / 1000).toFixed(1)} s`,
    (e: unknown) => `no answer: ${String(e)}`,
  );
  console.log(`${at()} hostile body sent to the PRIVATE path (no credentials)`);
  for (let i = 0; i < 8; i++) {
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    console.log(`${at()} status ${await rc.appStatus()}`);
  }
  console.log(`${at()} hostile request answered: ${await hostile}`);
  // Then every 30 s for seven minutes: the status the server sees, the endpoint, a slash command.
  for (let i = 0; i < 14; i++) {
    const notices = rc.noticesFor(admin).length;
    const slash = await rc.slash(admin, room, 'help').then(
      () => (rc.noticesFor(admin).length > notices ? 'answered' : 'no answer'),
      (e: unknown) => `refused: ${e instanceof Error ? e.message : String(e)}`,
    );
    console.log(
      `${at()} status ${await rc.appStatus()}; valid call → ${await valid()}; /jeedom help → ${slash}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 30_000));
  }
  const restarts = rc.logStorage.entries.filter((e) => e.method.startsWith('runtime:restart'));
  for (const entry of restarts)
    for (const line of entry.entries)
      console.log(`engine log [${entry.method}] ${line.args.map(String).join(' ')}`);
  await rc.stop();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
