/**
 * The camera plugin: cameras with a rotating local key, `eqLogic::byType` returning it decrypted, and
 * snapshot.php answering a real JPEG, or an empty HTTP 200 for anything wrong.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SNAPSHOT_PATH, type JeedomSimulator } from '../../devkit/simulator';
import { simulatorPerTest } from './fresh';

let sim: JeedomSimulator;
simulatorPerTest((s) => {
  sim = s;
});

interface Camera {
  id: string;
  name: string;
  eqType_name: string;
  configuration: Record<string, unknown>;
}

async function rpc<T>(method: string, params: Record<string, unknown>): Promise<T> {
  const body = JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method,
    params: { apikey: sim.keys.admin, ...params },
  });
  const reply = (await (await fetch(sim.apiUrl, { method: 'POST', body })).json()) as { result: T };
  return reply.result;
}

async function snapshot(query: Record<string, string | number>) {
  const search = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
  const response = await fetch(`${sim.baseUrl}${SNAPSHOT_PATH}?${search}`);
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    bytes: Buffer.from(await response.arrayBuffer()),
  };
}

/** Walks the JPEG's segments up to the scan: SOI first, EOI last, and the frame size from SOF0. */
function jpegSize(bytes: Buffer): { width: number; height: number } {
  assert.deepEqual([...bytes.subarray(0, 2)], [0xff, 0xd8], 'starts with SOI');
  assert.deepEqual([...bytes.subarray(-2)], [0xff, 0xd9], 'ends with EOI');
  let size: { width: number; height: number } | undefined;
  for (let at = 2; at < bytes.length;) {
    assert.equal(bytes[at], 0xff, `a marker at ${at}`);
    const marker = bytes[at + 1];
    if (marker === 0xc0) size = { height: bytes.readUInt16BE(at + 5), width: bytes.readUInt16BE(at + 7) };
    if (marker === 0xda) break;
    at += 2 + bytes.readUInt16BE(at + 2);
  }
  assert.ok(size, 'a baseline frame header (SOF0)');
  return size;
}

describe('cameras', () => {
  test('eqLogic::byType returns each camera with its 64-character key, decrypted', async () => {
    const garden = sim.addCamera({ name: 'Jardin', objectId: 1 });
    const door = sim.addCamera({ name: 'Entrée' });
    const cameras = await rpc<Camera[]>('eqLogic::byType', { type: 'camera' });
    assert.deepEqual(cameras.map((c) => c.name).sort(), ['Entrée', 'Jardin']);
    const byId = new Map(cameras.map((c) => [Number(c.id), c]));
    for (const id of [garden, door]) {
      const key = byId.get(id)?.configuration.localApiKey;
      assert.match(String(key), /^[a-zA-Z0-9]{64}$/);
      assert.equal(key, sim.cameraKey(id));
    }
    assert.notEqual(sim.cameraKey(garden), sim.cameraKey(door));
  });

  test('a camera has the cmds camera::postSave() creates, sendSnapshot among them', async () => {
    const id = sim.addCamera({ name: 'Garage' });
    const full = await rpc<{ cmds: Array<{ logicalId: string; subType: string }> }>('eqLogic::fullById', {
      id,
    });
    const send = full.cmds.find((c) => c.logicalId === 'sendSnapshot');
    assert.equal(send?.subType, 'message');
    assert.equal(full.cmds.length, 5);
  });

  test('rotating the key: the new key in byType, the old one no longer works', async () => {
    const id = sim.addCamera({ name: 'Jardin' });
    const old = sim.cameraKey(id);
    const fresh = sim.rotateCameraKey(id);
    assert.notEqual(fresh, old);
    const [camera] = await rpc<Camera[]>('eqLogic::byType', { type: 'camera' });
    assert.equal(camera.configuration.localApiKey, fresh);
    assert.equal((await snapshot({ id, apikey: old })).bytes.length, 0);
    assert.equal((await snapshot({ id, apikey: fresh })).status, 200);
  });
});

describe('snapshot.php', () => {
  test('the right id and key: a real baseline JPEG', async () => {
    const id = sim.addCamera({ name: 'Jardin' });
    const reply = await snapshot({ id, apikey: sim.cameraKey(id) });
    assert.equal(reply.status, 200);
    assert.equal(reply.type, 'image/jpeg');
    assert.deepEqual(jpegSize(reply.bytes), { width: 64, height: 48 });
    assert.ok(reply.bytes.length < 1000, 'a few hundred bytes');
  });

  test('two cameras give two different images', async () => {
    const [a, b] = [sim.addCamera({ name: 'A' }), sim.addCamera({ name: 'B' })];
    const first = await snapshot({ id: a, apikey: sim.cameraKey(a) });
    const second = await snapshot({ id: b, apikey: sim.cameraKey(b) });
    assert.notDeepEqual(first.bytes, second.bytes);
  });

  test('anything wrong: HTTP 200 and an empty body, like the real file', async () => {
    const id = sim.addCamera({ name: 'Jardin' });
    const notCamera = sim.equipment.addEqLogic({ name: 'Lampe', eqType_name: 'script' });
    const other = sim.addCamera({ name: 'Autre' });
    const cases: Array<Record<string, string | number>> = [
      { id, apikey: 'wrong' },
      { id },
      { id: 999, apikey: sim.cameraKey(id) },
      { id: notCamera, apikey: sim.cameraKey(id) },
      { id, apikey: sim.cameraKey(other) },
      { apikey: sim.cameraKey(id) },
    ];
    for (const query of cases) {
      const reply = await snapshot(query);
      assert.equal(reply.status, 200, JSON.stringify(query));
      assert.equal(reply.bytes.length, 0, JSON.stringify(query));
      assert.match(reply.type ?? '', /^text\/html/);
    }
    assert.deepEqual(
      sim.snapshotRequests.map((r) => r.outcome),
      ['wrong key', 'wrong key', 'unknown camera', 'unknown camera', 'wrong key', 'unknown camera'],
    );
  });

  test('a camera that does not answer: the JPEG header, then nothing', async () => {
    const id = sim.addCamera({ name: 'Jardin' });
    sim.setCameraSnapshot(id, null);
    const reply = await snapshot({ id, apikey: sim.cameraKey(id) });
    assert.deepEqual([reply.status, reply.type, reply.bytes.length], [200, 'image/jpeg', 0]);
    sim.setCameraSnapshot(id, Buffer.from([0xff, 0xd8, 0xff, 0xd9]));
    assert.deepEqual(
      [...(await snapshot({ id, apikey: sim.cameraKey(id) })).bytes],
      [0xff, 0xd8, 0xff, 0xd9],
    );
  });

  test('plugin inactive: PHP cannot load the class (500); uninstalled: no such file (404)', async () => {
    const id = sim.addCamera({ name: 'Jardin' });
    const apikey = sim.cameraKey(id);
    sim.setPluginActive('camera', false);
    assert.deepEqual((await snapshot({ id, apikey })).status, 500);
    sim.removePlugin('camera');
    assert.deepEqual((await snapshot({ id, apikey })).status, 404);
  });

  test('thumbnail, width and mobile are accepted (the image is not resized) and recorded', async () => {
    const id = sim.addCamera({ name: 'Jardin' });
    const reply = await snapshot({ id, apikey: sim.cameraKey(id), thumbnail: 1, width: 320, mobile: 1 });
    assert.equal(reply.type, 'image/jpeg');
    const [request] = sim.snapshotRequests;
    assert.deepEqual(
      { ...request, at: 0 },
      {
        at: 0,
        id: String(id),
        apikey: '[redacted]',
        thumbnail: '1',
        width: '320',
        mobile: '1',
        status: 200,
        bytes: reply.bytes.length,
        outcome: 'image',
      },
    );
  });

  test('a fault on the box hits snapshots too', async () => {
    const id = sim.addCamera({ name: 'Jardin' });
    sim.setFault({ kind: 'http500', times: 1 });
    assert.equal((await snapshot({ id, apikey: sim.cameraKey(id) })).status, 500);
    assert.equal((await snapshot({ id, apikey: sim.cameraKey(id) })).status, 200);
  });
});

describe('camera keys stay out of every log', () => {
  test('call log and snapshot log: no current or rotated key', async () => {
    const id = sim.addCamera({ name: 'Jardin', configuration: { password: 'camera-secret' } });
    const keys = [sim.cameraKey(id)];
    await rpc('eqLogic::byType', { type: 'camera' });
    await snapshot({ id, apikey: keys[0] });
    keys.push(sim.rotateCameraKey(id));
    await rpc('eqLogic::byId', { id });
    await snapshot({ id, apikey: keys[0] });
    await snapshot({ id, apikey: keys[1] });
    // A key echoed back by Jeedom inside another call's params and result.
    await rpc('cmd::byId', { id: 1, note: `key ${keys[0]}` });
    const logs = JSON.stringify([sim.calls, sim.snapshotRequests]);
    for (const key of keys) assert.ok(!logs.includes(key), 'a camera key in a log');
    assert.ok(!logs.includes('camera-secret'), 'the camera password in a log');
    assert.equal(sim.snapshotRequests.length, 3);
    const ofByType = sim.calls.find((c) => c.method === 'eqLogic::byType');
    assert.match(JSON.stringify(ofByType?.result), /"localApiKey":"\[redacted\]"/);
  });
});
