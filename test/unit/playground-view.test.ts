import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { StoredMessage } from '../../devkit/harness/world';
import { callFromHttp } from '../../playground/server/jeedomSide';
import {
  MAX_CALLS,
  attachmentsOf,
  buttonsOf,
  messageView,
  blocksOf,
  modalView,
  noticesByPerson,
  pushCall,
  summarise,
  type CallView,
  type PersonView,
} from '../../playground/server/view';

const message = (fields: Partial<StoredMessage>): StoredMessage =>
  ({
    id: 'm1',
    room: { id: 'r1' },
    sender: { id: 'bot', username: 'jeedom.bot' },
    text: 'Fermer le garage ?',
    createdAt: new Date('2026-11-25T10:00:00Z'),
    ...fields,
  }) as unknown as StoredMessage;

describe('messages as the page shows them', () => {
  test('buttons come from actions blocks, with the block id the click must carry', () => {
    const blocks = [
      { type: 'section', text: { type: 'mrkdwn', text: 'Fermer le garage ?' } },
      {
        type: 'actions',
        blockId: 'b1',
        elements: [
          { type: 'button', actionId: 'jeedom-ask', value: 'a|0', text: { type: 'plain_text', text: 'oui' } },
          { type: 'button', actionId: 'jeedom-ask', value: 'a|1', text: { type: 'plain_text', text: 'non' } },
          { type: 'static_select', actionId: 'other' },
        ],
      },
    ];
    assert.deepEqual(buttonsOf(message({ blocks } as never)), [
      { actionId: 'jeedom-ask', value: 'a|0', text: 'oui', blockId: 'b1' },
      { actionId: 'jeedom-ask', value: 'a|1', text: 'non', blockId: 'b1' },
    ]);
    assert.deepEqual(buttonsOf(message({})), []);
  });

  test('image attachments become images, others links', () => {
    const attachments = [
      {
        title: { value: 'Allee.jpg', link: '/file-upload/u1/Allee.jpg' },
        imageUrl: '/file-upload/u1/Allee.jpg',
      },
      { title: { value: 'report.pdf', link: '/file-upload/u2/report.pdf' } },
    ];
    assert.deepEqual(attachmentsOf(message({ attachments } as never)), {
      images: [{ url: '/file-upload/u1/Allee.jpg', name: 'Allee.jpg' }],
      files: [{ url: '/file-upload/u2/report.pdf', name: 'report.pdf' }],
    });
  });

  test('a view tells the bot apart, keeps the thread and the time', () => {
    const view = messageView(message({ threadId: 'parent', editedAt: new Date() } as never), 'bot');
    assert.equal(view.bot, true);
    assert.equal(view.threadId, 'parent');
    assert.equal(view.edited, true);
    assert.equal(view.at, Date.parse('2026-11-25T10:00:00Z'));
    assert.equal(messageView(message({ sender: { id: 'u' } } as never), 'bot').bot, false);
  });

  test('notices reach only the person they are for', () => {
    const people = [{ id: 'a' }, { id: 'b' }] as PersonView[];
    const byPerson = noticesByPerson(
      [
        { userId: 'a', roomId: 'r', text: 'for a', at: 1 },
        { userId: 'z', roomId: 'r', text: 'for nobody here', at: 2 },
      ],
      people,
    );
    assert.deepEqual(byPerson, { a: [{ id: '', roomId: 'r', text: 'for a', at: 1, blocks: [] }], b: [] });
  });

  test("a notice's UIKit blocks: texts and rows of buttons, other blocks skipped", () => {
    const blocks = blocksOf([
      { type: 'section', text: { type: 'mrkdwn', text: '*@alice* — marie' } },
      { type: 'divider' },
      {
        type: 'actions',
        blockId: 'row',
        elements: [{ type: 'button', actionId: 'toggle', value: 'u1', text: { text: 'Turn off' } }],
      },
    ]);
    assert.deepEqual(blocks, [
      { kind: 'text', text: '*@alice* — marie' },
      { kind: 'buttons', buttons: [{ actionId: 'toggle', value: 'u1', text: 'Turn off', blockId: 'row' }] },
    ]);
    assert.deepEqual(blocksOf('not blocks'), []);
  });

  test("a modal's inputs: the user picker offers the playground's people, a select its options", () => {
    const modal = modalView(
      {
        title: { text: 'Link someone' },
        submit: { text: { text: 'Link' } },
        close: { text: { text: 'Cancel' } },
        blocks: [
          {
            type: 'input',
            blockId: 'p',
            label: { text: 'Person' },
            element: { type: 'users_select', actionId: 'user' },
          },
          {
            type: 'input',
            blockId: 'l',
            label: { text: 'Login' },
            element: {
              type: 'static_select',
              actionId: 'login',
              options: [{ value: 'marie', text: { text: 'marie' } }],
            },
          },
        ],
      },
      [{ username: 'guest' }],
      { l: 'disabled' },
    );
    assert.deepEqual(modal, {
      title: 'Link someone',
      submit: 'Link',
      cancel: 'Cancel',
      fields: [
        {
          blockId: 'p',
          actionId: 'user',
          label: 'Person',
          kind: 'user',
          options: [{ value: 'guest', text: '@guest' }],
        },
        {
          blockId: 'l',
          actionId: 'login',
          label: 'Login',
          kind: 'select',
          options: [{ value: 'marie', text: 'marie' }],
        },
      ],
      errors: { l: 'disabled' },
    });
  });
});

describe('Jeedom calls in the side panel', () => {
  test('results are summarised in a few words', () => {
    assert.equal(summarise([1, 2, 3]), '3 items');
    assert.equal(summarise([1]), '1 item');
    assert.equal(summarise({ reply: 'La lumière est allumée' }), 'reply: La lumière est allumée');
    assert.equal(summarise({ name: 'maison', id: 3 }), 'maison');
    assert.equal(summarise('ok'), 'ok');
    assert.equal(summarise(null), 'null');
    assert.match(summarise('x'.repeat(200)), /^x{59}…$/);
  });

  test('the list keeps the most recent calls only', () => {
    const calls: CallView[] = [];
    for (let i = 0; i < MAX_CALLS + 5; i++)
      pushCall(calls, { at: i, method: 'm', ms: 0, ok: true, result: '' });
    assert.equal(calls.length, MAX_CALLS);
    assert.equal(calls[0].at, 5);
  });

  test('a call seen at the HTTP bridge keeps the method and the outcome, never the key', () => {
    const key = 'k'.repeat(64);
    const requestBody = JSON.stringify({ method: 'cmd::event', params: { apikey: key, id: 3 } });
    const ok = callFromHttp(
      {
        method: 'POST',
        url: 'http://j/core/api/jeeApi.php',
        ms: 4,
        status: 200,
        requestBody,
        responseBody: '{"result":"ok"}',
      },
      10,
    );
    assert.deepEqual(ok, { at: 10, method: 'cmd::event', ms: 4, ok: true, result: 'ok' });
    const refused = callFromHttp(
      {
        method: 'POST',
        url: 'http://j/core/api/jeeApi.php',
        ms: 2,
        status: 200,
        requestBody,
        responseBody: '{"error":{"code":-32001,"message":"Vous n\'êtes pas autorisé"}}',
      },
      11,
    );
    assert.equal(refused.ok, false);
    assert.equal(refused.result, "Vous n'êtes pas autorisé");
    const down = callFromHttp(
      { method: 'POST', url: 'http://j/x', ms: 1, error: 'ECONNREFUSED', requestBody },
      12,
    );
    assert.deepEqual(down, { at: 12, method: 'cmd::event', ms: 1, ok: false, result: 'ECONNREFUSED' });
    const snapshot = callFromHttp(
      {
        method: 'GET',
        url: 'http://j/snapshot.php?apikey=***',
        ms: 1,
        status: 200,
        responseBody: '\xff\xd8',
      },
      13,
    );
    assert.equal(snapshot.method, 'GET http://j/snapshot.php?apikey=***');
    assert.equal(snapshot.ok, true);
    for (const call of [ok, refused, down, snapshot]) assert.ok(!JSON.stringify(call).includes(key));
  });
});
