import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isUndelivered, newestOf } from '../../src/provisioning/infoOrder';
import type { Delivery, LatestMessage } from '../../src/storage/InfoStateStore';

const m = (seq: number, messageId: string): LatestMessage => ({
  seq,
  messageId,
  sender: 'alice',
  text: messageId,
});
const delivered = (seq: number, id: string): Delivery => ({
  roomId: 'r',
  deliveredSeq: seq,
  deliveredId: id,
});

test('a message is undelivered when it is later, or another message of the same millisecond', () => {
  assert.equal(isUndelivered(m(10, 'a'), delivered(9, 'x')), true);
  assert.equal(isUndelivered(m(8, 'a'), delivered(9, 'x')), false);
  assert.equal(isUndelivered(m(9, 'x'), delivered(9, 'x')), false);
  assert.equal(isUndelivered(m(9, 'y'), delivered(9, 'x')), true);
});

test('the newest is the latest time; within a millisecond, the one stored last', () => {
  assert.equal(newestOf([]), undefined);
  assert.equal(newestOf([m(3, 'a'), m(5, 'b'), m(4, 'c')])?.messageId, 'b');
  assert.equal(newestOf([m(5, 'a'), m(5, 'b'), m(2, 'c')])?.messageId, 'b');
});
