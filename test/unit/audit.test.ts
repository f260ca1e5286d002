import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';
import {
  AUDIT_KEEP,
  AUDIT_PRUNE_EVERY,
  AuditEvent,
  auditEventSchema,
  AuditStore,
} from '../../src/storage/AuditStore';
import { auditLine, auditText, AUDIT_TEXT_MAX } from '../../src/audit/events';
import { countRefusal, mergeBuckets } from '../../src/audit/refused';
import { translator } from '../../src/i18n/translate';
import { LANGUAGES } from '../../src/i18n/languages';

/** Just enough of the engine's persistence: records with associations, matched on all of them. */
function memoryPersistence() {
  const records: Array<{ data: object; keys: string[] }> = [];
  const key = (a: RocketChatAssociationRecord) => `${a.getModel()}:${a.getID()}`;
  const matching = (assocs: RocketChatAssociationRecord[]) =>
    records.filter((r) => assocs.every((a) => r.keys.includes(key(a))));
  const reader = {
    readByAssociation: async (a: RocketChatAssociationRecord) => matching([a]).map((r) => r.data),
    readByAssociations: async (as: RocketChatAssociationRecord[]) => matching(as).map((r) => r.data),
  } as unknown as IPersistenceRead;
  const persis = {
    createWithAssociations: async (data: object, as: RocketChatAssociationRecord[]) => {
      records.push({ data, keys: as.map(key) });
      return String(records.length);
    },
    removeByAssociations: async (as: RocketChatAssociationRecord[]) => {
      const gone = matching(as);
      for (const r of gone) records.splice(records.indexOf(r), 1);
      return gone.map((r) => r.data);
    },
  } as unknown as IPersistence;
  return { records, reader, persis };
}

const alice = { id: 'u1', username: 'alice' };
const admin = { id: 'u0', username: 'boss' };

test('the audit keeps the last 1,000 events: reads never show more, storage is pruned as it goes', async () => {
  const { records, reader, persis } = memoryPersistence();
  const total = AUDIT_KEEP + 2 * AUDIT_PRUNE_EVERY + 7;
  for (let i = 0; i < total; i++)
    await AuditStore.append(
      persis,
      reader,
      { kind: 'allow', by: admin, user: alice, enabled: i % 2 === 0 },
      1_000 + i,
    );
  assert.ok(records.length <= AUDIT_KEEP + AUDIT_PRUNE_EVERY, `${records.length} records stored`);
  const recent = await new AuditStore(reader, persis).recent(5000);
  assert.equal(recent.length, AUDIT_KEEP);
  assert.equal(recent[0].at, 1_000 + total - 1, 'newest first');
  assert.equal(recent.at(-1)?.at, 1_000 + total - AUDIT_KEEP);
  assert.equal(records.length, AUDIT_KEEP, 'a read prunes what is beyond the bound');
});

const EVERY_KIND: AuditEvent[] = [
  { kind: 'interaction', user: alice, phrase: 'allume', outcome: 'reply' },
  { kind: 'run', user: alice, target: '12', outcome: 'ok' },
  { kind: 'snap', user: alice, camera: 'Entrée', outcome: 'failed:timeout' },
  { kind: 'ask_answered', user: alice, answer: 'oui', question: 'Fermer ?' },
  { kind: 'link', by: admin, user: alice, login: 'marie' },
  { kind: 'unlink', by: admin, user: alice, login: 'marie' },
  { kind: 'allow', by: admin, user: alice, enabled: false },
  { kind: 'link_request', user: alice, login: 'marie' },
  { kind: 'link_decision', by: admin, user: alice, login: 'marie', approved: true },
  { kind: 'sync', created: 1, updated: 2, disabled: 0, failed: 0 },
  { kind: 'endpoint_refused', rooms: [{ room: 'r1', unauthorized: 3, throttled: 1 }] },
];

test('every event kind has its line in every language: one line, the person named, nothing left unfilled', () => {
  for (const lang of LANGUAGES) {
    const t = translator(lang);
    for (const event of EVERY_KIND) {
      assert.ok(auditEventSchema.safeParse(event).success);
      const line = auditLine(event, t);
      assert.doesNotMatch(line, /\n|\{\w+\}/, `${lang} ${event.kind}: ${line}`);
      if ('user' in event) assert.ok(line.includes('alice'), `${lang} ${event.kind} names the person`);
    }
  }
});

test('hostile texts stay one short line that notifies nobody', () => {
  fc.assert(
    fc.property(
      fc.string({ unit: 'binary', maxLength: 2000 }),
      fc.string({ maxLength: 300 }),
      (phrase, answer) => {
        const t = translator('en');
        const lines = [
          auditLine({ kind: 'interaction', user: alice, phrase, outcome: 'reply' }, t),
          auditLine({ kind: 'ask_answered', user: alice, answer, question: phrase }, t),
        ];
        for (const line of lines) {
          assert.doesNotMatch(line, /[\n\r]/);
          assert.doesNotMatch(line, /@(?!\u2060)/, 'every @ is followed by a word joiner');
          assert.ok(line.length < 3 * AUDIT_TEXT_MAX + 200);
        }
        assert.ok([...auditText(phrase)].length <= AUDIT_TEXT_MAX);
      },
    ),
    { seed: 14, numRuns: 300 },
  );
});

test('refusals are counted per room and merged busiest first', () => {
  let bucket = { minute: 1, rooms: {} as Record<string, { unauthorized: number; throttled: number }> };
  bucket = countRefusal(bucket, 'a', 401);
  bucket = countRefusal(bucket, 'b', 429);
  bucket = countRefusal(bucket, 'b', 401);
  const other = countRefusal({ minute: 2, rooms: {} }, 'b', 429);
  assert.deepEqual(mergeBuckets([bucket, other]), [
    { room: 'b', unauthorized: 1, throttled: 2 },
    { room: 'a', unauthorized: 1, throttled: 0 },
  ]);
});
