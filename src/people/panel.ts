import { Translate } from '../i18n/translate';
import { JeedomUser } from '../jeedom/users';

/** Action ids of the people panel and the "link someone" modal. */
export const PEOPLE = {
  toggle: 'jeedom-people-toggle',
  unlink: 'jeedom-people-unlink',
  add: 'jeedom-people-add',
  modalPrefix: 'jeedom-link-modal:',
  personBlock: 'jeedom-link-person',
  personAction: 'user',
  loginBlock: 'jeedom-link-login',
  loginAction: 'login',
} as const;

interface PanelRow {
  userId: string;
  username: string;
  login: string;
  enabled: boolean;
}

const plain = (text: string) => ({ type: 'plain_text', text, emoji: true });
const markdown = (text: string) => ({ type: 'mrkdwn', text });

/** The panel's ephemeral message id: one per admin and room, so a refreshed panel replaces the last one. */
export function panelMessageId(roomId: string, adminId: string): string {
  return `jeedom-people-${roomId}-${adminId}`;
}

/** `/jeedom users` as UIKit blocks: one row per linked person, its buttons, and "Link someone". */
export function panelBlocks(rows: readonly PanelRow[], t: Translate): unknown[] {
  const blocks: unknown[] = [
    {
      type: 'section',
      blockId: 'jeedom-people-title',
      text: markdown(rows.length ? t('users_title', { count: rows.length }) : t('people_none')),
    },
  ];
  for (const row of rows) {
    blocks.push(
      { type: 'divider', blockId: `jeedom-people-divider:${row.userId}` },
      {
        type: 'section',
        blockId: `jeedom-people-row:${row.userId}`,
        text: markdown(
          t('people_row', {
            username: row.username,
            login: row.login,
            interactions: t(row.enabled ? 'users_on' : 'users_off'),
          }),
        ),
      },
      {
        type: 'actions',
        blockId: `jeedom-people-actions:${row.userId}`,
        elements: [
          {
            type: 'button',
            actionId: PEOPLE.toggle,
            text: plain(t(row.enabled ? 'people_turn_off' : 'people_turn_on')),
            value: row.userId,
          },
          {
            type: 'button',
            actionId: PEOPLE.unlink,
            style: 'danger',
            text: plain(t('people_unlink')),
            value: row.userId,
          },
        ],
      },
    );
  }
  blocks.push({
    type: 'actions',
    blockId: 'jeedom-people-add',
    elements: [
      { type: 'button', actionId: PEOPLE.add, style: 'primary', text: plain(t('people_add')), value: 'add' },
    ],
  });
  return blocks;
}

/** The "link someone" modal: a person picker and Jeedom's enabled logins (read when it opens). */
export function linkModal(roomId: string, users: readonly JeedomUser[], t: Translate) {
  const logins = users.filter((u) => u.enabled).map((u) => u.login);
  return {
    id: `${PEOPLE.modalPrefix}${roomId}`,
    type: 'modal',
    title: plain(t('people_modal_title')),
    submit: { type: 'button', actionId: 'jeedom-link-submit', text: plain(t('people_modal_submit')) },
    close: { type: 'button', actionId: 'jeedom-link-cancel', text: plain(t('people_modal_cancel')) },
    blocks: [
      {
        type: 'input',
        blockId: PEOPLE.personBlock,
        label: plain(t('people_modal_person')),
        element: {
          type: 'users_select',
          actionId: PEOPLE.personAction,
          placeholder: plain(t('people_modal_person')),
        },
      },
      {
        type: 'input',
        blockId: PEOPLE.loginBlock,
        label: plain(t('people_modal_login')),
        element: {
          type: 'static_select',
          actionId: PEOPLE.loginAction,
          placeholder: plain(t('people_modal_login')),
          options: logins.map((login) => ({ text: plain(login), value: login })),
        },
      },
    ],
  };
}

/** What the modal's submit carries, from the view's state (`{blockId: {actionId: value}}`); pure. */
export function submittedLink(state: unknown): { person: string; login: string } {
  const s = (state ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const value = (block: string, action: string) => {
    const v = s[block]?.[action];
    const first = Array.isArray(v) ? v[0] : v;
    return typeof first === 'string' ? first.trim().replace(/^@/, '') : '';
  };
  return {
    person: value(PEOPLE.personBlock, PEOPLE.personAction),
    login: value(PEOPLE.loginBlock, PEOPLE.loginAction),
  };
}
