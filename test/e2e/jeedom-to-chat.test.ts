import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { RocketChatHarness } from '../../devkit/harness/RocketChatHarness';
import type { CmdRow, JeedomSimulator } from '../../devkit/simulator';
import { addHousehold, cameraKeys, greet, House, roomCmd, startHouse, stopHouse } from './house';

let house: House;
let rc: RocketChatHarness;
let sim: JeedomSimulator;
let admin: IUser;
let alice: IUser;
let family: IRoom;
let cameraId: number;

const cmdOf = (room: IRoom, logicalId: string): CmdRow => roomCmd(sim, room, logicalId);

before(async () => {
  house = await startHouse();
  ({ rc, sim } = house);
  ({ admin, alice, room: family } = addHousehold(rc, 'family', [], 'p'));
  cameraId = sim.addCamera({ name: 'Entrée' });
  await rc.setSetting('public_url', rc.siteUrl);
  await rc.slash(admin, family, 'map @alice marie');
  await rc.slash(admin, family, 'sync');
  await greet(house, alice, family);
});

after(() => stopHouse(house, [...cameraKeys(sim), 'a-brand-new-master-secret-0123456789']));

describe('Jeedom executes the provisioned commands', () => {
  test('send: the script plugin GETs the endpoint and the message lands in the room', async () => {
    await sim.executeCommand(cmdOf(family, 'send').id, {
      title: '',
      message: 'Porte du garage ouverte (100%) & lumière',
    });
    const posted = await rc.waitForBotMessage(
      family,
      (m) => m.text === 'Porte du garage ouverte (100%) & lumière',
    );
    assert.ok(posted, 'posted with spaces and symbols intact');
    const request = rc.httpFront.requests.at(-1);
    assert.equal(request?.method, 'GET');
    assert.doesNotMatch(JSON.stringify(request), /[0-9a-f]{64}/, 'no token in the URL or the log');
  });

  test('the title is shown above the message; the user command mentions its person', async () => {
    await sim.executeCommand(cmdOf(family, `user:${alice.id}`).id, {
      title: 'Rappel',
      message: 'Sortir les poubelles',
    });
    await rc.waitForBotMessage(family, (m) => m.text === '@alice *Rappel*\nSortir les poubelles');
  });

  test('title = message (as a scenario ask sends it) is shown once', async () => {
    await sim.executeCommand(cmdOf(family, 'send').id, {
      title: 'Fermer le garage ?',
      message: 'Fermer le garage ?',
    });
    await rc.waitForBotMessage(family, (m) => m.text === 'Fermer le garage ?');
  });

  test('camera= in the title attaches a fresh snapshot as an image, and the title is not shown', async () => {
    const uploads = rc.world.uploads.size;
    await sim.executeCommand(cmdOf(family, 'send').id, {
      title: 'camera=Entrée',
      message: "Quelqu'un sonne",
    });
    await rc.waitForBotMessage(family, (m) => m.text === "Quelqu'un sonne");
    const upload = await rc.waitFor(
      () => [...rc.world.uploads.values()].slice(uploads).find((u) => u.roomId === family.id),
      {
        what: 'the snapshot upload',
      },
    );
    assert.equal(upload.type, 'image/jpeg');
    assert.equal(upload.buffer[0], 0xff);
    assert.equal(upload.buffer[1], 0xd8);
    assert.match(upload.name, /^Entr.*\.jpg$/);
  });

  test('a rotated camera key is read again: the snapshot still arrives', async () => {
    sim.rotateCameraKey(cameraId);
    const uploads = rc.world.uploads.size;
    await rc.slash(alice, family, 'snap Entrée');
    assert.equal(rc.world.uploads.size, uploads + 1);
  });

  test('an unknown camera is said in the room, not lost', async () => {
    await sim.executeCommand(cmdOf(family, 'send').id, { title: 'camera=Jardin', message: 'Mouvement' });
    await rc.waitForBotMessage(family, (m) =>
      /Could not attach the snapshot of camera “Jardin”/.test(m.text ?? ''),
    );
  });

  test('/jeedom snap is for linked people only', async () => {
    const bob = rc.addUser('bob');
    rc.world.join(family.id, bob.id);
    const uploads = rc.world.uploads.size;
    await rc.slash(bob, family, 'snap Entrée');
    assert.match(rc.lastNotice(bob)?.text ?? '', /not linked to a Jeedom user yet/);
    assert.equal(rc.world.uploads.size, uploads);
  });
});

describe('files', () => {
  test('file= attaches the file at that address; a refused type is said in the room', async () => {
    sim.addRoute(
      '/doc.pdf',
      () => ({ status: 200, headers: { 'content-type': 'application/pdf' }, body: '%PDF-1.4 test' }) as never,
    );
    sim.addRoute(
      '/page.html',
      () => ({ status: 200, headers: { 'content-type': 'text/html' }, body: '<html></html>' }) as never,
    );
    const uploads = rc.world.uploads.size;
    await sim.executeCommand(cmdOf(family, 'send').id, {
      title: `file=${sim.baseUrl}/doc.pdf`,
      message: 'Facture',
    });
    const upload = await rc.waitFor(() => [...rc.world.uploads.values()].slice(uploads)[0], {
      what: 'the pdf',
    });
    assert.equal(upload.name, 'doc.pdf');
    await sim.executeCommand(cmdOf(family, 'send').id, {
      title: `file=${sim.baseUrl}/page.html`,
      message: 'Page',
    });
    await rc.waitForBotMessage(family, (m) =>
      /Could not attach a file: this kind of file is not accepted/.test(m.text ?? ''),
    );
  });

  test('POST files (base64) are uploaded into the room', async () => {
    const token = String((cmdOf(family, 'send').configuration as Record<string, unknown>).http_password);
    const res = await fetch(rc.endpointUrl('jeedom'), {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Basic ${Buffer.from(`jeedom:${token}`).toString('base64')}`,
      },
      body: JSON.stringify({
        room: family.id,
        message: 'Relevé',
        files: [{ name: 'releve.txt', type: 'text/plain', data: Buffer.from('21.5 °C').toString('base64') }],
      }),
    });
    assert.equal(res.status, 200);
    const upload = await rc.waitFor(
      () => [...rc.world.uploads.values()].find((u) => u.name === 'releve.txt'),
      { what: 'the upload' },
    );
    assert.equal(upload.buffer.toString(), '21.5 °C');
  });
});

describe('rotating webhook_secret', () => {
  test('old tokens stop working at once; the next sync provisions the new ones', async () => {
    const send = cmdOf(family, 'send');
    const oldToken = String((send.configuration as Record<string, unknown>).http_password);
    await rc.setSetting('webhook_secret', 'a-brand-new-master-secret-0123456789');
    try {
      await assert.rejects(
        sim.executeCommand(send.id, { title: '', message: 'with the old token' }),
        /ne contient pas/,
      );
      assert.ok(!rc.botMessagesIn(family).some((m) => m.text === 'with the old token'));
      await rc.slash(admin, family, 'sync');
      assert.match(rc.lastNotice(admin)?.text ?? '', /Updated \(1\): family/);
      const newToken = String((cmdOf(family, 'send').configuration as Record<string, unknown>).http_password);
      assert.notEqual(newToken, oldToken);
      await sim.executeCommand(send.id, { title: '', message: 'with the new token' });
      await rc.waitForBotMessage(family, (m) => m.text === 'with the new token');
    } finally {
      await rc.setSetting('webhook_secret', '');
    }
  });
});
