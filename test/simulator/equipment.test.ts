import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, test } from 'node:test';
import { JeedomSimulator, JeedomError } from '../../devkit/simulator';
import { simulatorPerTest } from './fresh';

interface RpcReply {
  id: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

type Row = Record<string, unknown>;

let sim: JeedomSimulator;
// These tests spell out PHP 7.4's string integers; the default (PHP 8.2's numbers) is checked by test/contract/.
simulatorPerTest(
  (s) => {
    sim = s;
  },
  { dbIntegers: 'string' },
);

async function rpc(method: string, params: Row = {}, apikey = sim.keys.admin): Promise<RpcReply> {
  const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method, params: { apikey, ...params } });
  const response = await fetch(sim.apiUrl, { method: 'POST', body });
  assert.equal(response.status, 200, `${method} answered HTTP ${response.status}`);
  return JSON.parse(await response.text()) as RpcReply;
}

async function ok<T = Row>(method: string, params: Row = {}, apikey?: string): Promise<T> {
  const reply = await rpc(method, params, apikey);
  assert.equal(reply.error, undefined, `${method}: ${JSON.stringify(reply.error)}`);
  return reply.result as T;
}

async function fails(
  method: string,
  params: Row = {},
  apikey?: string,
): Promise<{ code: number; message: string }> {
  const reply = await rpc(method, params, apikey);
  assert.ok(reply.error, `expected an error, got ${JSON.stringify(reply.result)}`);
  return reply.error;
}

/** A local endpoint, like the app's: records each request, answers with `answer`. */
interface Endpoint {
  url: string;
  port: number;
  hits: IncomingMessage[];
  close(): Promise<void>;
}

async function endpoint(
  answer: (req: IncomingMessage, res: ServerResponse, hit: number) => void,
): Promise<Endpoint> {
  const hits: IncomingMessage[] = [];
  const server = createServer((req, res) => answer(req, res, hits.push(req)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/api/apps/public/app-id/jeedom`,
    port,
    hits,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

const answerOk = (_req: IncomingMessage, res: ServerResponse) => res.end('ok');

function sendCmd(url: string, extra: Row = {}): Row {
  return {
    logicalId: 'send',
    name: 'Envoyer',
    type: 'action',
    subType: 'message',
    isVisible: 1,
    configuration: {
      requestType: 'http',
      request: `${url}?room=R1&title=#title#&message=#message#&ts=#timestamp#`,
      http_username: 'jeedom',
      http_password: 'room-token-0123456789',
      timeout: 2,
      maxHttpRetry: 2,
      reponseMustContain: 'ok',
      ...extra,
    },
  };
}

function infoCmd(logicalId: string, name: string, repeat = 'always'): Row {
  return {
    logicalId,
    name,
    type: 'info',
    subType: 'string',
    configuration: { requestType: 'http', request: '', repeatEventManagement: repeat },
  };
}

function channel(extra: Row = {}, url = 'http://127.0.0.1:9/hook'): Row {
  return {
    name: 'Général',
    eqType_name: 'script',
    logicalId: 'rocketchat:R1',
    object_id: 1,
    isEnable: 1,
    isVisible: 1,
    configuration: { rocketchatRoomId: 'R1' },
    cmd: [sendCmd(url), infoCmd('lastMessage', 'Dernier message'), infoCmd('lastSender', 'Dernier auteur')],
    ...extra,
  };
}

async function fullById(id: unknown): Promise<Row & { cmds: Row[] }> {
  return ok<Row & { cmds: Row[] }>('eqLogic::fullById', { id });
}

const cmdOf = (eq: { cmds: Row[] }, logicalId: string) => {
  const cmd = eq.cmds.find((c) => c.logicalId === logicalId);
  assert.ok(cmd, `no cmd ${logicalId}`);
  return cmd;
};

async function create(extra: Row = {}, url?: string): Promise<Row & { cmds: Row[] }> {
  const saved = await ok('eqLogic::save', channel(extra, url));
  return fullById(saved.id);
}

describe('object::all / object::byId', () => {
  test('lists every object ORDER BY father_id, position, name, ids as strings', async () => {
    const objects = await ok<Row[]>('object::all', {}, sim.keys.restrict);
    assert.deepEqual(
      objects.map((o) => [o.id, o.name, o.father_id, o.img]),
      [
        ['2', 'Maison', null, ''],
        ['1', 'Salon', '2', ''],
      ],
    );
  });

  test('an unknown id is 601 "Objet introuvable : <id>"; jeeObject:: is an alias', async () => {
    assert.deepEqual(await fails('object::byId', { id: 9 }), { code: 601, message: 'Objet introuvable : 9' });
    assert.equal((await ok('jeeObject::byId', { id: '1' })).name, 'Salon');
  });
});

describe('eqLogic::save', () => {
  test('creates the equipment, then its cmds; the answer has no cmds and a string id', async () => {
    const saved = await ok('eqLogic::save', channel());
    assert.equal(saved.id, '1');
    assert.equal('cmd' in saved || 'cmds' in saved, false);
    assert.deepEqual([saved.name, saved.isEnable, saved.object_id, saved.order], ['Général', 1, 1, 9999]);
    assert.match(String((saved.configuration as Row).createtime), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    const eq = await fullById(saved.id);
    assert.deepEqual(
      eq.cmds.map((c) => [c.logicalId, c.name, c.type, c.subType, c.order]),
      [
        ['send', 'Envoyer', 'action', 'message', '0'],
        ['refresh', 'Rafraichir', 'action', 'other', '0'],
        ['lastMessage', 'Dernier message', 'info', 'string', '1'],
        ['lastSender', 'Dernier auteur', 'info', 'string', '2'],
      ],
    );
    assert.equal(
      cmdOf(eq, 'refresh').id,
      '1',
      'the refresh cmd comes first: script::postSave runs before the list',
    );
    assert.deepEqual(cmdOf(eq, 'send').template, { dashboard: 'core::default', mobile: 'core::default' });
  });

  test('isEnable/isVisible default to 0, and JSON booleans count as 0 (is_numeric(true) is false)', async () => {
    const { id } = await ok('eqLogic::save', { name: 'A', eqType_name: 'script' });
    assert.deepEqual(
      [sim.equipment.eqLogic(Number(id))?.isEnable, sim.equipment.eqLogic(Number(id))?.isVisible],
      [0, 0],
    );
    const saved = await ok('eqLogic::save', {
      name: 'B',
      eqType_name: 'script',
      isEnable: true,
      isVisible: true,
    });
    assert.deepEqual([saved.isEnable, saved.isVisible], [0, 0]);
  });

  test('a re-save listing the cmds with their ids keeps them; configuration merges per key, null deletes', async () => {
    const eq = await create();
    const cmds = eq.cmds.filter((c) => c.logicalId !== 'refresh').map((c) => ({ id: c.id, name: c.name }));
    await ok('eqLogic::save', {
      id: eq.id,
      eqType_name: 'script',
      configuration: { extra: 'x', rocketchatRoomId: null },
      cmd: cmds,
    });
    const after = await fullById(eq.id);
    assert.deepEqual(
      after.cmds.map((c) => c.id),
      eq.cmds.map((c) => c.id),
    );
    const configuration = after.configuration as Row;
    assert.equal(configuration.extra, 'x');
    assert.equal('rocketchatRoomId' in configuration, false);
    assert.ok(configuration.createtime && configuration.updatetime);
    assert.equal(
      cmdOf(after, 'send').configuration && (cmdOf(after, 'send').configuration as Row).requestType,
      'http',
    );
  });

  test('a re-save without cmd ids replaces them: the old ones are deleted, refresh is kept', async () => {
    const eq = await create();
    await ok('eqLogic::save', { id: eq.id, eqType_name: 'script', cmd: [infoCmd('lastMessage', 'Message')] });
    const after = await fullById(eq.id);
    assert.deepEqual(
      after.cmds.map((c) => [c.logicalId, c.id]),
      [
        ['lastMessage', '5'],
        ['refresh', cmdOf(eq, 'refresh').id],
      ],
    );
    const send = await fails('cmd::byId', { id: cmdOf(eq, 'send').id });
    assert.equal(send.code, 701);
  });

  test('the new cmds are inserted before the old ones go: same name without id is a duplicate', async () => {
    const eq = await create();
    const error = await fails('eqLogic::save', {
      id: eq.id,
      eqType_name: 'script',
      cmd: [infoCmd('lastMessage', 'Dernier message')],
    });
    assert.match(
      error.message,
      /^\[MySQL\] Error code : 23000 \(1062\)\. Duplicate entry '1-Dernier message' for key 'unique'/,
    );
    assert.equal((await fullById(eq.id)).cmds.length, 4, 'nothing was removed');
  });

  test('cmd: [] removes every cmd but refresh; no cmd key leaves them alone', async () => {
    const eq = await create();
    await ok('eqLogic::save', { id: eq.id, eqType_name: 'script', name: 'Renamed' });
    assert.equal((await fullById(eq.id)).cmds.length, 4);
    await ok('eqLogic::save', { id: eq.id, eqType_name: 'script', cmd: [] });
    assert.deepEqual(
      (await fullById(eq.id)).cmds.map((c) => c.logicalId),
      ['refresh'],
    );
  });

  test('a missing or disabled plugin fails the class check, before the rights check', async () => {
    const expected = { code: -32000, message: 'Type incorrect (classe commande inexistante)scriptCmd' };
    sim.setPluginActive('script', false);
    assert.deepEqual(await fails('eqLogic::save', channel()), expected);
    assert.deepEqual(await fails('eqLogic::save', channel(), sim.keys.user), expected);
    sim.removePlugin('script');
    assert.deepEqual(await fails('eqLogic::save', channel()), expected);
    assert.deepEqual(await fails('eqLogic::save', { name: 'x' }), {
      code: -32000,
      message: 'Type incorrect (classe commande inexistante)Cmd',
    });
    assert.equal(sim.equipment.eqLogicRows().length, 0);
  });

  test('refuses user and restrict profiles with code 1 naming the method', async () => {
    const expected = { code: 1, message: "Vous n'êtes pas autorisé à effectuer cette action eqLogic::save" };
    assert.deepEqual(await fails('eqLogic::save', channel(), sim.keys.user), expected);
    assert.deepEqual(await fails('eqLogic::save', channel(), sim.keys.restrict), expected);
    assert.equal((await ok('eqLogic::save', channel(), sim.keys.core)).id, '1');
  });

  test('cleans the name like cleanComponanteName, cuts at 127 bytes, trims', async () => {
    const saved = await ok('eqLogic::save', {
      name: '  Mon <i>salon</i> & [test] #1 / "x" * 50%\t ',
      eqType_name: 'script',
    });
    assert.equal(saved.name, 'Mon salon test 1 x 50');
    const long = await ok('eqLogic::save', { name: 'a'.repeat(200), eqType_name: 'script' });
    assert.equal(long.name, 'a'.repeat(127));
  });

  test('a 127-byte cut inside a UTF-8 character is refused by MySQL', async () => {
    const error = await fails('eqLogic::save', { name: 'é'.repeat(64), eqType_name: 'script' });
    assert.equal(error.code, -32000);
    assert.match(
      error.message,
      /^\[MySQL\] Error code : 22007 \(1366\)\. Incorrect string value: '\\xC3' for column `jeedom`\.`eqLogic`\.`name` at row 1 {2}: INSERT INTO `eqLogic` SET `id` = :id, `name` = :name,/,
    );
  });

  test('an empty name is refused', async () => {
    const error = await fails('eqLogic::save', { name: ' <b></b> ', eqType_name: 'script' });
    assert.equal(error.code, -32000);
    assert.ok(error.message.startsWith("Le nom de l'équipement ne peut pas être vide : script Object\n("));
  });

  test('(name, object_id) is unique, case- and accent-insensitively; no object never clashes', async () => {
    await ok('eqLogic::save', { name: 'Général', eqType_name: 'script', object_id: 1 });
    const error = await fails('eqLogic::save', { name: 'general', eqType_name: 'script', object_id: '1' });
    assert.equal(error.code, -32000);
    assert.ok(
      error.message.startsWith(
        "[MySQL] Error code : 23000 (1062). Duplicate entry 'general-1' for key 'unique'  : INSERT INTO `eqLogic` SET",
      ),
      error.message,
    );
    await ok('eqLogic::save', { name: 'Général', eqType_name: 'script', object_id: 2 });
    await ok('eqLogic::save', { name: 'Général', eqType_name: 'script', object_id: 'none' });
    const again = await ok('eqLogic::save', { name: 'Général', eqType_name: 'script' });
    assert.equal(again.object_id, null);
    assert.equal(again.id, '5', 'the refused INSERT used an auto-increment value');
  });

  test('a failing cmd leaves the equipment and the cmds saved before it', async () => {
    const bad = {
      name: 'Sans requête',
      type: 'action',
      subType: 'other',
      configuration: { requestType: 'http' },
    };
    const error = await fails(
      'eqLogic::save',
      channel({ cmd: [infoCmd('lastMessage', 'Dernier message'), bad] }),
    );
    assert.deepEqual(error, { code: -32000, message: 'Le champ requête ne peut pas être vide' });
    const [eq] = await ok<Row[]>('eqLogic::byType', { type: 'script' });
    assert.deepEqual(
      (await fullById(eq.id)).cmds.map((c) => [c.logicalId, c.order]),
      [
        ['lastMessage', '0'],
        ['refresh', '0'],
      ],
    );
  });

  test('every cmd needs a requestType; cmd names are unique per equipment', async () => {
    const noType = { ...infoCmd('x', 'X'), configuration: {} };
    assert.deepEqual(await fails('eqLogic::save', channel({ name: 'A', cmd: [noType] })), {
      code: -32000,
      message: 'Le champ requête type ne peut pas être vide',
    });
    const error = await fails(
      'eqLogic::save',
      channel({ name: 'B', cmd: [infoCmd('a', 'Même'), infoCmd('b', 'même')] }),
    );
    assert.match(
      error.message,
      /^\[MySQL\] Error code : 23000 \(1062\)\. Duplicate entry '\d+-même' for key 'unique' {2}: INSERT INTO `cmd`/,
    );
  });

  test('an error that prints the refused cmd (print_r) shows its password; the call log masks it', async () => {
    const nameless = { ...sendCmd('http://127.0.0.1:9/x'), name: '' };
    const error = await fails('eqLogic::save', channel({ cmd: [nameless] }));
    assert.ok(error.message.startsWith('Le nom de la commande ne peut pas être vide :scriptCmd Object\n('));
    assert.ok(error.message.includes('room-token-0123456789'), 'Jeedom answers with the whole object');
    assert.equal(JSON.stringify(sim.calls).includes('room-token'), false);
  });

  test('a stale id (equipment deleted in Jeedom) is a PHP fatal error: HTTP 500, nothing created', async () => {
    const eq = await create();
    sim.equipment.removeEqLogic(Number(eq.id));
    const response = await fetch(sim.apiUrl, {
      method: 'POST',
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'eqLogic::save',
        params: { apikey: sim.keys.admin, ...channel({ id: eq.id }) },
      }),
    });
    assert.equal(response.status, 500);
    assert.equal(await response.text(), '');
    assert.deepEqual(sim.equipment.eqLogicRows(), []);
  });
});

describe('eqLogic finders', () => {
  test('byType: equipments with status and cache, no cmds; the type compares case-insensitively', async () => {
    await create();
    const list = await ok<Row[]>('eqLogic::byType', { type: 'Script' });
    assert.equal(list.length, 1);
    assert.deepEqual(Object.keys(list[0]), [
      'id',
      'name',
      'logicalId',
      'generic_type',
      'object_id',
      'eqType_name',
      'isVisible',
      'isEnable',
      'configuration',
      'timeout',
      'category',
      'display',
      'order',
      'comment',
      'tags',
      'status',
      'cache',
    ]);
    assert.deepEqual([list[0].id, list[0].object_id, list[0].isEnable], ['1', '1', '1']);
  });

  test('all: ORDER BY object name then name; restrict profiles see only equipments they may read', async () => {
    await ok('eqLogic::save', { name: 'Zèbre', eqType_name: 'script', object_id: 2 });
    await ok('eqLogic::save', { name: 'Alpha', eqType_name: 'script', object_id: 1 });
    await ok('eqLogic::save', { name: 'Sans pièce', eqType_name: 'script' });
    const names = (list: Row[]) => list.map((e) => e.name);
    assert.deepEqual(names(await ok<Row[]>('eqLogic::all')), ['Sans pièce', 'Zèbre', 'Alpha']);
    assert.equal(await ok('eqLogic::all', {}, sim.keys.restrict), 'ok');
    sim.equipment.setRights('leo', 2, 'r');
    assert.deepEqual(names(await ok<Row[]>('eqLogic::byType', { type: 'script' }, sim.keys.restrict)), [
      'Alpha',
    ]);
  });

  test('byObjectId lists enabled equipments only; byTypeAndId answers by type and by id', async () => {
    const eq = await create();
    await ok('eqLogic::save', { name: 'Off', eqType_name: 'script', object_id: 1 });
    assert.deepEqual(
      (await ok<Row[]>('eqLogic::byObjectId', { object_id: 1 })).map((e) => e.name),
      ['Général'],
    );
    sim.equipment.addEqLogic({ name: 'Portail', eqType_name: 'camera', isEnable: 1 });
    const both = await ok<Record<string, unknown>>('eqLogic::byTypeAndId', {
      eqType: ['camera'],
      id: [eq.id],
    });
    assert.deepEqual(Object.keys(both), ['1', 'camera']);
    assert.equal((both['1'] as { cmds: Row[] }).cmds.length, 4);
    const [camera] = both.camera as Row[];
    assert.deepEqual([camera.name, 'cmds' in camera], ['Portail', false], 'no cmds key when there is none');
  });

  test('byId / fullById: 602 when unknown, code 1 naming the method without the r right', async () => {
    const eq = await create();
    assert.deepEqual(await fails('eqLogic::byId', { id: 99 }), {
      code: 602,
      message: 'EqLogic introuvable : 99',
    });
    assert.deepEqual(await fails('eqLogic::fullById', { id: eq.id }, sim.keys.restrict), {
      code: 1,
      message: "Vous n'êtes pas autorisé à effectuer cette action eqLogic::fullById",
    });
    assert.equal((await ok('eqLogic::byId', { id: '1abc' })).name, 'Général', "MySQL reads '1abc' as 1");
  });

  test('fullById: cmds in exportApi form, currentValue = cached value (info) or lastCmdValue (action)', async () => {
    const eq = await create();
    const info = cmdOf(eq, 'lastMessage');
    assert.equal(info.currentValue, '');
    assert.equal(cmdOf(eq, 'send').currentValue, null);
    assert.equal((cmdOf(eq, 'send').configuration as Row).http_password, 'room-token-0123456789');
    await ok('cmd::event', { id: info.id, value: 'hello' });
    assert.equal(cmdOf(await fullById(eq.id), 'lastMessage').currentValue, 'hello');
    assert.deepEqual(Object.keys(info).slice(0, 5), ['id', 'logicalId', 'generic_type', 'eqType', 'name']);
  });

  test('with PHP >= 8.1 integers come back as numbers, except the id eqLogic::save returns', async () => {
    sim.equipment.integers = 'number';
    const saved = await ok('eqLogic::save', channel());
    assert.equal(saved.id, '1');
    const eq = await fullById(1);
    assert.deepEqual([eq.id, eq.object_id, eq.isEnable, cmdOf(eq, 'send').eqLogic_id], [1, 1, 1, 1]);
    assert.equal(cmdOf(eq, 'send').isHistorized, '0', 'a varchar column stays a string');
  });

  test('4.5 answers "ok" for empty lists, 4.4 sends []', async () => {
    assert.equal(await ok('eqLogic::byType', { type: 'script' }), 'ok');
    assert.equal(await ok('cmd::byEqLogicId', { eqLogic_id: 1 }), 'ok');
    sim.setVersion('4.4.20');
    assert.deepEqual(await ok('eqLogic::byType', { type: 'script' }), []);
    assert.deepEqual(await ok('object::all', {}).then((o) => (o as unknown as Row[]).length), 2);
  });
});

describe('cmd::byId / cmd::save', () => {
  test('an unknown cmd is 701 "Commande introuvable" on 4.5, "Cmd introuvable" on 4.4', async () => {
    assert.deepEqual(await fails('cmd::byId', { id: 99 }), {
      code: 701,
      message: 'Commande introuvable : 99',
    });
    sim.setVersion('4.4.20');
    assert.deepEqual(await fails('cmd::byId', { id: 99 }), { code: 701, message: 'Cmd introuvable : 99' });
  });

  test('a new cmd is a core cmd: no script preSave, isVisible 1, eqType from the equipment; admin only', async () => {
    const eq = await create();
    const params = {
      eqType_name: 'script',
      eqLogic_id: eq.id,
      name: '@marie',
      type: 'action',
      subType: 'message',
    };
    assert.deepEqual(await fails('cmd::save', params, sim.keys.user), {
      code: 1,
      message: "Vous n'êtes pas autorisé à effectuer cette action",
    });
    const saved = await ok('cmd::save', params);
    assert.deepEqual([saved.id, saved.isVisible, saved.eqType, saved.configuration], ['5', 1, 'script', []]);
    assert.deepEqual(await fails('cmd::save', { ...params, eqType_name: 'nope' }), {
      code: -32000,
      message: 'Type incorrect (classe commande inexistante)nopeCmd',
    });
  });

  test('with an id it updates that cmd, through the plugin class (preSave applies); users may', async () => {
    const eq = await create();
    const send = cmdOf(eq, 'send');
    const renamed = await ok('cmd::save', { id: send.id, name: 'Poster' }, sim.keys.user);
    assert.equal(renamed.name, 'Poster');
    assert.deepEqual(await fails('cmd::save', { id: send.id, configuration: { request: null } }), {
      code: -32000,
      message: 'Le champ requête ne peut pas être vide',
    });
    assert.deepEqual(await fails('cmd::save', { id: send.id, name: 'x' }, sim.keys.restrict), {
      code: -32000,
      message: "Vous n'êtes pas autorisé à faire cette action",
    });
  });
});

describe('cmd::event', () => {
  test('stores the value (trimmed, outer quotes removed); execCmd of an info answers it', async () => {
    const eq = await create();
    const info = cmdOf(eq, 'lastMessage');
    assert.equal(
      await ok('cmd::event', { id: info.id, value: '  "Salut"  ', datetime: '2024-05-01 10:00:00' }),
      'ok',
    );
    assert.deepEqual(await ok('cmd::execCmd', { id: info.id }), {
      value: 'Salut',
      collectDate: '2024-05-01 10:00:00',
    });
    assert.equal(sim.equipment.cmdValue(Number(info.id)), 'Salut');
  });

  test('repeat rule: `never` keeps repeats out of the triggers, `always` triggers each time', async () => {
    const eq = await create({
      cmd: [
        infoCmd('lastMessage', 'Dernier message', 'always'),
        infoCmd('lastSender', 'Dernier auteur', 'never'),
      ],
    });
    for (const logicalId of ['lastMessage', 'lastSender']) {
      for (const value of ['a', 'a', 'b']) await ok('cmd::event', { id: cmdOf(eq, logicalId).id, value });
    }
    const flags = (logicalId: string) =>
      sim.equipment.events(Number(cmdOf(eq, logicalId).id)).map((e) => [e.value, e.repeat, e.triggered]);
    assert.deepEqual(flags('lastMessage'), [
      ['a', false, true],
      ['a', true, true],
      ['b', false, true],
    ]);
    assert.deepEqual(flags('lastSender'), [
      ['a', false, true],
      ['a', true, false],
      ['b', false, true],
    ]);
  });

  test('silently ignored: an action cmd, a disabled equipment, a denied value', async () => {
    const eq = await create();
    const info = cmdOf(eq, 'lastMessage');
    assert.equal(await ok('cmd::event', { id: cmdOf(eq, 'send').id, value: 'x' }), 'ok');
    await ok('cmd::save', { id: info.id, configuration: { denyValues: 'spam;42' } });
    assert.equal(await ok('cmd::event', { id: info.id, value: '42.0' }), 'ok');
    await ok('eqLogic::save', { id: eq.id, eqType_name: 'script', isEnable: 0 });
    assert.equal(await ok('cmd::event', { id: info.id, value: 'hello' }), 'ok');
    assert.deepEqual(sim.equipment.events(Number(info.id)), []);
    assert.deepEqual(sim.equipment.events(Number(cmdOf(eq, 'send').id)), []);
  });

  test('numeric out of range: dropped on 4.4, clamped on 4.5', async () => {
    const eq = await create();
    const temp = await ok('cmd::save', {
      eqType_name: 'script',
      eqLogic_id: eq.id,
      name: 'Température',
      type: 'info',
      subType: 'numeric',
      configuration: { minValue: 0, maxValue: 40 },
    });
    await ok('cmd::event', { id: temp.id, value: '55,5' });
    assert.equal(sim.equipment.cmdValue(Number(temp.id)), 40);
    sim.setVersion('4.4.20');
    await ok('cmd::event', { id: temp.id, value: 12 });
    await ok('cmd::event', { id: temp.id, value: -3 });
    assert.deepEqual(
      sim.equipment.events(Number(temp.id)).map((e) => e.value),
      [40, 12],
    );
  });

  test('an unknown cmd is 702; a restrict profile without the r right gets 701', async () => {
    const eq = await create();
    assert.deepEqual(await fails('cmd::event', { id: 99, value: 1 }), {
      code: 702,
      message: 'Commande introuvable : 99',
    });
    assert.deepEqual(
      await fails('cmd::event', { id: cmdOf(eq, 'lastMessage').id, value: 1 }, sim.keys.restrict),
      {
        code: 701,
        message: "Vous n'avez pas les droits sur cette commande",
      },
    );
    sim.equipment.setRights('leo', Number(eq.id), 'r');
    assert.equal(
      await ok('cmd::event', { id: cmdOf(eq, 'lastMessage').id, value: 1 }, sim.keys.restrict),
      'ok',
    );
  });
});

describe('script http action', () => {
  let app: Endpoint;

  afterEach(async () => {
    await app.close();
  });

  test('GET with urlencoded title/message, #timestamp#, basic auth and Connection: close', async () => {
    app = await endpoint(answerOk);
    const eq = await create({}, app.url);
    const before = Math.floor(Date.now() / 1000);
    const result = await ok('cmd::execCmd', {
      id: cmdOf(eq, 'send').id,
      options: { title: 'Alerte (cuisine)', message: "L'eau bout à 100°C ~ 50% #x" },
    });
    assert.equal(result, 'ok');
    assert.equal(app.hits.length, 1);
    const [hit] = app.hits;
    const url = new URL(hit.url ?? '', 'http://x');
    assert.equal(hit.method, 'GET');
    assert.equal(
      url.search.replace(/&ts=\d+$/, ''),
      '?room=R1&title=Alerte+%28cuisine%29&message=L%27eau+bout+%C3%A0+100%C2%B0C+%7E+50%25+%23x',
    );
    const ts = Number(url.searchParams.get('ts'));
    assert.ok(ts >= before && ts <= before + 2);
    assert.equal(
      hit.headers.authorization,
      `Basic ${Buffer.from('jeedom:room-token-0123456789').toString('base64')}`,
    );
    assert.equal(hit.headers.connection, 'close');
    const [request] = sim.scriptRequests;
    assert.deepEqual(
      [request.attempt, request.maxAttempts, request.status, request.body, request.username],
      [1, 2, 200, 'ok', 'jeedom'],
    );
    assert.equal(JSON.stringify(sim.scriptRequests).includes('room-token'), false);
    assert.equal(JSON.stringify(sim.calls).includes('room-token'), false, 'the call log masks http_password');
  });

  test("`#<id>#` in options is replaced by the info's value before the request", async () => {
    app = await endpoint(answerOk);
    const eq = await create({}, app.url);
    const info = cmdOf(eq, 'lastSender');
    await ok('cmd::event', { id: info.id, value: 'secret value' });
    await ok('cmd::execCmd', {
      id: cmdOf(eq, 'send').id,
      options: { title: '', message: `leak #${info.id}#` },
    });
    assert.equal(new URL(app.hits[0].url ?? '', 'http://x').searchParams.get('message'), 'leak secret value');
  });

  test('template: quotes \' removed, " and spaces encoded, #eqLogic_id# and #cmd_id# filled', async () => {
    app = await endpoint(answerOk);
    const request = `${app.url}?a='q' "b" c d&eq=#eqLogic_id#&cmd=#cmd_id#&m=#message#`;
    const eq = await create({ cmd: [sendCmd(app.url, { request })] });
    const send = cmdOf(eq, 'send');
    await ok('cmd::execCmd', { id: send.id, options: { message: 'hi' } });
    assert.equal(
      app.hits[0].url,
      `/api/apps/public/app-id/jeedom?a=q%20%22b%22%20c%20d&eq=${eq.id}&cmd=${send.id}&m=hi`,
    );
  });

  test('empty title and message: "Le message et le sujet ne peuvent pas être vide", nothing sent', async () => {
    app = await endpoint(answerOk);
    const eq = await create({}, app.url);
    assert.deepEqual(
      await fails('cmd::execCmd', { id: cmdOf(eq, 'send').id, options: { title: '', message: '' } }),
      {
        code: -32000,
        message: 'Le message et le sujet ne peuvent pas être vide',
      },
    );
    assert.equal(app.hits.length, 0);
  });

  test('a stalled first attempt times out and is retried after 0.5 s: exactly 2 requests', async () => {
    app = await endpoint((_req, res, hit) => {
      if (hit > 1) res.end('ok');
    });
    const eq = await create({ cmd: [sendCmd(app.url, { timeout: 0.3, maxHttpRetry: 2 })] });
    const started = Date.now();
    assert.equal(await ok('cmd::execCmd', { id: cmdOf(eq, 'send').id, options: { message: 'm' } }), 'ok');
    assert.ok(Date.now() - started >= 750);
    assert.equal(app.hits.length, 2);
    const [first, second] = sim.scriptRequests;
    assert.match(first.error ?? '', /^Operation timed out after \d+ milliseconds with 0 bytes received$/);
    assert.deepEqual([second.attempt, second.status, second.body], [2, 200, 'ok']);
  });

  test('HTTP status is ignored: a 500 whose body contains "ok" is a success, not retried', async () => {
    app = await endpoint((_req, res) => {
      res.statusCode = 500;
      res.end('ok but broken');
    });
    const eq = await create({}, app.url);
    assert.equal(await ok('cmd::execCmd', { id: cmdOf(eq, 'send').id, options: { message: 'm' } }), 'ok');
    assert.equal(app.hits.length, 1);
  });

  test('reponseMustContain: "La réponse ne contient pas "ok" : "<body>""', async () => {
    app = await endpoint((_req, res) => res.end('  denied\n'));
    const eq = await create({}, app.url);
    assert.deepEqual(await fails('cmd::execCmd', { id: cmdOf(eq, 'send').id, options: { message: 'm' } }), {
      code: -32000,
      message: 'La réponse ne contient pas "ok" : "denied"',
    });
  });

  test('every attempt failing: "Echec de la requête HTTP : <url> cURL error : …" with code -32404', async () => {
    app = await endpoint(answerOk);
    const url = app.url;
    await app.close();
    const eq = await create({}, url);
    const error = await fails('cmd::execCmd', {
      id: cmdOf(eq, 'send').id,
      options: { title: 't', message: 'm' },
    });
    assert.equal(error.code, -32404);
    const escaped = `${url}?room=R1&title=t&message=m&ts=`.replace(/[.?]/g, '\\$&');
    const reason = `Failed to connect to 127\\.0\\.0\\.1 port ${app.port} after \\d+ ms: Couldn't connect to server`;
    assert.match(
      error.message,
      new RegExp(`^Echec de la requête HTTP : ${escaped}\\d+ cURL error : ${reason}$`),
    );
    assert.deepEqual(
      sim.scriptRequests.map((r) => r.attempt),
      [1, 2],
    );
  });

  test('executeCommand runs it as a scenario would, with the same result and errors', async () => {
    app = await endpoint((_req, res, hit) => res.end(hit === 1 ? 'ok' : 'no'));
    const eq = await create({}, app.url);
    const id = String(cmdOf(eq, 'send').id);
    assert.equal(await sim.executeCommand(id, { title: 'q', message: 'q' }), '0');
    await assert.rejects(sim.executeCommand(id, { message: 'q' }), (error: unknown) => {
      assert.ok(error instanceof JeedomError);
      assert.equal(error.message, 'La réponse ne contient pas "ok" : "no"');
      return true;
    });
    await ok('eqLogic::save', { id: eq.id, eqType_name: 'script', isEnable: 0 });
    await assert.rejects(sim.executeCommand(id, { message: 'q' }), {
      message: "Equipement désactivé - impossible d'exécuter la commande : [Salon][Général][Envoyer]",
    });
    assert.equal(app.hits.length, 2);
  });

  test('on 4.4 an action answers [] instead of "ok"', async () => {
    app = await endpoint(answerOk);
    sim.setVersion('4.4.20');
    const eq = await create({}, app.url);
    assert.deepEqual(await ok('cmd::execCmd', { id: cmdOf(eq, 'send').id, options: { message: 'm' } }), []);
  });
});

test('stop() aborts a script request in flight: the process exits by itself and prints nothing', async () => {
  const script = `
    const http = require('node:http');
    const { JeedomSimulator } = require(${JSON.stringify(path.join(__dirname, '..', '..', 'devkit', 'simulator', 'index.ts'))});
    (async () => {
      const stall = http.createServer();
      const inFlight = new Promise((resolve) => stall.once('request', resolve));
      await new Promise((resolve) => stall.listen(0, '127.0.0.1', resolve));
      const url = 'http://127.0.0.1:' + stall.address().port + '/x?m=#message#';
      const sim = new JeedomSimulator();
      await sim.start();
      const id = sim.equipment.addEqLogic({ name: 'E', eqType_name: 'script', isEnable: 1 });
      const cmd = sim.equipment.addCmd({ eqLogic_id: id, name: 'S', type: 'action', subType: 'message',
        configuration: { requestType: 'http', request: url, timeout: 0, maxHttpRetry: 3 } });
      const run = sim.executeCommand(cmd, { message: 'x' }).then(() => 'done', (e) => e.message);
      await inFlight; // the script request has reached the (silent) server: it is in flight
      await sim.stop();
      stall.closeAllConnections();
      stall.close();
      process.stdout.write('[' + (await run) + ']');
    })();`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let errors = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const killer = setTimeout(() => child.kill(), 20_000);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearTimeout(killer);
  assert.equal(code, 0, 'the child process had to be killed: something kept it alive');
  assert.equal(output, '[The Jeedom simulator stopped]');
  assert.equal(errors, '');
});
