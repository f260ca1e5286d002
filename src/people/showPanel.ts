import { IModify, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { notifyUserBlocks } from '../chat/notify';
import { Translate } from '../i18n/translate';
import { linkedPeople } from './changes';
import { panelBlocks, panelMessageId } from './panel';

/** Shows (or refreshes) the people panel to one admin, in a room, as it is now in storage. */
export async function showPanel(
  acc: { read: IRead; modify: IModify },
  admin: IUser,
  room: IRoom,
  t: Translate,
): Promise<void> {
  const people = await linkedPeople(acc);
  const rows = people.map((p) => ({
    userId: p.rcUserId,
    username: p.username,
    login: p.jeedomLogin,
    enabled: p.interactionsEnabled,
  }));
  const title = rows.length ? t('users_title', { count: rows.length }) : t('people_none');
  await notifyUserBlocks(
    acc.read,
    acc.modify,
    admin,
    room,
    title,
    panelBlocks(rows, t),
    panelMessageId(room.id, admin.id),
  );
}
