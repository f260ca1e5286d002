import { ILogger, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import { botUser } from '../chat/botIdentity';
import { postAsBot } from '../chat/notify';
import { SettingId } from '../settings/definitions';
import { serverTranslator } from '../i18n/translators';
import { AuditStore } from '../storage/AuditStore';
import { AuditEvent } from '../storage/AuditStore';
import { auditLine } from './events';

export interface AuditAccessors {
  read: IRead;
  persis: IPersistence;
  /** Without it (a hook that has none) the event is kept but not posted. */
  modify?: IModify;
}

/** The `audit_room` setting: a room id, or a name (with or without `#`); empty means off. */
async function auditRoom(read: IRead): Promise<IRoom | undefined> {
  const value: unknown = await read.getEnvironmentReader().getSettings().getValueById(SettingId.AuditRoom);
  const wanted = typeof value === 'string' ? value.trim().replace(/^#/, '') : '';
  if (!wanted) return undefined;
  const rooms = read.getRoomReader();
  return (
    (await rooms.getById(wanted).catch(() => undefined)) ??
    (await rooms.getByName(wanted).catch(() => undefined))
  );
}

/** The audit room, if set and the bot is one of its members (the bot never joins a room by itself). */
export async function auditRoomWithBot(read: IRead): Promise<IRoom | undefined> {
  const room = await auditRoom(read);
  if (!room) return undefined;
  const bot = await botUser(read.getUserReader());
  const roomIds = await read.getUserReader().getUserRoomIds(bot.id);
  return roomIds.includes(room.id) ? room : undefined;
}

/**
 * Records one audited event (SPEC §10): kept in persistence, and posted as one line in the audit room when
 * it is set and the bot is in it. Never throws: the audit must not undo or hide what it records.
 */
export async function recordAudit(acc: AuditAccessors, event: AuditEvent, logger?: ILogger): Promise<void> {
  try {
    // Kept and looked up side by side: each accessor call is a round trip to the server.
    const [, room] = await Promise.all([
      AuditStore.append(acc.persis, acc.read.getPersistenceReader(), event),
      acc.modify ? auditRoomWithBot(acc.read) : undefined,
    ]);
    if (!room || !acc.modify) return;
    const t = await serverTranslator(acc.read);
    await postAsBot(acc.modify, await botUser(acc.read.getUserReader()), room, auditLine(event, t));
  } catch (error) {
    logger?.error(`audit of ${event.kind} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
