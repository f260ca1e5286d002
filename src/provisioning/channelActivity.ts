import { IHttp, ILogger, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { IMessage } from '@rocket.chat/apps-engine/definition/messages';
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
}

/** What `lastMessage` holds: the text as written; for a file, its name and link. */
export function lastMessageText(message: IMessage): string {
  const text = message.text ?? '';
  if (!message.file) return text;
  const link = message.attachments?.find((a) => a.title?.link)?.title?.link;
  return [text, message.file.name, link].filter((part) => !!part).join(' ');
}

/** New per-person commands of one room are added one after the other within this process. */
const addingUsers = keyedQueue();

/**
 * A person wrote in a channel: if the channel has an equipment, update its last-message infos and, the first
 * time this person writes there (when the channel allows it), add their `@username` command.
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
  const user = record.autoUsers && !known ? addUserCommand(message, deps) : Promise.resolve();
  await Promise.all([infos, user]);
}

/** People whose refusal was already logged by this process, per room (a cache: logging again is harmless). */
const capLogged = new Set<string>();

function addUserCommand(message: IMessage, deps: ActivityDeps): Promise<void> {
  const roomId = message.room.id;
  const next = addingUsers(roomId, async () => {
    const fresh = await new ChannelEquipmentStore(deps.read.getPersistenceReader()).get(roomId);
    if (!fresh || fresh.users.some((u) => u.rcUserId === message.sender.id)) return;
    if (fresh.users.length >= MAX_USER_COMMANDS) return logCap(message, deps);
    const started = await ChannelSync.start({
      ...deps,
      t: await translatorFor(deps.read, message.sender),
      jeedomT: await serverTranslator(deps.read),
    });
    if (!started.ok) {
      deps.logger.warn(`per-user command not added: ${started.problems.length} preflight problem(s)`);
      return;
    }
    const user = { rcUserId: message.sender.id, username: message.sender.username };
    if ((await started.sync.addUser(message.room, user)) === 'full') logCap(message, deps);
  });
  return next.catch((error: unknown) => {
    deps.logger.warn(`per-user command not added: ${error instanceof Error ? error.message : String(error)}`);
  });
}

function logCap(message: IMessage, deps: ActivityDeps): void {
  const key = `${message.room.id}/${message.sender.id}`;
  if (capLogged.has(key)) return;
  capLogged.add(key);
  deps.logger.warn(
    `per-user commands: room ${message.room.id} has ${MAX_USER_COMMANDS}, the most a channel gets: @${message.sender.username} gets none`,
  );
}
