/**
 * The fault matrix (issue 12): each feature × each way Jeedom can fail, asserting where things end — in
 * Jeedom (the simulator's state: what it carried out) and in the chat (what people read) — not only that
 * something was said. `jeedom_timeout` is 1 s: "slow, under" answers in 0.4 s, "slow, over" in 1.6 s (and
 * Jeedom then still carries the call out, as a real box does).
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { RocketChatHarness } from '../../devkit/harness/RocketChatHarness';
import type { StoredMessage } from '../../devkit/harness/world';
import { askOnlyElements } from '../../devkit/simulator';
import type { Fault, JeedomSimulator } from '../../devkit/simulator';
import { addHousehold, addLamp, greet, House, roomCmd, startHouse, stopHouse } from './house';

let house: House;
let rc: RocketChatHarness;
let sim: JeedomSimulator;
let admin: IUser;
let alice: IUser;
let home: IRoom;
let lampOn: number;
let counter = 0;

const LIGHT = 'allume la lumière du salon';
const LIGHT_REPLY = 'La lumière du salon est allumée';

type FaultName = 'down' | 'slow, under' | 'slow, over' | 'html' | 'garbage' | 'http500' | 'rpcError';

const FAULTS: Record<FaultName, (method: string) => Fault> = {
  down: (method) => ({ kind: 'down', method }),
  'slow, under': (method) => ({ kind: 'slow', delayMs: 400, method }),
  'slow, over': (method) => ({ kind: 'slow', delayMs: 1600, method }),
  html: (method) => ({ kind: 'html', method }),
  garbage: (method) => ({ kind: 'garbage', method }),
  http500: (method) => ({ kind: 'http500', method }),
  rpcError: (method) => ({ kind: 'rpcError', method }),
};

/** What the person reads for each failure. */
const SAID: Record<Exclude<FaultName, 'slow, under'>, RegExp> = {
  down: /Jeedom is unreachable at the moment\. Nothing was done\./,
  'slow, over': /did not answer within 1 s\. It may still carry out the request/,
  html: /answer the app cannot understand/,
  garbage: /answer the app cannot understand/,
  http500: /Jeedom failed internally \(HTTP 500\); its http\.error log says why\./,
  rpcError: /Jeedom reported an error\. Jeedom said: \[MySQL\] Error code : HY000 \(2006\)/,
};

/** Faults after which Jeedom carried the call out anyway. */
const carriedOut = (fault: FaultName) => fault === 'slow, under' || fault === 'slow, over';
const succeeds = (fault: FaultName) => fault === 'slow, under';

/** Successful (carried out) calls of a method, once any slow one has finished. */
async function executed(method: string, expected: number): Promise<number> {
  const count = () => sim.calls.filter((c) => c.method === method && c.ok).length;
  if (expected > 0)
    await rc.waitFor(() => count() >= expected, { what: `${method} carried out`, timeoutMs: 4000 });
  return count();
}

const cmdId = (room: IRoom, logicalId: string) => roomCmd(sim, room, logicalId).id;

const noticeAfter = (user: IUser, since: number) =>
  rc.waitFor(() => rc.noticesFor(user).slice(since).at(-1), { what: `a notice for ${user.username}` });

const stored = (message: StoredMessage) =>
  [...rc.world.persistence.values()]
    .map((r) => r.data as Record<string, unknown>)
    .find((d) => d.messageId === message.id && typeof d.askId === 'string');

before(async () => {
  house = await startHouse();
  ({ rc, sim } = house);
  sim.state.interactions.push({ phrases: [LIGHT], reply: LIGHT_REPLY });
  sim.state.askPollMs = 50;
  ({ lampOn } = addLamp(sim));
  sim.addCamera({ name: 'Entrée' });
  ({ admin, alice, room: home } = addHousehold(rc, 'home'));
  await rc.setSetting('public_url', rc.siteUrl);
  await rc.slash(admin, home, 'map @alice marie');
  await rc.slash(admin, home, 'sync');
  await greet(house, alice, home);
  await rc.settled();
  await rc.setSetting('jeedom_timeout', 1);
});

beforeEach(() => {
  sim.setFault(null);
  sim.clearCalls();
  sim.clearScriptRequests();
  sim.clearSnapshotRequests();
});

after(() => stopHouse(house));

const faultNames = Object.keys(FAULTS) as FaultName[];

describe('an interaction (a DM to the bot)', () => {
  for (const fault of faultNames) {
    test(fault, async () => {
      sim.setFault(FAULTS[fault]('interact::tryToReply'));
      const dm = rc.directWithBot(alice);
      const message = await rc.postMessage(alice, dm, LIGHT);
      const reply = await rc.waitForBotMessage(dm, (m) => m.createdAt! >= message.createdAt!, {
        timeoutMs: 3000,
      });
      assert.ok(reply.createdAt!.getTime() - message.createdAt!.getTime() < 2000, 'within the timeout + 1 s');
      if (succeeds(fault)) assert.equal(reply.text, LIGHT_REPLY);
      else assert.match(reply.text ?? '', SAID[fault as keyof typeof SAID]);
      assert.equal(
        await executed('interact::tryToReply', carriedOut(fault) ? 1 : 0),
        carriedOut(fault) ? 1 : 0,
      );
    });
  }
});

describe('/jeedom run', () => {
  for (const fault of faultNames) {
    test(fault, async () => {
      sim.setFault(FAULTS[fault]('cmd::execCmd'));
      const since = rc.noticesFor(alice).length;
      await rc.slash(alice, home, `run ${lampOn}`);
      const notice = await noticeAfter(alice, since);
      if (succeeds(fault)) assert.match(notice.text, new RegExp(`Done: ${lampOn}`));
      else assert.match(notice.text, SAID[fault as keyof typeof SAID]);
      await executed('cmd::execCmd', carriedOut(fault) ? 1 : 0);
      const lamp = sim.scriptRequests.filter((r) => r.url.includes('/lamp-on')).length;
      assert.equal(lamp, carriedOut(fault) ? 1 : 0, 'the lamp was switched on exactly when Jeedom ran it');
    });
  }
});

describe('/jeedom snap', () => {
  for (const fault of faultNames) {
    test(fault, async () => {
      sim.setFault(FAULTS[fault]('eqLogic::byType'));
      const uploads = rc.world.uploads.size;
      const since = rc.noticesFor(alice).length;
      await rc.slash(alice, home, 'snap Entrée');
      const posted = [...rc.world.uploads.values()].slice(uploads).filter((u) => u.roomId === home.id);
      if (succeeds(fault)) {
        assert.equal(posted.length, 1);
        assert.equal(sim.snapshotRequests.length, 1);
      } else {
        assert.equal(posted.length, 0);
        assert.equal(sim.snapshotRequests.length, 0, 'no snapshot taken');
        assert.match((await noticeAfter(alice, since)).text, SAID[fault as keyof typeof SAID]);
      }
    });
  }
});

describe('/jeedom status (an admin asking)', () => {
  for (const fault of faultNames) {
    test(fault, async () => {
      sim.setFault(FAULTS[fault]('version'));
      const since = rc.noticesFor(admin).length;
      await rc.slash(admin, home, 'status');
      const text = (await noticeAfter(admin, since)).text;
      if (succeeds(fault)) {
        assert.match(text, /Jeedom is reachable at .* version 4\.5\.3/);
        return;
      }
      assert.match(text, SAID[fault as keyof typeof SAID]);
      assert.ok(text.includes(`Address tried: ${sim.baseUrl}`), text);
      assert.match(text, /Last Jeedom problem: a status check/);
    });
  }
});

describe('an answer to a question', () => {
  for (const fault of faultNames) {
    test(fault, async () => {
      counter++;
      const question = `Fermer ${counter} ?`;
      const variable = `rep_matrix_${counter}`;
      const elements = askOnlyElements({
        question,
        answer: 'oui;non',
        variable,
        timeout: 600,
        cmdId: cmdId(home, 'send'),
      });
      const run = sim.runScenario(sim.addScenario({ name: `Matrix ${counter}`, elements } as never));
      const message = await rc.waitFor(
        () => rc.botMessagesIn(home).find((m) => m.text === question && (m.blocks?.length ?? 0) > 0),
        { what: 'the question', timeoutMs: 8000 },
      );
      sim.setFault(FAULTS[fault]('datastore::save'));
      const since = rc.noticesFor(alice).length;
      await rc.clickButton(alice, message, 'jeedom-ask');
      const shown = () => rc.world.messageById(message.id)?.text ?? '';
      if (succeeds(fault)) {
        assert.equal((await run.done).answer, 'oui');
        assert.match(shown(), /✓ Answered: oui — by @alice/);
        return;
      }
      assert.match((await noticeAfter(alice, since)).text, SAID[fault as keyof typeof SAID]);
      sim.setFault(null);
      if (fault === 'down') {
        // Never reached Jeedom: the question is open again, for anyone.
        assert.equal(stored(message)?.status, 'pending');
        assert.equal(sim.variable(variable), '');
        assert.ok(rc.world.messageById(message.id)?.blocks?.length);
        return;
      }
      // Jeedom may have taken it: nobody else may answer differently, and the review settles it.
      assert.match(shown(), /Answer sent, not confirmed: oui — by @alice/);
      const askId = stored(message)?.askId;
      const job = [...rc.bridges.scheduler.jobs.values()].find(
        (j) => (j.data as { askId?: string } | undefined)?.askId === askId && j.dueAt > Date.now() + 10_000,
      );
      assert.ok(job, 'a later check is scheduled');
      await rc.bridges.scheduler.runNow(job.id);
      assert.equal((await run.done).answer, 'oui');
      await rc.waitFor(() => stored(message)?.status === 'answered', { what: 'the settled answer' });
      assert.match(shown(), /✓ Answered: oui — by @alice/);
    });
  }
});

describe("a channel's infos (lastSender, lastMessage)", () => {
  for (const fault of faultNames) {
    test(fault, async () => {
      counter++;
      const text = `info ${counter}`;
      const lastMessage = cmdId(home, 'lastMessage');
      sim.setFault(FAULTS[fault]('cmd::event'));
      const notices = rc.world.notices.length;
      await rc.postMessage(alice, home, text);
      await rc.settled();
      assert.equal(rc.world.notices.length, notices, 'an info update says nothing in the chat');
      if (succeeds(fault)) {
        assert.equal(sim.equipment.cmdValue(lastMessage), text);
        return;
      }
      // (Slow, over: Jeedom took lastSender late, and lastMessage was never sent.)
      assert.notEqual(sim.equipment.cmdValue(lastMessage), text);
      const pending = [...rc.world.persistence.values()].filter(
        (r) =>
          (r.data as { roomId?: string; text?: string }).roomId === home.id && 'text' in (r.data as object),
      );
      assert.equal(pending.length, 1, 'one pending value for the channel');
      sim.setFault(null);
      await rc.runJob('jeedom-info-retry');
      await rc.waitFor(() => sim.equipment.cmdValue(lastMessage) === text, {
        what: 'lastMessage after the retry',
      });
    });
  }
});

describe('a notification with camera= (Jeedom → chat)', () => {
  for (const fault of faultNames) {
    test(fault, async () => {
      counter++;
      const text = `Sonnette ${counter}`;
      sim.setFault(FAULTS[fault]('eqLogic::byType'));
      const uploads = rc.world.uploads.size;
      await sim.executeCommand(cmdId(home, 'send'), { title: 'camera=Entrée', message: text });
      const posted = await rc.waitForBotMessage(home, (m) => m.text === text);
      if (succeeds(fault)) {
        await rc.waitFor(
          () => [...rc.world.uploads.values()].slice(uploads).find((u) => u.roomId === home.id),
          {
            what: 'the snapshot',
            timeoutMs: 4000,
          },
        );
        return;
      }
      const line = await rc.waitForBotMessage(
        home,
        (m) =>
          m.createdAt! >= posted.createdAt! && /Could not attach the snapshot of camera/.test(m.text ?? ''),
        { timeoutMs: 4000 },
      );
      assert.match(line.text ?? '', SAID[fault as keyof typeof SAID]);
      assert.equal(sim.snapshotRequests.length, 0);
      assert.equal(
        [...rc.world.uploads.values()].slice(uploads).filter((u) => u.roomId === home.id).length,
        0,
      );
    });
  }
});
