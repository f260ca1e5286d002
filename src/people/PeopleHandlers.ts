import { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import { IUIKitResponse, IUIKitSurface } from '@rocket.chat/apps-engine/definition/uikit';
import type { UIKitInteractionResponder } from '@rocket.chat/apps-engine/definition/uikit/UIKitInteractionResponder';
import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { notifyUser } from '../chat/notify';
import { invocationDeadline } from '../concurrency/deadline';
import { isAdmin } from '../chat/roles';
import { Translate } from '../i18n/translate';
import { findLogin } from '../jeedom/users';
import { translatorFor } from '../i18n/translators';
import { UserMappingStore } from '../storage/UserMappingStore';
import { allowPerson, isBotAccount, linkPerson, unlinkPerson } from './changes';
import { readJeedomLogins } from './jeedomLogins';
import { linkModal, PEOPLE, submittedLink } from './panel';
import { showPanel } from './showPanel';

interface Accessors {
  read: IRead;
  http: IHttp;
  persis: IPersistence;
  modify: IModify;
}

/** The clicking person as stored now (roles may have changed since the panel was shown). */
async function currentAdmin(read: IRead, user: IUser): Promise<IUser | undefined> {
  const fresh =
    (await read
      .getUserReader()
      .getById(user.id)
      .catch(() => undefined)) ?? user;
  return isAdmin(fresh) ? fresh : undefined;
}

async function findUser(read: IRead, word: string): Promise<IUser | undefined> {
  const users = read.getUserReader();
  return (
    (await users.getByUsername(word).catch(() => undefined)) ??
    (await users.getById(word).catch(() => undefined)) ??
    undefined
  );
}

/** The people panel's buttons and the "link someone" modal. Changes are made at once; the panel refreshes. */
export class PeopleHandlers {
  /** Undefined when the click is not one of the panel's. */
  async button(
    data: { actionId: string; value?: string; user: IUser; room?: IRoom },
    responder: UIKitInteractionResponder,
    acc: Accessors,
  ): Promise<IUIKitResponse | undefined> {
    if (![PEOPLE.toggle, PEOPLE.unlink, PEOPLE.add].includes(data.actionId as never)) return undefined;
    const deadlineAt = invocationDeadline();
    const t = await translatorFor(acc.read, data.user);
    const admin = await currentAdmin(acc.read, data.user);
    if (!admin) {
      if (data.room) await notifyUser(acc.read, acc.modify, data.user, data.room, t('admin_only'));
      return responder.successResponse();
    }
    if (data.actionId === PEOPLE.add) return this.openModal(admin, data.room, responder, acc, t, deadlineAt);
    const targetId = data.value ?? '';
    const mapping = await new UserMappingStore(acc.read.getPersistenceReader()).get(targetId);
    const target = (await acc.read
      .getUserReader()
      .getById(targetId)
      .catch(() => undefined)) ?? {
      id: targetId,
      username: mapping?.rcUsername ?? targetId,
    };
    if (data.actionId === PEOPLE.unlink) await unlinkPerson(acc, target, admin);
    else if (mapping) await allowPerson(acc, mapping, target, !mapping.interactionsEnabled, admin);
    if (data.room) await showPanel(acc, admin, data.room, t);
    return responder.successResponse();
  }

  private async openModal(
    admin: IUser,
    room: IRoom | undefined,
    responder: UIKitInteractionResponder,
    acc: Accessors,
    t: Translate,
    deadlineAt: number,
  ): Promise<IUIKitResponse> {
    const jeedom = await readJeedomLogins(acc.read, acc.http, t, deadlineAt);
    if (!jeedom.ok || !room) {
      if (room && !jeedom.ok) await notifyUser(acc.read, acc.modify, admin, room, jeedom.notice);
      return responder.successResponse();
    }
    if (!jeedom.users.some((u) => u.enabled)) {
      await notifyUser(acc.read, acc.modify, admin, room, t('people_no_logins'));
      return responder.successResponse();
    }
    return responder.openModalViewResponse(linkModal(room.id, jeedom.users, t) as never);
  }

  /** The modal's submit: the person and login checked again, then linked; errors shown in the modal. */
  async submit(
    data: { view: IUIKitSurface; user: IUser; room?: IRoom },
    responder: UIKitInteractionResponder,
    acc: Accessors,
  ): Promise<IUIKitResponse | undefined> {
    const viewId = data.view.id ?? '';
    if (!viewId.startsWith(PEOPLE.modalPrefix)) return undefined;
    const deadlineAt = invocationDeadline();
    const t = await translatorFor(acc.read, data.user);
    const fail = (block: string, message: string) =>
      responder.viewErrorResponse({ viewId, errors: { [block]: message } });
    const admin = await currentAdmin(acc.read, data.user);
    if (!admin) return fail(PEOPLE.personBlock, t('admin_only'));
    const { person, login } = submittedLink(data.view.state);
    const user = person ? await findUser(acc.read, person) : undefined;
    if (!user) return fail(PEOPLE.personBlock, t('unknown_user', { username: person }));
    if (isBotAccount(user)) return fail(PEOPLE.personBlock, t('map_bot', { username: user.username }));
    const jeedom = await readJeedomLogins(acc.read, acc.http, t, deadlineAt);
    if (!jeedom.ok) return fail(PEOPLE.loginBlock, jeedom.notice);
    const found = findLogin(jeedom.users, login);
    if (!found) {
      const logins = jeedom.users.filter((u) => u.enabled).map((u) => u.login);
      return fail(PEOPLE.loginBlock, t('map_unknown_login', { login, logins: logins.join(', ') }));
    }
    if (!found.enabled) return fail(PEOPLE.loginBlock, t('map_disabled_login', { login: found.login }));
    await linkPerson(acc, user, found.login, admin);
    const roomId = viewId.slice(PEOPLE.modalPrefix.length);
    const room =
      data.room ??
      (await acc.read
        .getRoomReader()
        .getById(roomId)
        .catch(() => undefined));
    if (room) await showPanel(acc, admin, room, t);
    return responder.successResponse();
  }
}
