import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { claimLifetimeMs, CLAIM_MARGIN_MS, exclusive } from '../../src/concurrency/exclusive';
import { Claim, ClaimStore, CHOOSING_RETRY_MS } from '../../src/storage/ClaimStore';
import { FakeStore, StoreView } from './fakes/FakePersistence';

const KEY = 'create-equipment:ROOM1';
const LIFETIME = 10_000;
const T0 = 1_700_000_000_000;

interface Contender {
  view: StoreView;
  claim?: Claim;
  done: boolean;
  take: Promise<Claim>;
}

/** A contender of its own runtime whose storage calls wait for the test's `step()`. */
function contender(store: FakeStore, runtime: string, now: () => number = () => T0): Contender {
  const view = store.view(runtime, true);
  const c: Contender = { view, done: false, take: Promise.resolve() as unknown as Promise<Claim> };
  c.take = new ClaimStore(view, view, { runtime, now }).take(KEY, LIFETIME).then((claim) => {
    c.claim = claim;
    c.done = true;
    return claim;
  });
  return c;
}

/** Steps the contenders in the order given (a finished one's turn goes to the others), then to the end. */
async function interleave(contenders: Contender[], order: number[]): Promise<Claim[]> {
  for (const pick of order) {
    const live = contenders.filter((c) => !c.done);
    if (!live.length) break;
    await live[pick % live.length].view.step();
  }
  for (const c of contenders) while (!c.done) await c.view.step();
  return Promise.all(contenders.map((c) => c.take));
}

const winners = (claims: Claim[]) => claims.filter((c) => c.ok).length;

/** Every order of `length` choices between two contenders. */
function* allOrders(length: number): Generator<number[]> {
  for (let bits = 0; bits < 2 ** length; bits++) yield Array.from({ length }, (_, i) => (bits >> i) & 1);
}

describe('a claim between two runtimes, step by step', () => {
  test('both write before either reads: exactly one wins, the other learns when to try again', async () => {
    const store = new FakeStore();
    const a = contender(store, 'A');
    const b = contender(store, 'B');
    // create, create, read, read, update, update, read, read
    const claims = await interleave([a, b], [0, 1, 0, 1, 0, 1, 0, 1]);
    assert.equal(winners(claims), 1);
    const loser = claims.find((c) => !c.ok);
    assert.ok(loser && !loser.ok && loser.retryAt > T0, 'told when to come back');
  });

  test('both read before either writes its ticket (the read-then-write race): never both', async () => {
    const store = new FakeStore();
    const a = contender(store, 'A');
    const b = contender(store, 'B');
    await a.view.step(); // A: choosing
    await b.view.step(); // B: choosing
    await a.view.step(); // A reads: B choosing
    await b.view.step(); // B reads: A choosing
    const claims = await interleave([a, b], []);
    assert.ok(winners(claims) <= 1);
  });

  test('one writes and reads back before the other starts: the first wins, the second backs off', async () => {
    const store = new FakeStore();
    const a = contender(store, 'A');
    while (!a.done) await a.view.step();
    const b = contender(store, 'B');
    const [claimA, claimB] = await interleave([a, b], []);
    assert.equal(claimA.ok, true);
    assert.deepEqual(claimB, { ok: false, retryAt: T0 + LIFETIME });
    assert.equal(store.find(`jeedom-claim-key:${KEY}`).length, 1, "the loser's record is gone");
  });

  test('the later reader with the earlier clock does not win over a holder it saw (bakery numbers)', async () => {
    const store = new FakeStore();
    // B's clock is behind: a ticket taken from the time alone would put B first.
    const a = contender(store, 'A', () => T0);
    const b = contender(store, 'B', () => T0 - 5_000);
    await b.view.step(); // B: choosing, then stalls
    while (!a.done) await a.view.step(); // A sees B choosing: backs off
    const claims = await interleave([a, b], []);
    assert.ok(winners(claims) <= 1);
    const c = contender(store, 'C', () => T0 - 9_000);
    const [held, late] = [claims.find((x) => x.ok), await interleave([c], [])];
    if (held) assert.equal(late[0].ok, false, 'a newcomer never wins while a holder holds');
  });

  test('every interleaving of two contenders ends with at most one holder', async () => {
    let runs = 0;
    let someoneWon = 0;
    for (const order of allOrders(10)) {
      const store = new FakeStore();
      const claims = await interleave([contender(store, 'A'), contender(store, 'B')], order);
      assert.ok(winners(claims) <= 1, `order ${order.join('')}`);
      if (winners(claims)) someoneWon++;
      runs++;
    }
    assert.equal(runs, 1024);
    assert.ok(someoneWon > runs / 2, 'most orders have a winner (both backing off is the rare case)');
  });

  test('three contenders with skewed clocks, any interleaving: at most one holder (seeded)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat(2), { maxLength: 20 }),
        fc.tuple(fc.integer({ min: -5000, max: 5000 }), fc.integer({ min: -5000, max: 5000 })),
        async (order, [skewB, skewC]) => {
          const store = new FakeStore();
          const claims = await interleave(
            [
              contender(store, 'A'),
              contender(store, 'B', () => T0 + skewB),
              contender(store, 'C', () => T0 + skewC),
            ],
            order,
          );
          assert.ok(winners(claims) <= 1);
        },
      ),
      { seed: 15, numRuns: 300 },
    );
  });

  test('one backing off only for a contender still choosing comes back soon, not after a whole lifetime', async () => {
    const store = new FakeStore();
    const a = contender(store, 'A');
    const b = contender(store, 'B');
    await b.view.step(); // B: choosing, then stalls
    while (!a.done) await a.view.step();
    assert.deepEqual(a.claim, { ok: false, retryAt: T0 + CHOOSING_RETRY_MS });
    const [, claimB] = await interleave([a, b], []);
    assert.equal(claimB.ok, true, 'B saw nobody else');
  });
});

describe('claim lifetimes', () => {
  test("a dead runtime's expired claim does not block, and is cleared", async () => {
    const store = new FakeStore();
    const dead = store.view('dead');
    await new ClaimStore(dead, dead, { runtime: 'dead', now: () => T0 - LIFETIME - 1 }).take(KEY, LIFETIME);
    assert.equal(store.find('jeedom-claim-by:dead/', `jeedom-claim-key:${KEY}`).length, 0);
    assert.equal(store.records.size, 1, "the dead runtime's ticket");
    const [claim] = await interleave([contender(store, 'A')], []);
    assert.equal(claim.ok, true);
    assert.equal(store.records.size, 1, 'only the new holder is left');
  });

  test("a dead runtime's live claim blocks until its end", async () => {
    const store = new FakeStore();
    const dead = store.view('dead');
    await new ClaimStore(dead, dead, { runtime: 'dead', now: () => T0 - 1000 }).take(KEY, LIFETIME);
    const [claim] = await interleave([contender(store, 'A')], []);
    assert.deepEqual(claim, { ok: false, retryAt: T0 - 1000 + LIFETIME });
  });

  test('a release frees the key for the next contender at once', async () => {
    const store = new FakeStore();
    const a = contender(store, 'A');
    const [first] = await interleave([a], []);
    assert.ok(first.ok);
    a.view.resume();
    await first.release();
    assert.equal(store.records.size, 0);
    const [second] = await interleave([contender(store, 'B')], []);
    assert.equal(second.ok, true);
  });

  test('the lifetime is the Jeedom calls at their timeout plus the margin', () => {
    assert.equal(claimLifetimeMs({ jeedomCalls: 4, timeoutMs: 5000 }), 20_000 + CLAIM_MARGIN_MS);
    assert.equal(
      claimLifetimeMs({ jeedomCalls: 0, timeoutMs: 5000, extraMs: 60_000 }),
      60_000 + CLAIM_MARGIN_MS,
    );
  });
});

describe('exclusive()', () => {
  const options = { jeedomCalls: 2, timeoutMs: 1000 };

  test('runs the work and releases the claim, also when the work throws', async () => {
    const store = new FakeStore();
    const view = store.view();
    assert.deepEqual(await exclusive(KEY, { reader: view, persis: view }, options, async () => 42), {
      ran: true,
      value: 42,
    });
    await assert.rejects(
      exclusive(KEY, { reader: view, persis: view }, options, async () => {
        throw new Error('boom');
      }),
      /boom/,
    );
    assert.equal(store.records.size, 0, 'released both times');
  });

  test('held by another runtime: nothing runs, the caller learns when the claim ends', async () => {
    const store = new FakeStore();
    const other = store.view('other');
    const now = Date.now();
    const held = await new ClaimStore(other, other, { runtime: 'other', now: () => now }).take(KEY, 5000);
    assert.ok(held.ok);
    const view = store.view();
    let ran = false;
    const result = await exclusive(KEY, { reader: view, persis: view }, options, async () => {
      ran = true;
    });
    assert.equal(ran, false);
    assert.deepEqual(result, { ran: false, heldUntil: now + 5000 });
  });

  test('same process, same key: calls run one after the other, both run, none is refused', async () => {
    const store = new FakeStore();
    const view = store.view();
    const log: string[] = [];
    const work = (name: string) => async () => {
      log.push(`${name} start`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      log.push(`${name} end`);
      return name;
    };
    const results = await Promise.all([
      exclusive(KEY, { reader: view, persis: view }, options, work('a')),
      exclusive(KEY, { reader: view, persis: view }, options, work('b')),
    ]);
    assert.deepEqual(results, [
      { ran: true, value: 'a' },
      { ran: true, value: 'b' },
    ]);
    assert.deepEqual(log, ['a start', 'a end', 'b start', 'b end']);
  });

  test("this runtime's own left-over record (a release that failed) does not lock it out", async () => {
    const store = new FakeStore();
    const view = store.view();
    const stale = await new ClaimStore(view, view).take(KEY, 60_000);
    assert.ok(stale.ok, 'taken, never released');
    const result = await exclusive(KEY, { reader: view, persis: view }, options, async () => 'again');
    assert.deepEqual(result, { ran: true, value: 'again' });
    assert.equal(store.records.size, 0, 'the left-over is cleared too');
  });
});
