import { IHttp, ILogger, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { cleanInfoText } from '../chat/hygiene';
import { keyedQueue } from '../concurrency/keyedQueue';
import { serverTranslator, translatorFor } from '../i18n/translators';
import { ChannelEquipmentStore } from '../storage/ChannelEquipmentStore';
import { InfoUpdates } from './infoUpdates';
import { MAX_USER_COMMANDS } from './shape';
import { ChannelSync } from './sync';

export interface ActivityDeps {
  read: IRead;
  http: IHttp;
  persis: IPersistence;
  modify: IModify;
  logger: ILogger;
  appId: string;
  botId: string;
  /** When this invocation's Jeedom calls must be over. */
  deadlineAt?: number;
}

/** What `lastMessage` holds: the text as written; for a file, its name and link. */
export function lastMessageText(message: IMessage): string {
  const text = message.text ?? '';
  if (!message.file) return text;
  const link = message.attachments?.find((a) => a.title?.link)?.title?.link;
  return [text, message.file.name, link].filter((part) => !!part).join(' ');
}

/** The job that adds a person's `@username` command (SPEC §4), out of the message hook: it takes Jeedom calls. */
export const ADD_PERSON_JOB = 'jeedom-add-person';
/** A person's job already asked for, by room and person, with when (a cache: a second job finds nothing to do). */
const asked = new Map<string, number>();
const ASK_AGAIN_AFTER_MS = 60_000;

/**
 * A person wrote in a channel: if the channel has an equipment, update its last-message infos and, the first
 * time this person writes there (when the channel allows it), have a job add their `@username` command.
 */
export async function onChannelMessage(message: IMessage, deps: ActivityDeps): Promise<void> {
  const record = await new ChannelEquipmentStore(deps.read.getPersistenceReader()).get(message.room.id);
  if (!record?.enabled) return;
  const seq = (message.createdAt ? new Date(message.createdAt).getTime() : Date.now()) || Date.now();
  const infos = new InfoUpdates(deps).record(message.room.id, {
    seq,
    messageId: message.id ?? '',
    sender: cleanInfoText(message.sender.username),
    text: cleanInfoText(lastMessageText(message)),
  });
  const known = record.users.some((u) => u.rcUserId === message.sender.id);
  const person =
    !record.autoUsers || known
      ? Promise.resolve()
      : record.users.length >= MAX_USER_COMMANDS
        ? Promise.resolve(logCap(message.room.id, message.sender, deps))
        : askForPersonCommand(message, deps);
  await Promise.all([infos, person]);
}

async function askForPersonCommand(message: IMessage, deps: ActivityDeps): Promise<void> {
  const key = `${message.room.id}/${message.sender.id}`;
  if ((asked.get(key) ?? 0) > Date.now()) return;
  asked.set(key, Date.now() + ASK_AGAIN_AFTER_MS);
  await deps.modify.getScheduler().scheduleOnce({
    id: ADD_PERSON_JOB,
    when: new Date(),
    data: { roomId: message.room.id, userId: message.sender.id },
  });
}

/** New per-person commands of one room are added one after the other within this process. */
const addingUsers = keyedQueue();

/**
 * The job: the person's command added to the room's equipment, unless they have one already or the room is
 * full. Its Jeedom calls (the preflight, then one `cmd::save`) end by the job's own deadline.
 */
export async function addPersonCommand(
  roomId: string,
  userId: string,
  deps: Omit<ActivityDeps, 'modify'>,
  deadlineAt: number,
): Promise<void> {
  asked.delete(`${roomId}/${userId}`);
  const [room, sender] = await Promise.all([
    deps.read.getRoomReader().getById(roomId),
    deps.read.getUserReader().getById(userId),
  ]);
  if (!room || !sender) return;
  await addingUsers(roomId, async () => {
    const fresh = await new ChannelEquipmentStore(deps.read.getPersistenceReader()).get(roomId);
    if (!fresh?.enabled || fresh.users.some((u) => u.rcUserId === sender.id)) return;
    if (fresh.users.length >= MAX_USER_COMMANDS) return logCap(roomId, sender, deps);
    const started = await ChannelSync.start(
      { ...deps, t: await translatorFor(deps.read, sender), jeedomT: await serverTranslator(deps.read) },
      deadlineAt,
    );
    if (!started.ok) {
      deps.logger.warn(`per-user command not added: ${started.problems.length} preflight problem(s)`);
      return;
    }
    const user = { rcUserId: sender.id, username: sender.username };
    if ((await started.sync.addUser(room, user)) === 'full') logCap(roomId, sender, deps);
  });
}

/** People whose refusal was already logged by this process, per room (a cache: logging again is harmless). */
const capLogged = new Set<string>();

function logCap(roomId: string, sender: IUser, deps: Pick<ActivityDeps, 'logger'>): void {
  const key = `${roomId}/${sender.id}`;
  if (capLogged.has(key)) return;
  capLogged.add(key);
  deps.logger.warn(
    `per-user commands: room ${roomId} has ${MAX_USER_COMMANDS}, the most a channel gets: @${sender.username} gets none`,
  );
}
