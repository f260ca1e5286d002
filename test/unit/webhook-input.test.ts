/**
 * What Jeedom's calls to the endpoint carry, parsed at the edge (SPEC §6): the notification's fields, the
 * title's options, the text as posted, the Basic credentials, the rate limits and the retry key. Examples read
 * like the spec; properties throw hostile input at each parser (fast-check, fixed seeds).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { authorize, BASIC_USER, parseBasicAuth } from '../../src/webhook/auth';
import { composeText, parseTitle } from '../../src/endpoint/compose';
import { dedupKey } from '../../src/endpoint/dedup';
import { GLOBAL_LIMIT, RATE_WINDOW_MS, RateLimiter, ROOM_LIMIT } from '../../src/endpoint/rateLimit';
import { MAX_FILES, MAX_TEXT_LENGTH, type Notification, parseNotification } from '../../src/endpoint/request';
import { roomToken } from '../../src/webhook/secrets';

const SEED = 20261204;
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;

describe('parseNotification', () => {
  test("the script plugin's GET: room and message; no title, no key", () => {
    assert.deepEqual(parseNotification({ room: 'ROOM1', title: '', message: 'Porte ouverte' }), {
      ok: true,
      notification: {
        roomId: 'ROOM1',
        title: '',
        message: 'Porte ouverte',
        userId: undefined,
        idempotencyKey: undefined,
        files: [],
      },
    });
  });

  test('a retry is recognised by `id`, else by `ts` (a number is read as its digits); blanks are no key', () => {
    const key = (fields: Record<string, unknown>) =>
      parseNotification({ room: 'r', message: 'm', ...fields });
    const keyOf = (fields: Record<string, unknown>) => {
      const parsed = key(fields);
      assert.ok(parsed.ok);
      return parsed.notification.idempotencyKey;
    };
    assert.equal(keyOf({ id: ' abc ', ts: '17' }), 'abc');
    assert.equal(keyOf({ ts: 1733300000 }), '1733300000');
    assert.equal(keyOf({ id: '  ', ts: '  ' }), undefined);
  });

  test('`user` names the person to mention; blank is nobody', () => {
    const parsed = parseNotification({ room: 'r', message: 'm', user: '  ' });
    assert.ok(parsed.ok);
    assert.equal(parsed.notification.userId, undefined);
  });

  test('refusals say which field and why: 400 for what is malformed, 413 for what is too big', () => {
    const refused = (input: unknown) => {
      const parsed = parseNotification(input);
      assert.ok(!parsed.ok, JSON.stringify(input));
      return [parsed.status, parsed.reason];
    };
    assert.deepEqual(refused({ message: 'm' }).slice(0, 1), [400]);
    assert.match(String(refused({ message: 'm' })[1]), /^room: /);
    assert.deepEqual(refused({ room: '   ', message: 'm' }), [400, 'room: room is required']);
    // A repeated query key arrives as an array: a bad request, never a guess at which one was meant.
    assert.equal(refused({ room: 'r', message: ['a', 'b'] })[0], 400);
    assert.deepEqual(refused({ room: 'r', title: ' ', message: '' }), [
      400,
      'title, message or files: nothing to post',
    ]);
    assert.equal(refused({ room: 'r', message: 'x'.repeat(MAX_TEXT_LENGTH + 1) })[0], 413);
    assert.equal(refused({ room: 'r', title: 'x'.repeat(6000), message: 'y'.repeat(6000) })[0], 413);
    const file = { name: 'a.png', data: 'iVBORw0KGgo=' };
    assert.equal(refused({ room: 'r', files: Array(MAX_FILES + 1).fill(file) })[0], 413);
    assert.equal(refused(null)[0], 400);
    assert.equal(refused('room=r&message=m')[0], 400);
  });

  test('a __proto__ key in a JSON body is just an unknown field', () => {
    const parsed = parseNotification(
      JSON.parse('{"__proto__": {"polluted": 1}, "room": "r", "message": "m"}'),
    );
    assert.ok(parsed.ok);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  test('property: any input is either a notification that can be posted or a refusal with its reason', () => {
    const anything = fc.anything({ maxDepth: 2, maxKeys: 4 });
    const field = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.constant(undefined),
      fc.array(fc.string()),
      anything,
    );
    const shaped = fc.record(
      { room: field, title: field, message: field, user: field, ts: field, id: field, files: anything },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(shaped, anything), (input) => {
        const parsed = parseNotification(input);
        if (!parsed.ok) {
          assert.ok(parsed.status === 400 || parsed.status === 413);
          assert.ok(parsed.reason.length > 0);
          return;
        }
        const n = parsed.notification;
        assert.ok(n.roomId.length > 0 && n.roomId === n.roomId.trim());
        assert.ok(n.title.length + n.message.length <= MAX_TEXT_LENGTH);
        assert.ok(n.title.trim() !== '' || n.message.trim() !== '' || n.files.length > 0);
        assert.ok(n.files.length <= MAX_FILES);
        assert.ok(n.idempotencyKey === undefined || n.idempotencyKey === n.idempotencyKey.trim());
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  test('property: title and message reach the post exactly as sent; the room is trimmed', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((s) => s.trim() !== ''),
        fc.string({ maxLength: 200 }),
        fc.string({ maxLength: 200 }).filter((s) => s.trim() !== ''),
        (room, title, message) => {
          const parsed = parseNotification({ room, title, message });
          assert.ok(parsed.ok);
          assert.equal(parsed.notification.roomId, room.trim());
          assert.equal(parsed.notification.title, title);
          assert.equal(parsed.notification.message, message);
        },
      ),
      { seed: SEED },
    );
  });
});

describe('the title: options, then the text to show', () => {
  test('camera=, file= and thread= are taken out of the title; quoted values may hold spaces', () => {
    assert.deepEqual(parseTitle('camera=Entrée Alarme'), { options: { camera: 'Entrée' }, text: 'Alarme' });
    assert.deepEqual(parseTitle('Vue file="http://nas.lan/a b.jpg"'), {
      options: { file: 'http://nas.lan/a b.jpg' },
      text: 'Vue',
    });
    assert.deepEqual(parseTitle('thread=abc'), { options: { thread: 'abc' }, text: '' });
    assert.deepEqual(parseTitle('  Bonjour   la maison '), { options: {}, text: 'Bonjour la maison' });
  });

  test('an option must start a word, and a later one wins', () => {
    assert.deepEqual(parseTitle('mycamera=x'), { options: {}, text: 'mycamera=x' });
    assert.deepEqual(parseTitle('camera=a camera=b'), { options: { camera: 'b' }, text: '' });
  });

  test('property: any title parses; the text is trimmed, single-spaced and never holds an option', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (title) => {
        const { options, text } = parseTitle(title);
        assert.equal(text, text.trim());
        assert.ok(!/\s\s/.test(text), JSON.stringify(text));
        assert.ok(!/(?:^|\s)(camera|file|thread)=/.test(text), JSON.stringify(text));
        for (const value of Object.values(options)) assert.equal(typeof value, 'string');
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  test('property: options put anywhere around a plain title come out, and the title stays', () => {
    const plain = fc.string({ maxLength: 40 }).filter((s) => !s.includes('='));
    const value = fc.stringMatching(/^[A-Za-z0-9:/._-]{1,30}$/);
    fc.assert(
      fc.property(plain, plain, value, value, (before, after, camera, thread) => {
        const { options, text } = parseTitle(`${before} camera=${camera} ${after} thread=${thread}`);
        assert.deepEqual(options, { camera, thread });
        assert.equal(text, `${before} ${after}`.replace(/\s+/g, ' ').trim());
      }),
      { seed: SEED },
    );
  });
});

describe('the text as posted', () => {
  test('the title in bold above the message when it says something else, once when they are equal', () => {
    assert.equal(composeText('', 'Porte ouverte'), 'Porte ouverte');
    assert.equal(composeText('Alerte', 'Porte ouverte'), '*Alerte*\nPorte ouverte');
    assert.equal(composeText('Fermer ?', ' Fermer ? '), 'Fermer ?');
    // A title alone is a heading with nothing under it: still in bold.
    assert.equal(composeText('Alerte', ''), '*Alerte*');
    assert.equal(composeText('', ''), '');
  });

  test('the person mentioned comes first', () => {
    assert.equal(composeText('', 'Bonjour', 'marie'), '@marie Bonjour');
    assert.equal(composeText('Rappel', 'Poubelles', 'marie'), '@marie *Rappel*\nPoubelles');
    assert.equal(composeText('', '', 'marie'), '@marie');
  });

  test('property: the message is always there, trimmed; a different title is there in bold', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (title, message) => {
        const text = composeText(title, message);
        assert.equal(text, text.trim());
        assert.ok(text.includes(message.trim()));
        if (title.trim() && title.trim() !== message.trim()) assert.ok(text.includes(`*${title.trim()}*`));
        if (title.trim() === message.trim()) assert.equal(text, message.trim());
      }),
      { seed: SEED },
    );
  });
});

describe('Basic credentials', () => {
  const secret = 'm'.repeat(16) + 'aster-secret-0123';

  test('the master secret opens any room; a room token only its room', () => {
    assert.equal(authorize(basic(BASIC_USER, secret), secret, 'ROOM1'), 'master');
    assert.equal(authorize(basic(BASIC_USER, secret), secret, undefined), 'master');
    const token = roomToken(secret, 'ROOM1');
    assert.equal(authorize(basic(BASIC_USER, token), secret, 'ROOM1'), 'room');
    assert.equal(authorize(basic(BASIC_USER, token), secret, 'ROOM2'), 'none');
    assert.equal(authorize(basic(BASIC_USER, token), secret, undefined), 'none');
    assert.equal(authorize(basic(BASIC_USER, roomToken('other', 'ROOM1')), secret, 'ROOM1'), 'none');
  });

  test('another user name, another scheme, no header: nothing is opened', () => {
    assert.equal(authorize(basic('admin', secret), secret, 'ROOM1'), 'none');
    assert.equal(authorize(`Bearer ${secret}`, secret, 'ROOM1'), 'none');
    for (const header of [undefined, null, 42, ['Basic x'], {}, '', 'Basic', 'Basic !!!'])
      assert.equal(authorize(header, secret, 'ROOM1'), 'none', String(header));
  });

  test('the scheme in any case, spaces around; the password may hold colons', () => {
    assert.deepEqual(parseBasicAuth(`  basic ${Buffer.from('jeedom:a:b').toString('base64')} `), {
      user: 'jeedom',
      password: 'a:b',
    });
    assert.equal(parseBasicAuth(`Basic ${Buffer.from('no colon').toString('base64')}`), undefined);
  });

  test('property: any header that is not the exact credential opens nothing', () => {
    const header = fc.oneof(
      fc.string(),
      fc.string().map((s) => `Basic ${s}`),
      fc.string().map((s) => `Basic ${Buffer.from(s).toString('base64')}`),
      fc.string().map((s) => basic(BASIC_USER, s)),
      fc.anything(),
    );
    fc.assert(
      fc.property(header, fc.option(fc.string()), (h, room) => {
        assert.equal(authorize(h, secret, room ?? undefined), 'none');
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  test('property: any secret and rooms: each token opens its own room and no other', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 24 }), fc.string(), fc.string(), (s, a, b) => {
        fc.pre(a !== b);
        assert.equal(authorize(basic(BASIC_USER, s), s, a), 'master');
        assert.equal(authorize(basic(BASIC_USER, roomToken(s, a)), s, a), 'room');
        assert.equal(authorize(basic(BASIC_USER, roomToken(s, a)), s, b), 'none');
      }),
      { seed: SEED },
    );
  });
});

describe('rate limits', () => {
  test(`${ROOM_LIMIT} calls per room in ${RATE_WINDOW_MS / 1000} s; the window slides`, () => {
    const limiter = new RateLimiter();
    for (let i = 0; i < ROOM_LIMIT; i++) assert.ok(limiter.allow('r1', 1000 + i));
    assert.equal(limiter.allow('r1', 1500), false);
    assert.ok(limiter.allow('r2', 1500), 'another room is not held back');
    // The first call (at 1000) leaves the window at 1000 + RATE_WINDOW_MS: one more fits, not two.
    assert.ok(limiter.allow('r1', 1000 + RATE_WINDOW_MS));
    assert.equal(limiter.allow('r1', 1000 + RATE_WINDOW_MS), false);
  });

  test(`${GLOBAL_LIMIT} calls in all, whatever the rooms`, () => {
    const limiter = new RateLimiter();
    for (let i = 0; i < GLOBAL_LIMIT; i++) assert.ok(limiter.allow(`room${i}`, 5000));
    assert.equal(limiter.allow('fresh', 5000), false);
    assert.ok(limiter.allow('fresh', 5000 + RATE_WINDOW_MS));
  });

  test('property: the limiter agrees with counting the allowed calls of the last window', () => {
    const windowMs = 100;
    const [roomLimit, globalLimit] = [3, 5];
    const call = fc.record({ room: fc.constantFrom('a', 'b', 'c'), gap: fc.integer({ min: 0, max: 60 }) });
    fc.assert(
      fc.property(fc.array(call, { maxLength: 200 }), (calls) => {
        const limiter = new RateLimiter(windowMs, roomLimit, globalLimit);
        const allowed: Array<{ room: string; at: number }> = [];
        let now = 0;
        for (const { room, gap } of calls) {
          now += gap;
          const recent = allowed.filter((c) => now - c.at < windowMs);
          const expected =
            recent.filter((c) => c.room === room).length < roomLimit && recent.length < globalLimit;
          assert.equal(limiter.allow(room, now), expected);
          if (expected) allowed.push({ room, at: now });
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe('the retry key', () => {
  const base: Notification = {
    roomId: 'r',
    title: 't',
    message: 'm',
    userId: 'u',
    idempotencyKey: 'k',
    files: [],
  };

  test('no id and no ts: no key (every call is posted)', () => {
    assert.equal(dedupKey({ ...base, idempotencyKey: undefined }), undefined);
  });

  test('property: two calls share a key exactly when room, key, title, message and user are the same', () => {
    const text = fc.string({ maxLength: 8 });
    const call = fc.record({
      roomId: text,
      title: text,
      message: text,
      userId: fc.option(text, { nil: undefined }),
      idempotencyKey: fc.string({ minLength: 1, maxLength: 8 }),
    });
    fc.assert(
      fc.property(call, call, (a, b) => {
        const same =
          a.roomId === b.roomId &&
          a.title === b.title &&
          a.message === b.message &&
          (a.userId ?? '') === (b.userId ?? '') &&
          a.idempotencyKey === b.idempotencyKey;
        assert.equal(dedupKey({ ...a, files: [] }) === dedupKey({ ...b, files: [] }), same);
      }),
      { seed: SEED, numRuns: 300 },
    );
    // Fields run into each other nowhere: a|b + c is not a + b|c.
    assert.notEqual(
      dedupKey({ ...base, title: 'a|b', message: 'c' }),
      dedupKey({ ...base, title: 'a', message: 'b|c' }),
    );
  });
});
