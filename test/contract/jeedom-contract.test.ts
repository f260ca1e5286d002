/**
 * The Jeedom contract, as the app relies on it: the same assertions against the simulator (always) and the real
 * Jeedom 4.5.3 (when `npm test` found it), so the simulator cannot drift from the box it stands for. When they
 * differ, the real box is right: fix the simulator.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { JeedomSimulator } from '../../devkit/simulator';
import { post, realBox } from '../real-jeedom/box';

interface Target {
  name: string;
  url: string;
  adminKey: string;
  /** Removes what the contract created (equipments named `rcjt-contract…`). */
  cleanup(): Promise<void>;
  stop(): Promise<void>;
}

interface Wire {
  status: number;
  body: string;
  json?: { result?: unknown; error?: { code: number; message: string } };
}

const PREFIX = 'rcjt-contract';

async function call(
  target: Target,
  method: string,
  params: Record<string, unknown> = {},
  key = target.adminKey,
) {
  const body = JSON.stringify({ jsonrpc: '2.0', id: 7, method, params: { ...params, apikey: key } });
  const wire: Wire = await post(`${target.url}/core/api/jeeApi.php`, body);
  try {
    wire.json = JSON.parse(wire.body) as Wire['json'];
  } catch {
    // not JSON: the assertions say so
  }
  return wire;
}

async function result<T = unknown>(
  target: Target,
  method: string,
  params: Record<string, unknown> = {},
): Promise<T> {
  const wire = await call(target, method, params);
  assert.equal(wire.status, 200, `${method}: HTTP ${wire.status}`);
  assert.ok(wire.json && !wire.json.error, `${method}: ${wire.body.slice(0, 300)}`);
  return wire.json.result as T;
}

const simulatorTarget = async (): Promise<Target> => {
  const sim = new JeedomSimulator();
  await sim.start();
  return {
    name: 'simulator',
    url: sim.baseUrl,
    adminKey: sim.keys.admin,
    cleanup: async () => undefined,
    stop: () => sim.stop(),
  };
};

const realTarget = async (): Promise<Target | undefined> => {
  const found = realBox();
  if ('skip' in found) return undefined;
  const { holdBox, php } = await import('../real-jeedom/box');
  const cleanup = async () => {
    php(
      `foreach (eqLogic::byType('script') as $eq) { if (strpos($eq->getName(), '${PREFIX}') === 0) $eq->remove(); }`,
    );
  };
  // The box is shared with the real-Jeedom suite (both engines' runs): one suite at a time.
  const release = await holdBox();
  const stop = async () => {
    try {
      await cleanup();
    } finally {
      release();
    }
  };
  return { name: 'real Jeedom 4.5.3', url: found.url, adminKey: found.apiKey, cleanup, stop };
};

const DATE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

function contract(makeTarget: () => Promise<Target | undefined>, skipReason: string | false) {
  return () => {
    let target: Target;
    before(async () => {
      const made = await makeTarget();
      assert.ok(made, 'target available');
      target = made;
      await target.cleanup();
    });
    after(() => target?.stop());

    test('version is the string 4.5.3', async () => {
      assert.equal(await result(target, 'version'), '4.5.3');
    });

    test('user::all: integer id and enable, options [] or {hashGenerated}, and every user’s key (hash)', async () => {
      const users = await result<Array<Record<string, unknown>>>(target, 'user::all');
      assert.ok(users.length >= 2);
      for (const user of users) {
        assert.deepEqual(Object.keys(user), [
          'id',
          'login',
          'profils',
          'password',
          'options',
          'rights',
          'enable',
          'hash',
        ]);
        assert.equal(typeof user.id, 'number');
        assert.equal(typeof user.enable, 'number');
        assert.ok([0, 1].includes(user.enable as number));
        assert.equal(typeof user.login, 'string');
        assert.ok(['admin', 'user', 'restrict'].includes(String(user.profils)));
        const options = user.options;
        assert.ok(
          (Array.isArray(options) && options.length === 0) ||
            (typeof options === 'object' &&
              DATE.test(String((options as { hashGenerated?: unknown }).hashGenerated))),
          JSON.stringify(options),
        );
        assert.match(String(user.hash), /^[A-Za-z0-9]{32,}$/);
      }
    });

    test('a wrong key: HTTP 200, code 2, Jeedom’s French words', async () => {
      const wire = await call(target, 'version', {}, 'x'.repeat(40));
      assert.equal(wire.status, 200);
      assert.deepEqual(wire.json?.error, {
        code: 2,
        message: "Vous n'êtes pas autorisé à effectuer cette action",
      });
    });

    test('an unknown method: HTTP 200, code 500, naming the method', async () => {
      const wire = await call(target, 'plugin::byId', { id: 'camera' });
      assert.equal(wire.status, 200);
      assert.deepEqual(wire.json?.error, {
        code: 500,
        message: 'Aucune méthode correspondante : plugin::byId',
      });
    });

    test('eqLogic::save answers the id as a string; reads answer integers; commands keep their wire types', async () => {
      const saved = await result<Record<string, unknown>>(target, 'eqLogic::save', {
        eqType_name: 'script',
        name: `${PREFIX}-${Date.now()}`,
        isEnable: 1,
        isVisible: 1,
        logicalId: 'contract',
        cmd: [
          {
            name: 'Val',
            logicalId: 'val',
            type: 'info',
            subType: 'string',
            configuration: { requestType: 'http', request: '' },
          },
        ],
      });
      assert.equal(typeof saved.id, 'string');
      assert.equal(saved.isEnable, 1);
      assert.equal(saved.object_id, null);
      const full = await result<Record<string, unknown> & { cmds: Array<Record<string, unknown>> }>(
        target,
        'eqLogic::fullById',
        { id: saved.id },
      );
      assert.equal(full.id, Number(saved.id));
      assert.deepEqual(
        [typeof full.isEnable, typeof full.isVisible, typeof full.order],
        ['number', 'number', 'number'],
      );
      assert.deepEqual(full.cmds.map((c) => c.logicalId).sort(), ['refresh', 'val']);
      for (const cmd of full.cmds) {
        assert.equal(typeof cmd.id, 'number');
        assert.equal(cmd.eqLogic_id, full.id);
        assert.equal(cmd.isHistorized, '0');
        assert.equal(typeof cmd.isVisible, 'number');
        assert.equal(typeof cmd.order, 'number');
      }
      const val = full.cmds.find((c) => c.logicalId === 'val')!;
      assert.equal(val.currentValue, '');
      assert.equal(await result(target, 'cmd::event', { id: val.id, value: 'bonjour' }), 'ok');
      assert.equal(
        (await result<{ currentValue: unknown }>(target, 'cmd::byId', { id: val.id })).currentValue,
        'bonjour',
      );
    });

    test('an equipment whose http action failed gains numberTryWithoutSuccess in its status', async () => {
      const saved = await result<{ id: string }>(target, 'eqLogic::save', {
        eqType_name: 'script',
        name: `${PREFIX}-http-${Date.now()}`,
        isEnable: 1,
        cmd: [
          {
            name: 'Ping',
            logicalId: 'ping',
            type: 'action',
            subType: 'other',
            configuration: {
              requestType: 'http',
              request: 'http://127.0.0.1:9/none',
              timeout: 1,
              maxHttpRetry: 1,
            },
          },
        ],
      });
      const before = await result<{ status: unknown }>(target, 'eqLogic::byId', { id: saved.id });
      assert.deepEqual(before.status, []);
      const full = await result<{ cmds: Array<{ id: number; logicalId: string }> }>(
        target,
        'eqLogic::fullById',
        {
          id: saved.id,
        },
      );
      const ping = full.cmds.find((c) => c.logicalId === 'ping')!;
      const wire = await call(target, 'cmd::execCmd', { id: ping.id });
      assert.equal(wire.json?.error?.code, -32404);
      assert.match(
        wire.json?.error?.message ?? '',
        /^Echec de la requête HTTP : http:\/\/127\.0\.0\.1:9\/none cURL error : /,
      );
      const after = await result<{ status: Record<string, unknown> }>(target, 'eqLogic::byId', {
        id: saved.id,
      });
      assert.equal(after.status.numberTryWithoutSuccess, 0);
    });

    test('an interaction Jeedom does not understand answers its French “not understood” reply', async () => {
      const reply = await result<{ reply: string }>(target, 'interact::tryToReply', {
        query: 'zzz phrase inconnue zzz',
      });
      assert.equal(typeof reply.reply, 'string');
      assert.ok(reply.reply.length > 0);
    });

    if (skipReason) return;
  };
}

describe('Jeedom contract: simulator', contract(simulatorTarget, false));

const real = realBox();
describe(
  'Jeedom contract: real Jeedom 4.5.3',
  { skip: 'skip' in real ? real.skip : false },
  contract(realTarget, false),
);
