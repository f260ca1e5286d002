import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import {
  RocketChatAssociationModel,
  RocketChatAssociationRecord,
} from '@rocket.chat/apps-engine/definition/metadata';
import { z } from 'zod';
import { readAll, readOne } from '../../src/storage/records';

const KIND = new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, 'kind');
const ROOM = new RocketChatAssociationRecord(RocketChatAssociationModel.ROOM, 'room-1');
const schema = z.object({ id: z.string(), note: z.string().nullish() });

/** A reader holding records under association lists; a read returns those carrying every association asked. */
function reader(stored: Array<{ record: object; under: RocketChatAssociationRecord[] }>): IPersistenceRead {
  const matches = (under: RocketChatAssociationRecord[], asked: RocketChatAssociationRecord[]) =>
    asked.every((a) => under.some((u) => u.getModel() === a.getModel() && u.getID() === a.getID()));
  const read = async (asked: RocketChatAssociationRecord[]) =>
    stored.filter((s) => matches(s.under, asked)).map((s) => s.record);
  return {
    read: async () => undefined,
    readByAssociation: (a: RocketChatAssociationRecord) => read([a]),
    readByAssociations: (asked: RocketChatAssociationRecord[]) => read(asked),
  } as unknown as IPersistenceRead;
}

const store = reader([
  { record: { id: 'old-shape', extra: 1, note: null }, under: [KIND] },
  { record: { name: 'no id: an older version wrote it' }, under: [KIND, ROOM] },
  { record: { id: 'in-room' }, under: [KIND, ROOM] },
]);

test('a read keeps the records that match their schema and skips the others', async () => {
  assert.deepEqual(await readAll(store, KIND, schema), [{ id: 'old-shape', note: null }, { id: 'in-room' }]);
  assert.deepEqual(await readAll(store, [KIND, ROOM], schema), [{ id: 'in-room' }]);
});

test('readOne gives the first valid record, or undefined when none is', async () => {
  assert.deepEqual(await readOne(store, [KIND, ROOM], schema), { id: 'in-room' });
  assert.equal(
    await readOne(
      store,
      [ROOM, new RocketChatAssociationRecord(RocketChatAssociationModel.USER, 'u')],
      schema,
    ),
    undefined,
  );
});
