/**
 * `npm run bench`: figures measured in one run, on loopback, against the Jeedom simulator.
 * Latencies are reported as ratios against a bare HTTP round trip to the same simulator, measured here too,
 * so they compare across machines. Bounded: a few hundred requests, a few seconds.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { RocketChatHarness } from '../devkit/harness/RocketChatHarness';
import type { StoredMessage } from '../devkit/harness/world';
import { askOnlyElements, JeedomSimulator } from '../devkit/simulator';
import { BENCH_CREDENTIAL } from '../test/harness/fixture-app/src/bench';
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

const signed = (ms: number) => `${ms >= 0 ? '+' : '−'}${Math.abs(ms).toFixed(2)}`;

function row(label: string, s: Stats, base?: Stats): string {
  const ratio = base
    ? `  ×${(s.median / base.median).toFixed(1)} median, ×${(s.p99 / base.p99).toFixed(1)} p99`
    : '';
  return `${label.padEnd(46)} median ${s.median.toFixed(2).padStart(7)} ms   p99 ${s.p99.toFixed(2).padStart(7)} ms${ratio}`;
}

const LIGHT = 'allume la lumière du salon';

/** Resolves on the bot's next message in a room, from the bridge itself (no polling delay in the figure). */
function nextBotMessage(rc: RocketChatHarness, room: IRoom): Promise<StoredMessage> {
  return nextMessageFrom(rc, room, rc.bot);
}

function nextMessageFrom(rc: RocketChatHarness, room: IRoom, bot: IUser): Promise<StoredMessage> {
  return new Promise((resolve) => {
    const previous = rc.bridges.messages.onCreated;
    rc.bridges.messages.onCreated = (message) => {
      previous(message);
      if (message.room.id === room.id && message.sender.id === bot.id) {
        rc.bridges.messages.onCreated = previous;
        resolve(message);
      }
    };
  });
}

async function messageToReply(rc: RocketChatHarness, user: IUser, room: IRoom, text: string): Promise<void> {
  const reply = nextBotMessage(rc, room);
  await rc.postMessage(user, room, text);
  await reply;
}

const WRITES = ['eqLogic::save', 'cmd::save', 'cmd::event'];

async function syncRun(rc: RocketChatHarness, sim: JeedomSimulator, admin: IUser, room: IRoom) {
  sim.clearCalls();
  const started = performance.now();
  await rc.slash(admin, room, 'sync');
  const ms = performance.now() - started;
  return { ms, calls: sim.callCount(), writes: sim.calls.filter((c) => WRITES.includes(c.method)).length };
}

/** Provisioning figures (issue: channel equipments): sync cost, and a burst into one channel. */
async function benchProvisioning(rc: RocketChatHarness, sim: JeedomSimulator, admin: IUser, member: IUser) {
  await rc.setSetting('public_url', 'https://chat.example.org');
  const rooms = 500;
  const created: IRoom[] = [];
  for (let i = 0; i < rooms; i++) created.push(rc.addRoom('c', `channel-${i}`, [admin, member]));
  const first = await syncRun(rc, sim, admin, created[0]);
  const second = await syncRun(rc, sim, admin, created[0]);
  const room = created[1];
  await rc.slash(admin, room, 'autousers off');
  const lastMessage = sim.equipment
    .cmdRowsOf(
      sim.equipment
        .eqLogicRows('script')
        .filter((e) => e.logicalId === `rocketchat:${room.id}`)
        .map((e) => e.id),
    )
    .find((c) => c.logicalId === 'lastMessage');
  if (!lastMessage) throw new Error('no lastMessage command');
  const burst = 1000;
  sim.clearCalls();
  const started = performance.now();
  for (let i = 1; i <= burst; i++) await rc.postMessage(member, room, `burst message ${i}`);
  const finalOk = await rc
    .waitFor(() => sim.equipment.cmdValue(lastMessage.id) === `burst message ${burst}`, { timeoutMs: 30_000 })
    .then(
      () => true,
      () => false,
    );
  const burstMs = performance.now() - started;
  await rc.settled();
  return { rooms, first, second, burst, burstCalls: sim.callCount('cmd::event'), finalOk, burstMs };
}

/**
 * Per-person commands (issue 12, item 9): 60 people writing once each in a new channel. What each addition
 * costs Jeedom (calls, bytes of written params), for the first and the last person: it must not grow.
 */
async function benchPeople(rc: RocketChatHarness, sim: JeedomSimulator, admin: IUser) {
  const room = rc.addRoom('c', 'people', [admin], false);
  // The bot joining creates the room's equipment (a full sync of hundreds of rooms would go on in the background).
  await rc.inviteBot(room);
  await rc.waitFor(
    () => sim.equipment.eqLogicRows('script').some((e) => e.logicalId === `rocketchat:${room.id}`),
    { what: 'the people equipment', timeoutMs: 30_000 },
  );
  const people = 60;
  const costs: Array<{ calls: number; bytes: number }> = [];
  for (let i = 0; i < people; i++) {
    const person = rc.addUser(`person-${i}`);
    rc.world.join(room.id, person.id);
    sim.clearCalls();
    await rc.postMessage(person, room, 'hello');
    await rc.settled();
    const writes = sim.calls.filter((c) => c.method === 'eqLogic::save' || c.method === 'cmd::save');
    costs.push({
      calls: sim.calls.filter((c) => c.method !== 'cmd::event').length,
      bytes: writes.reduce((sum, c) => sum + JSON.stringify(c.params).length, 0),
    });
  }
  return { people, first: costs[0], last: costs[people - 1] };
}

/** Endpoint figures (issue: Jeedom talks back): latency against a bare loopback GET, throughput with no loss. */
async function benchEndpoint(rc: RocketChatHarness, sim: JeedomSimulator, admin: IUser) {
  await rc.setSetting('webhook_secret', 'bench-master-secret-0123456789');
  const auth = `Basic ${Buffer.from('jeedom:bench-master-secret-0123456789').toString('base64')}`;
  const rooms = Array.from({ length: 25 }, (_, i) => rc.addRoom('c', `endpoint-${i}`, [admin]));
  let ts = 0;
  // As the script plugin sends it: with `ts` (so the call is de-duplicated).
  const url = (room: IRoom, text: string) =>
    `${rc.endpointUrl('jeedom')}?room=${room.id}&title=&message=${encodeURIComponent(text)}&ts=${++ts}`;
  const call = (room: IRoom, text: string) =>
    fetch(url(room, text), { headers: { Authorization: auth } }).then((r) => r.text());
  const bare = () => fetch(`${sim.baseUrl}/bench-bare`).then((r) => r.text());
  sim.addRoute(
    '/bench-bare',
    () => ({ status: 200, headers: { 'content-type': 'text/plain' }, body: 'ok' }) as never,
  );
  await time(20, bare);
  const bareStats = await time(100, bare);
  let n = 0;
  const latency = await time(100, () => call(rooms[n++ % rooms.length], `latency ${n}`));
  await new Promise((resolve) => setTimeout(resolve, 10_000));
  const before = rc.world.messages.length;
  const sent = 250;
  const concurrency = 8;
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < sent) {
        const i = next++;
        await call(rooms[i % rooms.length], `throughput ${i}`);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const posted = rc.world.messages.slice(before).filter((m) => m.text?.startsWith('throughput ')).length;
  return { bare: bareStats, latency, rps: sent / seconds, sent, posted, concurrency };
}

/** Ask figures (issue: scenario asks): ask call → question with buttons, click → the scenario sees the answer. */
async function benchAsks(rc: RocketChatHarness, sim: JeedomSimulator, admin: IUser, member: IUser) {
  await rc.setSetting('public_url', rc.siteUrl);
  await rc.setSetting('webhook_secret', '');
  const room = rc.addRoom('c', 'asks', [admin, member]);
  await rc.slash(admin, room, 'sync');
  const eq = sim.equipment.eqLogicRows('script').find((e) => e.logicalId === `rocketchat:${room.id}`);
  const send = sim.equipment.cmdRowsOf([eq?.id]).find((c) => c.logicalId === 'send');
  if (!send) throw new Error('no send command');
  sim.state.askPollMs = 1;
  const toButtons: number[] = [];
  const toAnswer: number[] = [];
  for (let i = 0; i < 20; i++) {
    const question = `Question ${i} ?`;
    const elements = askOnlyElements({
      question,
      answer: 'oui;non',
      variable: `bench_${i}`,
      timeout: 60,
      cmdId: send.id,
    });
    const scenario = sim.addScenario({ name: `Ask ${i}`, elements } as never);
    const started = performance.now();
    const run = sim.runScenario(scenario);
    const message = await rc.waitFor(
      () =>
        rc
          .botMessagesIn(room)
          .find((m) => m.text === question && Array.isArray(m.blocks) && m.blocks.length > 0),
      { timeoutMs: 10_000, pollMs: 1 },
    );
    toButtons.push(performance.now() - started);
    const clicked = performance.now();
    await rc.clickButton(member, message, 'jeedom-ask');
    await rc.waitFor(() => sim.variable(`bench_${i}`) === 'oui', { timeoutMs: 10_000, pollMs: 1 });
    toAnswer.push(performance.now() - clicked);
    await run.done;
  }
  return { toButtons: stats(toButtons), toAnswer: stats(toAnswer) };
}

/**
 * The baseline (issue "safe to expose"): the harness's fixture app, installed next to the app on the same
 * server and measured call for call in turn with it (the machine's load hits both alike). It does the least
 * the same jobs need: an endpoint with one basic-auth comparison and one post; a DM hook with one HTTP call to
 * the simulator and one reply. The app's endpoint is called as the script plugin calls it (with `ts`).
 */
async function benchAgainstBaseline(
  rc: RocketChatHarness,
  sim: JeedomSimulator,
  admin: IUser,
  member: IUser,
) {
  const zipPath = await packageApp({ appRoot: path.join(__dirname, '..', 'test', 'harness', 'fixture-app') });
  const baselineId = await rc.installAnother(zipPath);
  const baselineBot = rc.botOf(baselineId);
  await rc.setSetting('webhook_secret', 'bench-master-secret-0123456789');
  const appAuth = `Basic ${Buffer.from('jeedom:bench-master-secret-0123456789').toString('base64')}`;
  const baseAuth = `Basic ${Buffer.from(BENCH_CREDENTIAL).toString('base64')}`;
  const rooms = Array.from({ length: 25 }, (_, i) => {
    const room = rc.addRoom('c', `versus-${i}`, [admin]);
    rc.world.join(room.id, baselineBot.id);
    return room;
  });
  let n = 0;
  const app = () =>
    fetch(`${rc.endpointUrl('jeedom')}?room=${rooms[n % 25].id}&title=&message=versus%20${n++}&ts=${n}`, {
      headers: { Authorization: appAuth },
    }).then((r) => r.text());
  const base = () =>
    fetch(`${rc.endpointUrl('bench', baselineId)}?room=${rooms[n % 25].id}&message=baseline%20${n++}`, {
      headers: { Authorization: baseAuth },
    }).then((r) => r.text());
  const appSamples: number[] = [];
  const baseSamples: number[] = [];
  const timed = async (work: () => Promise<unknown>, into: number[]) => {
    const started = performance.now();
    await work();
    into.push(performance.now() - started);
  };
  for (let i = 0; i < 20; i++) await app().then(base);
  // Spread over more than the rate limit's window: 200 calls each, 25 rooms, under 30 per room per 10 s.
  for (let i = 0; i < 200; i++) {
    await timed(app, appSamples);
    await timed(base, baseSamples);
    if (i % 50 === 49) await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
  const dm = rc.directWithBot(member);
  const baseDm = rc.directWithBot(member, baselineBot);
  const dmApp: number[] = [];
  const dmBase: number[] = [];
  const replyIn = async (room: IRoom, bot: IUser, text: string) => {
    const reply = nextMessageFrom(rc, room, bot);
    await rc.postMessage(member, room, text);
    await reply;
  };
  for (let i = 0; i < 20; i++) await replyIn(dm, rc.bot, LIGHT);
  for (let i = 0; i < 200; i++) {
    await timed(() => replyIn(dm, rc.bot, LIGHT), dmApp);
    await timed(() => replyIn(baseDm, baselineBot, `relay ${sim.apiUrl}`), dmBase);
  }
  // Out of the way of the figures that follow: its hook would run for every message, and the sync below
  // counts the channels the app's bot is in.
  await rc.engine.disable(baselineId);
  for (const room of rooms) rc.world.leave(room.id, rc.bot.id);
  return {
    endpoint: stats(appSamples),
    baseline: stats(baseSamples),
    dm: stats(dmApp),
    baselineDm: stats(dmBase),
  };
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

  await rc.slash(admin, room, 'map @bench-member marie');
  const versus = await benchAgainstBaseline(rc, sim, admin, member);
  const dm = rc.directWithBot(member);
  await time(20, () => messageToReply(rc, member, dm, LIGHT));
  sim.clearCalls();
  const dmStats = await time(200, () => messageToReply(rc, member, dm, LIGHT));
  const dmCalls = sim.callCount() / 200;
  const mentionStats = await time(200, () => messageToReply(rc, member, room, `@jeedom.bot ${LIGHT}`));

  sim.clearCalls();
  const ignored = 300;
  for (let i = 0; i < ignored; i++) await rc.postMessage(member, room, `just chatting ${i}`);
  await messageToReply(rc, member, dm, LIGHT);
  // The closing DM reply costs what any interaction costs (the login check, then the interaction).
  const ignoredCalls = (sim.callCount() - dmCalls) / ignored;

  const provisioning = await benchProvisioning(rc, sim, admin, member);
  const endpoint = await benchEndpoint(rc, sim, admin);
  const asks = await benchAsks(rc, sim, admin, member);
  const perPerson = await benchPeople(rc, sim, admin);

  await rc.stop();
  await sim.stop();

  console.log(
    'Jeedom for Rocket.Chat — benchmark (loopback, official engine + Deno runtime, Jeedom simulator)\n',
  );
  console.log(row('bare HTTP round trip to Jeedom (tryToReply)', bareStats));
  console.log(row('/jeedom help (no Jeedom call)', helpStats, bareStats));
  console.log(row(`/jeedom status, household member (${memberCalls} call)`, memberStats, bareStats));
  console.log(row(`/jeedom status, admin (${adminCalls} Jeedom calls)`, adminStats, bareStats));
  console.log(row(`DM → bot reply (${dmCalls} Jeedom call per message)`, dmStats, bareStats));
  console.log(row('channel mention → bot reply', mentionStats, bareStats));
  console.log(
    `\napp's own time per DM interaction at the median: ${(dmStats.median - bareStats.median).toFixed(2)} ms (goal < 10 ms)`,
  );
  console.log(
    `Jeedom calls for a message the bot must ignore: ${ignoredCalls} (over ${ignored} channel messages; goal 0)`,
  );
  console.log(`app install + enable in the engine: ${installMs.toFixed(0)} ms`);
  console.log(
    `\nsync of ${provisioning.rooms} channels: first run ${provisioning.first.calls} Jeedom calls (${provisioning.first.writes} writes) in ${provisioning.first.ms.toFixed(0)} ms; second run ${provisioning.second.calls} calls (${provisioning.second.writes} writes) in ${provisioning.second.ms.toFixed(0)} ms`,
  );
  console.log(
    `burst of ${provisioning.burst} messages into one channel: ${provisioning.burstCalls} cmd::event calls = ${(provisioning.burstCalls / provisioning.burst).toFixed(3)} calls per message (goal < 0.2); final infos equal the last message: ${provisioning.finalOk ? 'yes' : 'NO'} (after ${provisioning.burstMs.toFixed(0)} ms)`,
  );
  console.log(
    `${perPerson.people} people writing once each in a new channel: the first costs ${perPerson.first.calls} Jeedom calls (${perPerson.first.bytes} bytes written), the last ${perPerson.last.calls} calls (${perPerson.last.bytes} bytes) — goal: the same`,
  );
  console.log(
    `\nendpoint over real HTTP (GET, as the script plugin sends it): median ${endpoint.latency.median.toFixed(2)} ms, p99 ${endpoint.latency.p99.toFixed(2)} ms; bare loopback GET median ${endpoint.bare.median.toFixed(2)} ms → ×${(endpoint.latency.median / endpoint.bare.median).toFixed(1)}`,
  );
  console.log(
    `\nagainst a minimal app on the same server, call for call in turn (200 each):\n` +
      `  endpoint (with ts): app median ${versus.endpoint.median.toFixed(2)} ms, p99 ${versus.endpoint.p99.toFixed(2)} ms; minimal app (one basic-auth compare, one post) median ${versus.baseline.median.toFixed(2)} ms, p99 ${versus.baseline.p99.toFixed(2)} ms → ×${(versus.endpoint.median / versus.baseline.median).toFixed(2)} at the median (goal ≤ 1.5)\n` +
      `  DM → reply: app median ${versus.dm.median.toFixed(2)} ms; minimal app (one HTTP call, one reply) median ${versus.baselineDm.median.toFixed(2)} ms → ${signed(versus.dm.median - versus.baselineDm.median)} ms at the median (goal ≤ +5 ms), ${signed(versus.dm.p99 - versus.baselineDm.p99)} ms at p99`,
  );
  console.log(
    `endpoint throughput: ${endpoint.rps.toFixed(0)} requests/s sustained (${endpoint.sent} requests, concurrency ${endpoint.concurrency}), ${endpoint.posted} posted, ${endpoint.sent - endpoint.posted} lost (rate limit: 30/room and 300/endpoint per 10 s)`,
  );
  console.log(
    `\nask call → question with buttons: median ${asks.toButtons.median.toFixed(1)} ms, p99 ${asks.toButtons.p99.toFixed(1)} ms (×${(asks.toButtons.median / endpoint.bare.median).toFixed(0)} a bare loopback GET); click → scenario sees the answer: median ${asks.toAnswer.median.toFixed(1)} ms, p99 ${asks.toAnswer.p99.toFixed(1)} ms (×${(asks.toAnswer.median / endpoint.bare.median).toFixed(0)})`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
