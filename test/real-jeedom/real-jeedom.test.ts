/**
 * The packaged zip against the real Jeedom 4.5.3 (../shared/jeedom/setup.sh): every step asserts what Jeedom
 * itself holds — its API, its database, its logs — and what reaches the chat through its script plugin's real
 * HTTP calls. One file, run in order: the box is shared state (one run per machine at a time).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { RocketChatHarness } from '../../devkit/harness/RocketChatHarness';
import type { StoredMessage } from '../../devkit/harness/world';
import { z } from 'zod';
import { describeJeedomError } from '../../src/i18n/describeError';
import { translator } from '../../src/i18n/translate';
import { isJeedomError } from '../../src/jeedom/JeedomError';
import { parseRpcResponse } from '../../src/jeedom/rpc';
import {
  box,
  eventually,
  JeedomRpcError,
  rawRpc,
  methodsJeedomReceived,
  php,
  rpc,
  scenarioLog,
  skipUnlessBox,
  sql,
} from './box';
import { cmdOf, equipmentOf, RealHouse, startRealHouse, stopRealHouse } from './house';
import {
  action,
  actions,
  ask,
  createInteraction,
  createPingAction,
  createScenario,
  createSecretInfo,
  inBlock,
} from './scenarios';

const skip = skipUnlessBox();

let house: RealHouse;
let rc: RocketChatHarness;
let maison: IRoom;
let famille: IRoom;

const seen = new Set<string>();

/** The value of the answer button labelled `label`. */
function buttonValue(message: StoredMessage, label: string): string {
  const blocks = (message.blocks ?? []) as Array<{
    elements?: Array<{ text?: { text?: string }; value?: string }>;
  }>;
  const value = blocks.flatMap((b) => b.elements ?? []).find((e) => e.text?.text === label)?.value;
  assert.ok(value, `a “${label}” button`);
  return value;
}
const noticeText = (user: RealHouse['alex']) => rc.lastNotice(user)?.text ?? '';

describe('the app against a real Jeedom 4.5.3', { skip }, () => {
  before(async () => {
    house = await startRealHouse();
    rc = house.rc;
    maison = rc.addRoom('c', 'maison', [house.alex, house.marie, house.guest]);
    famille = rc.addRoom('p', 'famille', [house.alex, house.marie]);
  });

  after(() => stopRealHouse(house));

  describe('/jeedom status', () => {
    test('reports the box as Jeedom itself describes it: 4.5.3, an admin key, script active', async () => {
      assert.equal(await rpc<string>('version'), '4.5.3');
      await rc.slash(house.alex, maison, 'status');
      const text = noticeText(house.alex);
      assert.match(text, /version 4\.5\.3/);
      assert.match(text, /droits administrateur/);
      assert.match(text, /« script » est installé et actif/);
      assert.ok(!text.includes('✗'), text);
      // What Jeedom holds: the key passes an admin-only method, the plugin is active in its own config table.
      assert.ok((await rpc<unknown[]>('user::all')).length >= 2);
      assert.deepEqual(sql("select value from config where plugin='script' and `key`='active'"), [['1']]);
      const active = await rpc<Array<{ id: string }>>('plugin::listPlugin', { activateOnly: true });
      assert.ok(active.some((p) => p.id === 'script'));
    });
  });

  describe('channel equipments', () => {
    test('a sync creates one script equipment per room with the contract shapes (SPEC §5), read back from Jeedom', async () => {
      await rc.slash(house.alex, maison, 'sync');
      assert.match(noticeText(house.alex), /Créés \(2\)/);
      for (const room of [maison, famille]) {
        const eq = await equipmentOf(room);
        assert.equal(eq.eqType_name, 'script');
        assert.equal(eq.name, room.slugifiedName);
        assert.equal(Number(eq.isEnable), 1);
        assert.equal(Number(eq.isVisible), 1);
        assert.equal(eq.configuration.rocketchatRoomId, room.id);
        const byLogicalId = new Map(eq.cmds.map((c) => [c.logicalId, c]));
        assert.deepEqual([...byLogicalId.keys()].sort(), ['lastMessage', 'lastSender', 'refresh', 'send']);
        const send = byLogicalId.get('send')!;
        assert.deepEqual([send.type, send.subType], ['action', 'message']);
        const request = String(send.configuration.request);
        // The endpoint the app provisions (public or private: whatever the engine gave the app).
        assert.ok(request.startsWith(`${rc.endpointUrl('jeedom')}?`), request);
        const query = new URLSearchParams(request.slice(request.indexOf('?') + 1));
        assert.equal(query.get('room'), room.id);
        assert.equal(query.get('title'), '#title#');
        assert.equal(query.get('message'), '#message#');
        assert.equal(query.get('ts'), '#timestamp#');
        assert.equal(send.configuration.requestType, 'http');
        assert.equal(send.configuration.http_username, 'jeedom');
        assert.match(String(send.configuration.http_password), /^[0-9a-f]{64}$/);
        assert.equal(send.configuration.reponseMustContain, 'ok');
        assert.ok(Number(send.configuration.timeout) >= 2 && Number(send.configuration.timeout) <= 10);
        assert.ok([1, 2].includes(Number(send.configuration.maxHttpRetry)));
        for (const info of ['lastMessage', 'lastSender']) {
          const cmd = byLogicalId.get(info)!;
          assert.deepEqual([cmd.type, cmd.subType], ['info', 'string'], info);
          assert.equal(cmd.configuration.repeatEventManagement, 'always', info);
        }
      }
      // And in Jeedom's database: exactly these two equipments of the app, nothing duplicated.
      const rows = sql(
        "select logicalId from eqLogic where eqType_name='script' and logicalId like 'rocketchat:%'",
      );
      assert.deepEqual(
        rows.map(([l]) => l).sort(),
        [`rocketchat:${famille.id}`, `rocketchat:${maison.id}`].sort(),
      );
    });

    test('a second sync with nothing changed writes nothing: Jeedom receives no save (its own api log)', async () => {
      const before = sql('select id, name, isEnable, configuration from eqLogic order by id');
      const cmdsBefore = sql('select id, name, configuration from cmd order by id');
      const methods = await methodsJeedomReceived(() => rc.slash(house.alex, maison, 'sync'));
      assert.ok(methods.length > 0, 'the api log recorded the sync’s reads');
      assert.deepEqual(
        methods.filter((m) => /::(save|remove|event)$/.test(m)),
        [],
        `methods: ${methods.join(', ')}`,
      );
      assert.match(noticeText(house.alex), /Inchangés : 2/);
      assert.deepEqual(sql('select id, name, isEnable, configuration from eqLogic order by id'), before);
      assert.deepEqual(sql('select id, name, configuration from cmd order by id'), cmdsBefore);
    });

    test('a renamed room renames its equipment in Jeedom, and only that', async () => {
      const id = (await equipmentOf(famille)).id;
      rc.renameRoom(famille, 'famille-martin');
      await rc.slash(house.alex, maison, 'sync');
      assert.deepEqual(sql(`select name, isEnable from eqLogic where id=${id}`), [['famille-martin', '1']]);
      assert.equal((await equipmentOf(famille)).id, id, 'the same equipment, not a new one');
    });

    test('the bot leaving a room disables its equipment in Jeedom (the API cannot delete)', async () => {
      const room = rc.addRoom('c', 'garage', [house.alex]);
      await rc.inviteBot(room);
      const id = (await eventually(() => equipmentOf(room), 'the garage equipment')).id;
      await rc.removeBot(room);
      await eventually(
        () => sql(`select isEnable from eqLogic where id=${id}`)[0]?.[0] === '0',
        'the garage equipment disabled in Jeedom',
      );
      // Jeedom itself now refuses to run its commands.
      const send = (
        await rpc<{ cmds: Array<{ id: number; logicalId: string }> }>('eqLogic::fullById', { id })
      ).cmds.find((c) => c.logicalId === 'send');
      await assert.rejects(rpc('cmd::execCmd', { id: send?.id, options: { title: 'x', message: 'x' } }));
    });
  });

  describe('Jeedom posts into the room', () => {
    test('cmd::execCmd of `send`, as a scenario runs it, posts in the room through the script plugin’s GET', async () => {
      const send = await cmdOf(maison, 'send');
      assert.equal(
        await rpc('cmd::execCmd', {
          id: send.id,
          options: { title: 'Porte', message: 'La porte est ouverte' },
        }),
        'ok',
      );
      // The GET came back through the harness's HTTP front into the app (no hand-made call).
      const message = await rc.waitForBotMessage(maison, (m) =>
        (m.text ?? '').includes('La porte est ouverte'),
      );
      assert.ok(rc.httpFront.requests.some((r) => r.method === 'GET' && r.query.room === maison.id));
      assert.match(message.text ?? '', /Porte/);
    });

    test('a person’s `@username` command posts mentioning them', async () => {
      await rc.postMessage(house.marie, maison, 'coucou');
      const userCmd = await eventually(
        async () => (await equipmentOf(maison)).cmds.find((c) => c.logicalId === `user:${house.marie.id}`),
        'the @marie command in Jeedom',
      );
      assert.equal(userCmd.name, '@marie');
      await rpc('cmd::execCmd', { id: userCmd.id, options: { title: 'Rappel', message: 'Pain à acheter' } });
      const message = await rc.waitForBotMessage(maison, (m) => (m.text ?? '').includes('Pain à acheter'));
      assert.match(message.text ?? '', /@marie/);
    });
  });

  describe('chat → Jeedom infos', () => {
    let echo: number;
    let secret: { id: number; humanName: string };

    before(async () => {
      secret = createSecretInfo('VALEUR_SECRETE_1234');
      const lastMessage = await cmdOf(maison, 'lastMessage');
      const lastSender = await cmdOf(maison, 'lastSender');
      const send = await cmdOf(maison, 'send');
      // What a Jeedom user writes: on every message, echo it back into the room with its sender.
      echo = createScenario({
        name: 'echo',
        triggers: [`#${lastMessage.id}#`],
        elements: [
          actions(
            action(`#${send.id}#`, {
              title: 'Echo',
              message: `Echo de #${lastSender.id}# : #${lastMessage.id}#`,
            }),
          ),
        ],
      });
    });

    test('a channel message updates lastSender, then lastMessage, and a scenario triggered on lastMessage runs', async () => {
      const before = sql(`select count(*) from scenario where id=${echo}`);
      assert.deepEqual(before, [['1']]);
      await rc.postMessage(house.marie, maison, 'il fait froid');
      const echoed = await rc.waitForBotMessage(
        maison,
        (m) => (m.text ?? '').includes('Echo de marie : il fait froid'),
        {
          timeoutMs: 20_000,
        },
      );
      assert.ok(echoed);
      // Jeedom's own record: both infos hold the values, and the history of events shows the sender first.
      assert.equal(
        (await rpc<{ currentValue?: unknown }>('cmd::byId', { id: (await cmdOf(maison, 'lastMessage')).id }))
          .currentValue,
        'il fait froid',
      );
      assert.equal(
        (await rpc<{ currentValue?: unknown }>('cmd::byId', { id: (await cmdOf(maison, 'lastSender')).id }))
          .currentValue,
        'marie',
      );
      const log = scenarioLog(echo);
      // The scenario ran on Jeedom's side, on the lastMessage trigger, and saw the sender already updated.
      assert.match(
        log,
        /Exécution de la commande \[Aucun\]\[maison\]\[Envoyer\] .*Echo de marie : il fait froid/,
      );
    });

    for (const typed of ['le code est #SECRET# ?', 'le code est #HUMAN# ?']) {
      test(`text typed in chat never expands inside Jeedom: “${typed}”`, async () => {
        const text = typed.replace('#SECRET#', `#${secret.id}#`).replace('#HUMAN#', `#${secret.humanName}#`);
        await rc.postMessage(house.marie, maison, text);
        const echoed = await rc.waitForBotMessage(
          maison,
          (m) =>
            (m.text ?? '').includes('Echo de marie : le code est') &&
            !(m.text ?? '').includes('il fait froid') &&
            !seen.has(m.id),
          { timeoutMs: 20_000 },
        );
        seen.add(echoed.id);
        assert.ok(!(echoed.text ?? '').includes('VALEUR_SECRETE'), echoed.text);
        // The words arrive as typed; only the `#` is the full-width sign Jeedom does not read as a tag.
        assert.equal(echoed.text, `*Echo*\nEcho de marie : ${text.replace(/#/g, '＃')}`);
      });
    }
  });

  describe('interactions', () => {
    before(async () => {
      await rc.slash(house.alex, maison, 'map @alex admin');
      await rc.slash(house.alex, maison, `map @marie ${box().memberLogin}`);
      createInteraction({
        name: 'bonjour',
        query: 'bonjour la maison',
        reply: 'Bonjour #profile#, tout va bien',
      });
      createInteraction({ name: 'alarme', query: 'arme l alarme', reply: 'Alarme armée', persons: 'admin' });
    });

    test('Jeedom answers the mapped login: its reply names the profile the app sent', async () => {
      const dm = rc.directWithBot(house.marie);
      await rc.postMessage(house.marie, dm, 'bonjour la maison');
      const reply = await rc.waitForBotMessage(dm, (m) => /tout va bien/.test(m.text ?? ''), {
        timeoutMs: 10_000,
      });
      assert.equal(reply.text, `Bonjour ${box().memberLogin}, tout va bien`);
    });

    test('an interaction whose “persons” list excludes the person is refused by Jeedom, in its own words', async () => {
      const dm = rc.directWithBot(house.marie);
      await rc.postMessage(house.marie, dm, 'arme l alarme');
      const reply = await rc.waitForBotMessage(dm, (m) => /autorisé/.test(m.text ?? ''), {
        timeoutMs: 10_000,
      });
      assert.match(reply.text ?? '', /Vous n'êtes pas autorisé à exécuter cette action/);
      const adminDm = rc.directWithBot(house.alex);
      await rc.postMessage(house.alex, adminDm, 'arme l alarme');
      await rc.waitForBotMessage(adminDm, (m) => m.text === 'Alarme armée', { timeoutMs: 10_000 });
    });
  });

  describe('scenario questions (ask) through `send`', () => {
    test('the question gets buttons; a click lets the scenario go on with that answer (its own log says so)', async () => {
      const send = await cmdOf(maison, 'send');
      const id = createScenario({
        name: 'garage',
        elements: [
          actions(
            ask({
              question: 'Fermer le garage ?',
              answer: 'oui;non',
              variable: 'rcjt_garage',
              timeout: 60,
              cmdId: send.id,
            }),
            action('log', { message: 'Suite avec variable(rcjt_garage)' }),
          ),
        ],
      });
      await rpc('scenario::changeState', { id, state: 'run' });
      const question = await rc.waitForBotMessage(
        maison,
        (m) => m.text === 'Fermer le garage ?' && Array.isArray(m.blocks) && m.blocks.length > 0,
        { timeoutMs: 15_000 },
      );
      assert.match(JSON.stringify(question.blocks), /"non"/);
      await rc.clickButton(house.marie, question, 'jeedom-ask', buttonValue(question, 'non'));
      // Jeedom writes "Réponse non", then runs the next action: wait for that action's line, not the first one.
      const log = await eventually(
        () => /Log : Suite avec non/.test(scenarioLog(id)) && scenarioLog(id),
        'the scenario went on with the answer',
      );
      assert.match(log, /Réponse non[\s\S]*Log : Suite avec non/);
      await eventually(
        async () => (await rpc<{ state: string }>('scenario::byId', { id })).state === 'stop',
        'the scenario ended',
      );
      assert.match(rc.world.messageById(question.id)?.text ?? '', /Répondu : non — par @marie/);
    });

    test('at its timeout the question expires in chat, and Jeedom’s scenario goes on with “Aucune réponse”', async () => {
      const send = await cmdOf(maison, 'send');
      const id = createScenario({
        name: 'volets',
        elements: [
          actions(
            ask({
              question: 'Fermer les volets ?',
              answer: 'oui;non',
              variable: 'rcjt_volets',
              timeout: 3,
              cmdId: send.id,
            }),
          ),
        ],
      });
      await rpc('scenario::changeState', { id, state: 'run' });
      const question = await rc.waitForBotMessage(
        maison,
        (m) => m.text === 'Fermer les volets ?' && Array.isArray(m.blocks) && m.blocks.length > 0,
        { timeoutMs: 15_000 },
      );
      await rc.waitFor(() => /Expiré/.test(rc.world.messageById(question.id)?.text ?? ''), {
        what: 'the question expired',
        timeoutMs: 15_000,
      });
      assert.deepEqual(rc.world.messageById(question.id)?.blocks, []);
      await eventually(() => /Réponse Aucune réponse/.test(scenarioLog(id)), 'Jeedom timed out too');
    });
  });

  describe('/jeedom run and snap', () => {
    let ring: number;

    before(() => {
      ring = createPingAction(`${rc.siteUrl}/rcjt-ring`);
    });

    const rings = () => rc.httpFront.requests.filter((r) => r.path === '/rcjt-ring').length;

    test('with the person’s own key Jeedom’s rights apply: a restricted member is refused, the admin runs it', async () => {
      php(`$u = user::byLogin('${box().memberLogin}'); $u->setProfils('restrict'); $u->save();`);
      try {
        const before = rings();
        await rc.slash(house.marie, maison, `run ${ring}`);
        assert.match(noticeText(house.marie), /droit|autoris/i);
        assert.equal(rings(), before, 'Jeedom did not run it');
      } finally {
        php(`$u = user::byLogin('${box().memberLogin}'); $u->setProfils('user'); $u->save();`);
      }
      await rc.slash(house.alex, maison, `run ${ring}`);
      await rc.waitFor(() => rings() > 0, { what: 'Jeedom ringing', timeoutMs: 10_000 });
      assert.equal(noticeText(house.alex), `C'est fait : ${ring}`);
    });

    test('`/jeedom snap` says clearly that the camera plugin is absent', async () => {
      assert.deepEqual(sql("select id from `update` where name='camera'"), []);
      await rc.slash(house.marie, maison, 'snap Entrée');
      assert.equal(
        noticeText(house.marie),
        "✗ Le plugin Jeedom « camera » n'est pas installé ou pas actif : les instantanés en ont besoin.",
      );
    });
  });

  describe('the real box’s real errors, as the app words them', () => {
    test('a method this Jeedom does not know: the app names it instead of blaming the address', async () => {
      // The real wire answer (HTTP 200, code 500 "Aucune méthode correspondante : …"), through the app's parser.
      const wire = await rawRpc('plugin::byId', { id: 'camera' });
      assert.equal(wire.status, 200);
      let caught: unknown;
      try {
        parseRpcResponse({ statusCode: wire.status, content: wire.body, headers: {} } as never, z.unknown(), {
          method: 'plugin::byId',
          scrub: (text) => text,
        });
      } catch (error) {
        caught = error;
      }
      assert.ok(isJeedomError(caught), String(caught));
      assert.equal(caught.jeedomCode, 500);
      assert.equal(
        describeJeedomError(caught, translator('fr'), 10),
        "✗ Ce Jeedom ne connaît pas la méthode plugin::byId : l'application a besoin de Jeedom 4.4 ou plus récent (et, pour certaines fonctions, d'un plugin).",
      );
    });

    test('a disabled Jeedom user: Jeedom refuses the member’s own key, and the app sends nothing for them', async () => {
      php(`$u = user::byLogin('${box().memberLogin}'); $u->setEnable(0); $u->save();`);
      try {
        // Jeedom's own answer to the disabled user's key: code 2, as for a wrong key.
        const hash = sql(`select hash from user where login='${box().memberLogin}'`)[0][0];
        await assert.rejects(rpc('version', {}, hash), (e: JeedomRpcError) => e.code === 2);
        await rc.slash(house.marie, maison, 'run 1');
        // The app reads Jeedom's users first and sees the login disabled: it says so instead of calling.
        assert.equal(
          noticeText(house.marie),
          "Je ne peux pas transmettre ceci à Jeedom : votre utilisateur Jeedom est désactivé dans Jeedom. Rien n'a été envoyé.",
        );
      } finally {
        php(`$u = user::byLogin('${box().memberLogin}'); $u->setEnable(1); $u->save();`);
      }
    });

    test('a wrong API key: status says Jeedom refused the key', async () => {
      await rc.setSetting('jeedom_api_key', 'wrong'.padEnd(32, 'x'));
      try {
        await assert.rejects(
          rpc('version', {}, 'wrong'.padEnd(32, 'x')),
          (e: JeedomRpcError) => e.code === 2,
        );
        await rc.slash(house.alex, maison, 'status');
        assert.match(
          noticeText(house.alex),
          /✗ Jeedom a refusé la clé API\. Un administrateur doit vérifier « Clé API Jeedom » dans les réglages de l'application\./,
        );
      } finally {
        await rc.setSetting('jeedom_api_key', box().apiKey);
      }
    });
  });

  describe('what the real box showed (issue 13, item 3)', () => {
    /** Runs a scenario whose ask goes to `room` and waits for its question with buttons. */
    async function askedWithButtons(room: IRoom, scenario: number, text: RegExp) {
      await rpc('scenario::changeState', { id: scenario, state: 'run' });
      return rc.waitForBotMessage(
        room,
        (m) => text.test(m.text ?? '') && Array.isArray(m.blocks) && m.blocks.length > 0,
        { what: `the question ${text} with buttons`, timeoutMs: 15_000 },
      );
    }

    test('a question holding tags and commands (evaluated by Jeedom, raw in its export) still gets buttons', async () => {
      const send = await cmdOf(maison, 'send');
      const id = createScenario({
        name: 'portail',
        elements: [
          actions(
            ask({
              question: 'Il est #heure#h et le code vaut #[Aucun][rcjt-coffre][Code]#, fermer le portail ?',
              answer: 'oui;non',
              variable: 'rcjt_portail',
              timeout: 60,
              cmdId: send.id,
            }),
          ),
        ],
      });
      const question = await askedWithButtons(
        maison,
        id,
        /^Il est \d+h et le code vaut .*, fermer le portail \?$/,
      );
      await rc.clickButton(house.marie, question, 'jeedom-ask', buttonValue(question, 'oui'));
      await eventually(() => /Réponse oui/.test(scenarioLog(id)), 'the scenario got “oui”');
    });

    test('an ask inside a “DANS” block runs after its scenario stopped, and still gets buttons', async () => {
      const send = await cmdOf(maison, 'send');
      const id = createScenario({
        name: 'dans',
        elements: [
          inBlock(
            0,
            ask({
              question: 'Éteindre le chauffage ?',
              answer: 'oui;non',
              variable: 'rcjt_dans',
              timeout: 60,
              cmdId: send.id,
            }),
          ),
        ],
      });
      const question = await askedWithButtons(maison, id, /^Éteindre le chauffage \?$/);
      // Jeedom's own view while it waits: the scenario itself is stopped.
      assert.equal((await rpc<{ state: string }>('scenario::byId', { id })).state, 'stop');
      await rc.clickButton(house.marie, question, 'jeedom-ask', buttonValue(question, 'non'));
      await eventually(() => /Réponse non/.test(scenarioLog(id)), 'the deferred ask got “non”');
    });

    test('a question sent through a person’s `@username` command is posted mentioning them, with buttons', async () => {
      const userCmd = await cmdOf(maison, `user:${house.marie.id}`);
      const id = createScenario({
        name: 'marie',
        elements: [
          actions(
            ask({
              question: 'Tu rentres ce soir ?',
              answer: 'oui;non',
              variable: 'rcjt_marie',
              timeout: 60,
              cmdId: userCmd.id,
            }),
          ),
        ],
      });
      const question = await askedWithButtons(maison, id, /Tu rentres ce soir \?$/);
      assert.equal(question.text, '@marie Tu rentres ce soir ?');
      await rc.clickButton(house.marie, question, 'jeedom-ask', buttonValue(question, 'oui'));
      await eventually(() => /Réponse oui/.test(scenarioLog(id)), 'the scenario got “oui”');
    });

    test('equipments without an object keep unique names (MariaDB’s unique index ignores NULL)', async () => {
      // Something of the house's own already named like the room, without an object either.
      php(
        `$eq = new script(); $eq->setName('bureau'); $eq->setEqType_name('script'); $eq->setIsEnable(1); $eq->save();`,
      );
      try {
        const first = rc.addRoom('c', 'bureau', [house.alex]);
        const second = rc.addRoom('p', 'bureau', [house.alex]);
        await rc.slash(house.alex, maison, 'sync');
        const names = sql(
          "select name from eqLogic where object_id is null and name like 'bureau%' order by name",
        ).map(([n]) => n);
        assert.equal(names.length, 3);
        assert.equal(new Set(names.map((n) => n.toLowerCase())).size, 3, `names: ${names.join(', ')}`);
        assert.notEqual((await equipmentOf(first)).name, 'bureau');
        assert.notEqual((await equipmentOf(second)).name, (await equipmentOf(first)).name);
        // A second sync keeps them as they are.
        const methods = await methodsJeedomReceived(() => rc.slash(house.alex, maison, 'sync'));
        assert.deepEqual(
          methods.filter((m) => m.endsWith('::save')),
          [],
        );
      } finally {
        php(
          `foreach (eqLogic::byType('script') as $eq) if ($eq->getName() === 'bureau' && $eq->getLogicalId() == '') $eq->remove();`,
        );
      }
    });

    test('a long accented message overflows the script plugin’s GET: Jeedom reports it, status states the limit', async () => {
      const send = await cmdOf(maison, 'send');
      const before = rc.botMessagesIn(maison).length;
      await assert.rejects(
        rpc('cmd::execCmd', { id: send.id, options: { title: '', message: 'é'.repeat(2700) } }),
        (error: JeedomRpcError) => /La réponse ne contient pas "ok"/.test(error.message),
      );
      assert.equal(rc.botMessagesIn(maison).length, before, 'nothing posted');
      // Just under the limit the status states, a message of the same letters arrives whole.
      await rc.slash(house.alex, maison, 'status');
      const limit = /(\d[\d\s.,]*) octets/.exec(noticeText(house.alex));
      assert.ok(limit, noticeText(house.alex));
      const bytes = Number(limit[1].replace(/\D/g, ''));
      const fits = 'é'.repeat(Math.floor(bytes / 6) - 10);
      await rpc('cmd::execCmd', { id: send.id, options: { title: '', message: fits } });
      await rc.waitForBotMessage(maison, (m) => m.text === fits, { timeoutMs: 10_000 });
    });

    test('two identical `send` calls in the same second post once (#timestamp# has 1 s resolution)', async () => {
      const send = await cmdOf(maison, 'send');
      let sameSecond = 0;
      for (let round = 0; round < 6 && sameSecond === 0; round++) {
        const text = `Alerte identique ${round}`;
        const seenBefore = rc.httpFront.requests.length;
        await Promise.all(
          [1, 2].map(() => rpc('cmd::execCmd', { id: send.id, options: { title: '', message: text } })),
        );
        const stamps = rc.httpFront.requests
          .slice(seenBefore)
          .filter((r) => r.query.message === text)
          .map((r) => String(r.query.ts));
        assert.equal(stamps.length, 2, 'Jeedom called twice');
        const posted = () => rc.botMessagesIn(maison).filter((m) => m.text === text).length;
        await rc.waitFor(() => posted() >= 1, { what: text });
        await rc.settled();
        if (stamps[0] === stamps[1]) {
          sameSecond++;
          assert.equal(posted(), 1, 'same second, same text: one message');
        } else {
          assert.equal(posted(), 2, 'different seconds: two messages');
        }
      }
      assert.ok(sameSecond > 0, 'two calls landed in the same second at least once');
    });
  });
});
