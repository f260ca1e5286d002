import assert from 'node:assert/strict';
import { test } from 'node:test';
import { snapshotFileName } from '../../src/jeedom/camera';

const at = new Date('2026-11-25T19:39:51.123Z');

test('a snapshot is named after its camera, accents folded, and the time', () => {
  assert.equal(snapshotFileName('Allée', at), 'Allee-2026-11-25T19-39-51.jpg');
  assert.equal(snapshotFileName('Entrée (porche)', at), 'Entree_porche-2026-11-25T19-39-51.jpg');
});

test('a name with nothing usable still gives a file name', () => {
  assert.equal(snapshotFileName('📷', at), 'camera-2026-11-25T19-39-51.jpg');
  assert.equal(snapshotFileName('../..', at), 'camera-2026-11-25T19-39-51.jpg');
});
