import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { JeedomSimulator, type SimElementInput, type SimExpressionInput } from '../../devkit/simulator';
import { simulatorPerTest } from './fresh';

const NO_RIGHTS = "Vous n'avez pas les droits de faire cette action";
const POLL_MS = 50;

interface RpcReply {
  result?: unknown;
  error?: { code: number; message: string };
}

interface ExportedExpression {
  type: string;
  expression: string;
  options: Record<string, unknown>;
  element?: ExportedElement;
}

interface ExportedElement {
  subElements: Array<{ expressions: ExportedExpression[] }>;
}

interface Exported {
  humanName: string;
  export: { trigger: unknown; elements: ExportedElement[] };
}

let sim: JeedomSimulator;
let hits: URLSearchParams[];
/** How many script requests the simulator had logged when each hit arrived. */
let loggedAtHit: number[];

// These tests spell out PHP 7.4's string integers; the default (PHP 8.2's numbers) is checked by test/contract/.
simulatorPerTest(
  (s) => {
    sim = s;
    sim.state.askPollMs = POLL_MS;
  },
  { dbIntegers: 'string' },
);

beforeEach(() => {
  hits = [];
  loggedAtHit = [];
  sim.addRoute('/hook', (input) => {
    loggedAtHit.push(sim.scriptRequests.length);
    hits.push(input.query);
    return { status: 200, headers: {}, body: 'ok' };
  });
});

async function rpc(method: string, params: Record<string, unknown>, key = sim.keys.admin): Promise<RpcReply> {
  const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method, params: { apikey: key, ...params } });
  const response = await fetch(sim.apiUrl, { method: 'POST', body });
  return (await response.json()) as RpcReply;
}

/** A script equipment whose `Envoyer` GETs /hook with title and message; returns the cmd id. */
function sendCmd(objectId: number | null = 1, isEnable = 1): number {
  const eq = sim.equipment.addEqLogic({
    name: 'Général',
    eqType_name: 'script',
    object_id: objectId,
    isEnable,
  });
  return sim.equipment.addCmd({
    eqLogic_id: eq,
    name: 'Envoyer',
    type: 'action',
    subType: 'message',
    configuration: { requestType: 'http', request: `${sim.baseUrl}/hook?title=#title#&message=#message#` },
  });
}

function ask(cmdId: number, extra: Record<string, unknown> = {}): SimExpressionInput {
  return {
    type: 'action',
    expression: 'ask',
    options: {
      question: 'Fermer le garage ?',
      answer: 'oui;non',
      variable: 'rep_garage',
      timeout: '2',
      cmd: `#${cmdId}#`,
      ...extra,
    },
  };
}

/** if (1) then ask, as the UI saves it. */
function askScenario(cmdId: number, extra: Record<string, unknown> = {}): SimElementInput[] {
  return [
    {
      type: 'if',
      subElements: [
        { type: 'if', subtype: 'condition', expressions: [{ type: 'condition', expression: '1' }] },
        { type: 'then', expressions: [ask(cmdId, extra)] },
        { type: 'else', expressions: [] },
      ],
    },
  ];
}

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('scenario::all / byId / export', () => {
  test('export: human names with and without object, nested elements, no ids', async () => {
    const inRoom = sendCmd(1);
    const noRoom = sendCmd(null);
    const id = sim.addScenario({
      name: 'Garage',
      group: 'Alertes',
      objectId: 1,
      trigger: [`#${inRoom}#`],
      elements: [
        {
          type: 'action',
          subElements: [
            {
              type: 'action',
              expressions: [
                ask(inRoom),
                {
                  type: 'element',
                  element: { type: 'action', subElements: [{ type: 'action', expressions: [ask(noRoom)] }] },
                },
              ],
            },
          ],
        },
      ],
    });
    const reply = await rpc('scenario::export', { id });
    const { humanName, export: exported } = reply.result as Exported;
    assert.equal(humanName, '[Alertes][Salon][Garage]');
    assert.deepEqual(exported.trigger, ['#[Salon][Général][Envoyer]#']);
    for (const key of ['id', 'state', 'lastLaunch', 'object_id', 'scenarioElement'])
      assert.equal(key in exported, false, key);
    const [element] = exported.elements;
    assert.deepEqual(Object.keys(element), ['name', 'type', 'options', 'order', 'subElements']);
    const [sub] = element.subElements;
    assert.deepEqual(Object.keys(sub), ['name', 'type', 'subtype', 'options', 'order', 'expressions']);
    const [first, nested] = sub.expressions;
    assert.deepEqual(first, {
      type: 'action',
      subtype: 'action',
      expression: 'ask',
      options: {
        question: 'Fermer le garage ?',
        answer: 'oui;non',
        variable: 'rep_garage',
        timeout: '2',
        cmd: '#[Salon][Général][Envoyer]#',
        enable: '1',
        background: '0',
      },
      order: '0',
    });
    assert.equal(nested.type, 'element');
    assert.match(nested.expression, /^\d+$/);
    const inner = nested.element?.subElements[0].expressions[0];
    assert.equal(inner?.options.cmd, '#[Aucun][Général][Envoyer]#');
    assert.equal(JSON.stringify(exported).includes('"id"'), false);

    sim.state.language = 'en_US';
    const other = sim.addScenario({ name: 'Seul', elements: askScenario(noRoom) });
    const english = (await rpc('scenario::export', { id: other })).result as Exported;
    assert.equal(english.humanName, '[None][None][Seul]');
    const thenSub = english.export.elements[0].subElements[1];
    assert.equal(thenSub.expressions[0].options.cmd, '#[None][Général][Envoyer]#');
  });

  test('scenario::all and byId: toArray fields with state and lastLaunch, no expressions', async () => {
    const id = sim.addScenario({ name: 'Garage', objectId: 1, elements: askScenario(sendCmd()) });
    const all = (await rpc('scenario::all', {})).result as Record<string, unknown>[];
    assert.equal(all.length, 1);
    assert.deepEqual(Object.keys(all[0]), [
      'id',
      'name',
      'isActive',
      'group',
      'mode',
      'schedule',
      'scenarioElement',
      'trigger',
      'timeout',
      'object_id',
      'isVisible',
      'display',
      'order',
      'description',
      'configuration',
      'state',
      'lastLaunch',
    ]);
    assert.deepEqual([all[0].id, all[0].object_id, all[0].state, all[0].lastLaunch], ['1', '1', 'stop', '']);
    assert.deepEqual((await rpc('scenario::byId', { id })).result, all[0]);
    assert.deepEqual((await rpc('scenario::byId', { id: 99 })).error, {
      code: 703,
      message: 'Scénario introuvable : 99',
    });
    assert.equal((await rpc('scenario::export', { id: 99 })).error?.code, 702);
  });

  test('restrict users: filtered by `r`, export needs `w`', async () => {
    const id = sim.addScenario({ name: 'Garage', elements: [] });
    const leo = sim.keys.restrict;
    assert.deepEqual((await rpc('scenario::all', {}, leo)).result, 'ok');
    assert.deepEqual((await rpc('scenario::export', { id }, leo)).error, {
      code: 701,
      message: "Vous n'avez pas les droits sur ce scénario",
    });
    sim.setScenarioRights('leo', id, 'r');
    assert.equal(((await rpc('scenario::all', {}, leo)).result as unknown[]).length, 1);
    assert.equal((await rpc('scenario::export', { id }, leo)).error?.code, 701);
    sim.setScenarioRights('leo', id, 'rw');
    assert.equal((await rpc('scenario::export', { id }, leo)).error, undefined);
    assert.equal((await rpc('scenario::export', { id }, sim.keys.user)).error, undefined);
  });
});

describe('ask', () => {
  test('answered with datastore::save over JSON-RPC: seen within a poll', async () => {
    const cmd = sendCmd();
    const id = sim.addScenario({
      name: 'Garage',
      objectId: 1,
      elements: askScenario(cmd, { timeout: '60' }),
    });
    const executed: unknown[] = [];
    sim.equipment.onExecute((cmdId, options) => executed.push({ cmdId, options }));
    const run = sim.runScenario(id);
    assert.equal(run.launched, true);
    // The server sees the GET before the simulator has its answer and records the attempt: wait for both.
    await until(() => hits.length === 1 && sim.scriptRequests.length === 1);
    assert.equal(hits[0].get('title'), 'Fermer le garage ?');
    assert.equal(hits[0].get('message'), 'Fermer le garage ?');
    assert.deepEqual(executed, [
      {
        cmdId: cmd,
        options: {
          title: 'Fermer le garage ?',
          message: 'Fermer le garage ?',
          answer: ['oui', 'non'],
          timeout: '60',
          variable: 'rep_garage',
        },
      },
    ]);
    // Logged as it left, not once its answer was read: a test seeing the hit sees the log entry too.
    assert.deepEqual(loggedAtHit, [1]);
    assert.equal(sim.scriptRequests.length, 1);
    assert.equal(sim.variable('rep_garage'), '');
    const cache = sim.equipment.cmdCache(cmd);
    assert.equal(cache['ask::variable'], 'rep_garage');
    assert.deepEqual(cache['ask::answer'], ['oui', 'non']);
    const endtime = Number(cache['ask::endtime']);
    assert.ok(Math.abs(endtime - (Math.floor(Date.now() / 1000) + 60)) <= 2);
    const all = (await rpc('scenario::all', {})).result as Record<string, unknown>[];
    assert.equal(all[0].state, 'in progress');
    assert.match(String(all[0].lastLaunch), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);

    const saved = await rpc('datastore::save', {
      type: 'scenario',
      linkId: -1,
      key: 'rep_garage',
      value: 'oui',
    });
    assert.equal(saved.result, 'ok');
    const answeredAt = Date.now();
    const outcome = await run.done;
    assert.ok(Date.now() - answeredAt <= POLL_MS * 3, 'picked up within about one poll');
    assert.deepEqual([outcome.answer, outcome.timedOut, outcome.stopped], ['oui', false, false]);
    assert.equal(sim.scenarioState(id).state, 'stop');
    assert.equal(sim.variable('rep_garage'), 'oui');
    assert.deepEqual(
      sim.askOutcomes.map((o) => [o.scenarioId, o.variable, o.value, o.timedOut]),
      [[id, 'rep_garage', 'oui', false]],
    );
    // Not validated against the answers, and askResponse's cache reset does not happen.
    assert.equal(sim.equipment.cmdCache(cmd)['ask::variable'], 'rep_garage');
  });

  test('`*` is removed from the answers sent, kept in ask::answer', async () => {
    const cmd = sendCmd();
    const id = sim.addScenario({ name: 'Libre', elements: askScenario(cmd, { answer: '*', timeout: '0' }) });
    const executed: unknown[] = [];
    sim.equipment.onExecute((_id, options) => executed.push((options as Record<string, unknown>).answer));
    await sim.runScenario(id).done;
    assert.deepEqual(executed, [['']]);
    assert.deepEqual(sim.equipment.cmdCache(cmd)['ask::answer'], ['*']);
  });

  test('times out with "Aucune réponse" (box language), ask::variable none', async () => {
    const cmd = sendCmd();
    const id = sim.addScenario({ name: 'Garage', elements: askScenario(cmd, { timeout: '2' }) });
    const started = Date.now();
    const outcome = await sim.runScenario(id).done;
    // timeout + 1 polls.
    assert.ok(Date.now() - started >= POLL_MS * 3 - 5);
    assert.deepEqual([outcome.answer, outcome.timedOut], ['Aucune réponse', true]);
    assert.equal(sim.variable('rep_garage'), 'Aucune réponse');
    assert.equal(sim.equipment.cmdCache(cmd)['ask::variable'], 'none');
    assert.equal(sim.scenarioState(id).state, 'stop');

    sim.state.language = 'de_DE';
    assert.equal((await sim.runScenario(id).done).answer, 'Keine Antwort');
  });

  test('a failing cmd aborts the ask: recorded, the cache stays set, no wait', async () => {
    const cmd = sendCmd(1, 0);
    const id = sim.addScenario({ name: 'Garage', elements: askScenario(cmd, { timeout: '60' }) });
    const outcome = await sim.runScenario(id).done;
    assert.deepEqual([outcome.answer, outcome.asks.length], ['', 0]);
    assert.match(outcome.errors[0], /^Equipement désactivé/);
    assert.equal(sim.scenarioErrors[0].scenarioId, id);
    assert.equal(sim.equipment.cmdCache(cmd)['ask::variable'], 'rep_garage');
    assert.equal(sim.variable('rep_garage'), '');
    assert.equal(hits.length, 0);
  });

  test('changeState run / stop over JSON-RPC; a second run while in progress is refused', async () => {
    const id = sim.addScenario({ name: 'Garage', elements: askScenario(sendCmd(), { timeout: '60' }) });
    assert.equal((await rpc('scenario::changeState', { id, state: 'run' })).result, true);
    await until(() => hits.length === 1);
    assert.equal(sim.scenarioState(id).state, 'in progress');
    assert.equal((await rpc('scenario::changeState', { id, state: 'run' })).result, 'ok');
    sim.setVersion('4.4.20');
    assert.equal((await rpc('scenario::changeState', { id, state: 'run' })).result, false);
    assert.equal((await rpc('scenario::changeState', { id, state: 'stop' })).result, true);
    assert.equal(sim.scenarioState(id).state, 'stop');
    assert.equal((await rpc('scenario::changeState', { id, state: 'x' })).error?.code, -32000);
    assert.equal(sim.askOutcomes.length, 0);
  });

  test('sim.stop() ends a waiting ask at once (no timer left)', async () => {
    sim.state.askPollMs = 1000;
    const id = sim.addScenario({ name: 'Garage', elements: askScenario(sendCmd(), { timeout: '300' }) });
    const run = sim.runScenario(id);
    await until(() => hits.length === 1);
    await sim.stop();
    const outcome = await run.done;
    assert.deepEqual([outcome.stopped, outcome.asks.length], [true, 0]);
    await sim.start();
  });
});

describe('datastore', () => {
  test('byTypeLinkIdKey: the row, or [] ("ok" on 4.5); save upserts', async () => {
    const find = { type: 'scenario', linkId: -1, key: 'rep' };
    assert.equal((await rpc('datastore::byTypeLinkIdKey', find)).result, 'ok');
    sim.setVersion('4.4.20');
    assert.deepEqual((await rpc('datastore::byTypeLinkIdKey', find)).result, []);
    assert.equal((await rpc('datastore::save', { ...find, value: 'non' })).result, 'ok');
    assert.equal((await rpc('datastore::save', { ...find, key: 'REP', value: 'oui' })).result, 'ok');
    assert.deepEqual((await rpc('datastore::byTypeLinkIdKey', find, sim.keys.user)).result, {
      id: '1',
      type: 'scenario',
      link_id: '-1',
      key: 'REP',
      value: 'oui',
    });
    assert.equal(sim.variable('rep'), 'oui');
  });

  test('rights: save is admin only, reading admin or user (701)', async () => {
    const params = { type: 'scenario', linkId: -1, key: 'rep', value: 'oui' };
    assert.deepEqual((await rpc('datastore::save', params, sim.keys.user)).error, {
      code: 701,
      message: NO_RIGHTS,
    });
    assert.equal((await rpc('datastore::byTypeLinkIdKey', params, sim.keys.restrict)).error?.code, 701);
    assert.equal((await rpc('datastore::save', params, sim.keys.core)).result, 'ok');
    assert.equal(sim.variable('rep'), 'oui');
  });

  test('validation: type, linkId, key', async () => {
    const bad = async (params: Record<string, unknown>) => (await rpc('datastore::save', params)).error;
    assert.match((await bad({ type: 'x', linkId: -1, key: 'k' }))?.message ?? '', /^Le type doit être/);
    assert.deepEqual(await bad({ type: 'scenario', linkId: 'a', key: 'k' }), {
      code: -32000,
      message: 'Link_id doit être un chiffre',
    });
    assert.equal(
      (await bad({ type: 'scenario', linkId: -1, key: '' }))?.message,
      'La clef ne peut pas être vide',
    );
  });
});
