import { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { IRoom, RoomType } from '@rocket.chat/apps-engine/definition/rooms';
import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { auditRoomWithBot, recordAudit } from '../audit/audit';
import { auditPerson } from '../audit/events';
import { botUser } from '../chat/botIdentity';
import { editAsBot, notifyUser } from '../chat/notify';
import { isAdmin } from '../chat/roles';
import { Translate } from '../i18n/translate';
import { serverTranslator, translatorFor } from '../i18n/translators';
import { exclusive } from '../concurrency/exclusive';
import { isBotAccount, linkPerson } from './changes';
import { isOpen, LinkRequest, LinkRequestStore } from '../storage/LinkRequestStore';

const LINK_ACTIONS = { approve: 'jeedom-link-approve', deny: 'jeedom-link-deny' } as const;
export const LINK_EXPIRE_JOB = 'jeedom-link-expire';

/** A decision's claim: saving it, linking the person, rewriting every card, telling the person. */
const DECISION_MS = 60_000;
/** Rocket.Chat's default room, which every new account joins: where admins are found besides the bot's rooms. */
const GENERAL = 'GENERAL';

interface Accessors {
  read: IRead;
  http: IHttp;
  persis: IPersistence;
  modify: IModify;
}

const plain = (text: string) => ({ type: 'plain_text', text, emoji: true });

function cardBlocks(request: LinkRequest, t: Translate): unknown[] {
  return [
    {
      type: 'section',
      blockId: `jeedom-link-card:${request.requestId}`,
      text: { type: 'mrkdwn', text: t('link_card', { user: request.username, login: request.login }) },
    },
    {
      type: 'actions',
      blockId: `jeedom-link-decide:${request.requestId}`,
      elements: [
        {
          type: 'button',
          actionId: LINK_ACTIONS.approve,
          style: 'primary',
          text: plain(t('link_approve')),
          value: request.requestId,
        },
        {
          type: 'button',
          actionId: LINK_ACTIONS.deny,
          style: 'danger',
          text: plain(t('link_deny')),
          value: request.requestId,
        },
      ],
    },
  ];
}

/**
 * The Rocket.Chat admins the app can see: the Apps-Engine cannot list users by role, so these are the admins
 * among the members of the default room and of every room the bot is in (its DMs included). Bots excluded.
 */
async function findAdmins(read: IRead): Promise<IUser[]> {
  const bot = await botUser(read.getUserReader());
  const roomIds = new Set([
    GENERAL,
    ...(await read
      .getUserReader()
      .getUserRoomIds(bot.id)
      .catch(() => [])),
  ]);
  const admins = new Map<string, IUser>();
  for (const roomId of roomIds) {
    const members = await read
      .getRoomReader()
      .getMembers(roomId)
      .catch(() => [] as IUser[]);
    for (const m of members ?? []) if (isAdmin(m) && !isBotAccount(m)) admins.set(m.id, m);
  }
  return [...admins.values()];
}

/** The DM between the bot and a person, created when there is none yet. */
async function directRoomWith(acc: Accessors, user: IUser): Promise<IRoom | undefined> {
  const bot = await botUser(acc.read.getUserReader());
  const existing = await acc.read
    .getRoomReader()
    .getDirectByUsernames([bot.username, user.username])
    .catch(() => undefined);
  if (existing) return existing;
  const builder = acc.modify
    .getCreator()
    .startRoom()
    .setType(RoomType.DIRECT_MESSAGE)
    .setCreator(bot)
    .setMembersToBeAddedByUsernames([bot.username, user.username]);
  const id = await acc.modify.getCreator().finish(builder);
  return acc.read.getRoomReader().getById(id);
}

async function postCard(acc: Accessors, room: IRoom, request: LinkRequest, t: Translate): Promise<string> {
  const bot = await botUser(acc.read.getUserReader());
  const builder = acc.modify
    .getCreator()
    .startMessage()
    .setRoom(room)
    .setSender(bot)
    .setText(t('link_card', { user: request.username, login: request.login }))
    .setBlocks(cardBlocks(request, t) as never);
  return acc.modify.getCreator().finish(builder);
}

/**
 * Sends the request's cards: one in the audit room when it is set (with the bot in it) — the place for
 * them, and how a server with more than five admins avoids a DM each — else one in each admin's DM.
 */
export async function sendCards(acc: Accessors, request: LinkRequest): Promise<LinkRequest['cards']> {
  const auditRoom = await auditRoomWithBot(acc.read);
  if (auditRoom) {
    const id = await postCard(acc, auditRoom, request, await serverTranslator(acc.read));
    return [{ roomId: auditRoom.id, messageId: id }];
  }
  const cards: LinkRequest['cards'] = [];
  for (const admin of await findAdmins(acc.read)) {
    const room = await directRoomWith(acc, admin);
    if (!room) continue;
    const id = await postCard(acc, room, request, await translatorFor(acc.read, admin));
    cards.push({ roomId: room.id, messageId: id });
  }
  return cards;
}

/** Rewrites every card of a request to its outcome, buttons removed. */
async function closeCards(
  acc: Accessors,
  request: LinkRequest,
  text: (t: Translate) => string,
): Promise<void> {
  const bot = await botUser(acc.read.getUserReader());
  const t = await serverTranslator(acc.read);
  for (const card of request.cards) {
    await editAsBot(acc.modify, bot, card.messageId, text(t), []).catch(() => undefined);
  }
}

async function tellPerson(
  acc: Accessors,
  request: LinkRequest,
  text: (t: Translate) => string,
): Promise<void> {
  const person = await acc.read
    .getUserReader()
    .getById(request.userId)
    .catch(() => undefined);
  if (!person) return;
  const room = await directRoomWith(acc, person);
  if (!room) return;
  const bot = await botUser(acc.read.getUserReader());
  const t = await translatorFor(acc.read, person);
  const builder = acc.modify.getCreator().startMessage().setRoom(room).setSender(bot).setText(text(t));
  await acc.modify.getCreator().finish(builder);
}

/**
 * An admin's Approve or Deny. The first decision wins: a claim on the request (`exclusive`), then its state
 * read again; any later click is told it was already decided. Only admins decide (so nobody approves their own request
 * unless they are an admin already). Undefined when the click is not a link decision.
 */
export async function decideLinkRequest(
  data: { actionId: string; value?: string; user: IUser; room?: IRoom },
  acc: Accessors,
): Promise<boolean> {
  const approved = data.actionId === LINK_ACTIONS.approve;
  if (!approved && data.actionId !== LINK_ACTIONS.deny) return false;
  const t = await translatorFor(acc.read, data.user);
  const say = async (text: string) => {
    if (data.room) await notifyUser(acc.read, acc.modify, data.user, data.room, text);
  };
  const fresh =
    (await acc.read
      .getUserReader()
      .getById(data.user.id)
      .catch(() => undefined)) ?? data.user;
  if (!isAdmin(fresh)) {
    await say(t('admin_only'));
    return true;
  }
  const requestId = data.value ?? '';
  // Clicks on one request are handled one after the other here, and claimed in storage across instances
  // (no Jeedom call: the claim covers the chat edits); a click while another instance decides is told so.
  const decided = await exclusive(
    `link-request:${requestId}`,
    { reader: acc.read.getPersistenceReader(), persis: acc.persis },
    { jeedomCalls: 0, timeoutMs: 0, extraMs: DECISION_MS },
    () => decide(requestId, approved, fresh, say, t, acc),
  );
  if (!decided.ran) await say(t('link_already_decided'));
  return true;
}

async function decide(
  requestId: string,
  approved: boolean,
  fresh: IUser,
  say: (text: string) => Promise<void>,
  t: Translate,
  acc: Accessors,
): Promise<void> {
  const request = await new LinkRequestStore(acc.read.getPersistenceReader()).get(requestId);
  if (!request || !isOpen(request)) {
    if (request?.state === 'pending') await expireLinkRequest(requestId, acc);
    await say(t('link_already_decided'));
    return;
  }
  const person = (await acc.read
    .getUserReader()
    .getById(request.userId)
    .catch(() => undefined)) ?? {
    id: request.userId,
    username: request.username,
  };
  const decided: LinkRequest = {
    ...request,
    username: person.username,
    state: approved ? 'approved' : 'denied',
    decidedBy: fresh.username,
    decidedAt: Date.now(),
  };
  await LinkRequestStore.save(acc.persis, decided);
  if (approved) await linkPerson(acc, person, request.login, fresh);
  const params = { user: person.username, login: request.login, by: fresh.username };
  await closeCards(acc, decided, (tt) => tt(approved ? 'link_card_approved' : 'link_card_denied', params));
  await tellPerson(acc, decided, (tt) => tt(approved ? 'link_told_approved' : 'link_told_denied', params));
  await recordAudit(acc, {
    kind: 'link_decision',
    by: auditPerson(fresh),
    user: auditPerson(person),
    login: request.login,
    approved,
  });
}

/** The scheduled end of a request's week: still pending, it expires and its cards say so. */
export async function expireLinkRequest(requestId: string, acc: Accessors, now = Date.now()): Promise<void> {
  const request = await new LinkRequestStore(acc.read.getPersistenceReader()).get(requestId);
  if (!request || request.state !== 'pending' || request.expiresAt > now) return;
  const expired: LinkRequest = { ...request, state: 'expired' };
  await LinkRequestStore.save(acc.persis, expired);
  await closeCards(acc, expired, (t) =>
    t('link_card_expired', { user: request.username, login: request.login }),
  );
}
