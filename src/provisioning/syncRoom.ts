import { IHttp, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import { exclusive } from '../concurrency/exclusive';
import { keyedQueue } from '../concurrency/keyedQueue';
import { roomToken } from '../webhook/secrets';
import { Translate } from '../i18n/translate';
import { JeedomEqLogic } from '../jeedom/equipment';
import { isJeedomError } from '../jeedom/JeedomError';
import { ChannelEquipment, ChannelEquipmentStore } from '../storage/ChannelEquipmentStore';
import { fingerprint } from './fingerprint';
import { ProvisioningEnv } from './preflight';
import { mergeUsers, usersFromCmds } from './roomUsers';
import {
  DesiredCmd,
  DesiredEquipment,
  desiredEquipment,
  LOGICAL_ID_PREFIX,
  MAX_USER_COMMANDS,
  RoomUser,
  userLogicalId,
} from './shape';
import { readCmdIds, writeEquipment } from './writeEquipment';

export interface SyncDeps {
  read: IRead;
  http: IHttp;
  persis: IPersistence;
  appId: string;
  botId: string;
  /** For problems, in the language of whoever reads them. */
  t: Translate;
  /** For command names in Jeedom: the app's or the server's language, the same whoever syncs. */
  jeedomT: Translate;
}

export function roomName(room: IRoom): string {
  return room.displayName || room.slugifiedName || room.id;
}

/**
 * A creation makes at most six Jeedom calls: the names of equipments without an object, a save and up to three
 * more on name clashes, reading the command ids back.
 */
const CREATE_CALLS = 6;

/** Provisioning writes for one room run one after the other in this process. */
const oneRoomAtATime = keyedQueue();

/** One room's equipment: created, updated, a person added, disabled. Its Jeedom client carries the deadline. */
export class RoomSync {
  /**
   * When a room's creation was left to a claim held elsewhere (another instance, or this server's runtime
   * before a restart): the caller schedules a sync for then, so the room does not wait for the periodic one.
   */
  claimedElsewhereUntil?: number;

  constructor(
    protected readonly deps: SyncDeps,
    protected readonly env: ProvisioningEnv,
  ) {}

  get timeoutSeconds(): number {
    return this.env.timeoutSeconds;
  }

  /**
   * Creates or updates one room's equipment; writes nothing when Jeedom already has what the room needs.
   * One room at a time in this process (the bot joining, the periodic job, `/jeedom sync` and a new person may
   * all reach it at once): what the caller read is checked again once it is this call's turn.
   */
  room(
    room: IRoom,
    existing: JeedomEqLogic | undefined,
    record: ChannelEquipment | undefined,
    extraUsers: RoomUser[] = [],
  ): Promise<'created' | 'updated' | 'unchanged'> {
    return oneRoomAtATime(room.id, async () => {
      const fresh =
        (await new ChannelEquipmentStore(this.deps.read.getPersistenceReader()).get(room.id)) ?? record;
      // Created by another path while this one waited: update that equipment, never make a second one.
      const current = existing ?? (fresh && (await this.ourEquipment(room.id, fresh.eqLogicId)));
      if (current) return this.writeRoom(room, current, fresh, extraUsers);
      // Another server instance may be creating it right now: only the one holding the claim creates.
      const created = await exclusive(
        `create-equipment:${room.id}`,
        { reader: this.deps.read.getPersistenceReader(), persis: this.deps.persis },
        { jeedomCalls: CREATE_CALLS, timeoutMs: this.env.timeoutSeconds * 1000 },
        () => this.writeRoom(room, undefined, fresh, extraUsers),
      );
      if (created.ran) return created.value;
      this.claimedElsewhereUntil = Math.max(this.claimedElsewhereUntil ?? 0, created.heldUntil);
      return 'unchanged';
    });
  }

  /**
   * A person's `@username` command added on its own (`cmd::save` without id creates one command, admin
   * only): the cost is the same whatever the number of people, where rewriting the equipment grew with each
   * of them. Refused past MAX_USER_COMMANDS per channel. A name clash (an old command of that name) falls
   * back to the full write, which sorts names out.
   */
  addUser(room: IRoom, user: RoomUser): Promise<'added' | 'unchanged' | 'full'> {
    return oneRoomAtATime(room.id, async () => {
      const record = await new ChannelEquipmentStore(this.deps.read.getPersistenceReader()).get(room.id);
      if (!record?.enabled || record.users.some((u) => u.rcUserId === user.rcUserId)) return 'unchanged';
      if (record.users.length >= MAX_USER_COMMANDS) return 'full';
      const before = this.desired(room, record.users);
      const desired = this.desired(room, [...record.users, user]);
      const logicalId = userLogicalId(user.rcUserId);
      const cmd = desired.cmds.find((c) => c.logicalId === logicalId) as DesiredCmd;
      let savedId: string;
      try {
        const params = { ...cmd, eqLogic_id: record.eqLogicId, eqType_name: 'script' };
        savedId = (await this.env.client.saveCmd(params)).id;
      } catch (error) {
        if (!isJeedomError(error) || !/Duplicate entry/i.test(error.jeedomMessage ?? '')) throw error;
        await this.writeRoom(room, await this.ourEquipment(room.id, record.eqLogicId), record, [user]);
        return 'added';
      }
      await ChannelEquipmentStore.save(this.deps.persis, {
        ...record,
        users: [...record.users, user],
        cmdIds: { ...record.cmdIds, [logicalId]: savedId },
        // Jeedom had exactly what the record said: it now has the new shape. Otherwise the next sync rewrites.
        fingerprint: record.fingerprint === fingerprint(before) ? fingerprint(desired) : '',
      });
      return 'added';
    });
  }

  private desired(room: IRoom, users: RoomUser[]): DesiredEquipment {
    return desiredEquipment({
      roomId: room.id,
      roomName: roomName(room),
      objectId: this.env.objectId,
      endpoint: { url: this.env.endpointUrl, token: roomToken(this.env.secret, room.id) },
      users,
      names: {
        send: (this.env.jeedomT ?? this.deps.jeedomT)('cmd_send'),
        lastMessage: (this.env.jeedomT ?? this.deps.jeedomT)('cmd_last_message'),
        lastSender: (this.env.jeedomT ?? this.deps.jeedomT)('cmd_last_sender'),
      },
    });
  }

  private async ourEquipment(roomId: string, eqLogicId: string): Promise<JeedomEqLogic | undefined> {
    try {
      const eq = await this.env.client.equipment(eqLogicId);
      return eq.logicalId === `${LOGICAL_ID_PREFIX}${roomId}` ? eq : undefined;
    } catch (error) {
      if (isJeedomError(error) && error.kind === 'not_found') return undefined;
      throw error;
    }
  }

  private async writeRoom(
    room: IRoom,
    existing: JeedomEqLogic | undefined,
    record: ChannelEquipment | undefined,
    extraUsers: RoomUser[],
  ): Promise<'created' | 'updated' | 'unchanged'> {
    const sameEquipment = !!existing && record?.eqLogicId === existing.id;
    let cmdIds = sameEquipment ? record.cmdIds : {};
    // Adding someone rewrites the command list: read Jeedom's own first, so that a person another server
    // instance has just added is kept (saving a list without their command would delete it).
    if (existing && (!sameEquipment || extraUsers.length))
      cmdIds = { ...cmdIds, ...(await readCmdIds(this.env.client, existing.id)) };
    const known = record?.users ?? [];
    const inJeedom = await usersFromCmds(
      cmdIds,
      known,
      async (id) => (await this.deps.read.getUserReader().getById(id))?.username,
    );
    const users = mergeUsers(sameEquipment ? mergeUsers(known, inJeedom) : inJeedom, extraUsers);
    const desired = this.desired(room, users);
    const print = fingerprint(desired);
    if (sameEquipment && existing.isEnable && record.fingerprint === print && existing.name === record.name)
      return 'unchanged';
    const written = await writeEquipment(this.env.client, desired, {
      eqLogicId: existing?.id,
      cmdIds,
      name: sameEquipment ? record.name : existing?.name,
    });
    await ChannelEquipmentStore.save(this.deps.persis, {
      roomId: room.id,
      ...written,
      users,
      autoUsers: record?.autoUsers ?? (await this.autoUsersDefault()),
      enabled: true,
      fingerprint: print,
    });
    return existing ? 'updated' : 'created';
  }

  /** Jeedom's API cannot delete: the equipment of a room the bot left, or that was deleted, is disabled. */
  disable(roomId: string, eq: JeedomEqLogic, record: ChannelEquipment | undefined): Promise<void> {
    return oneRoomAtATime(roomId, () => this.disableNow(roomId, eq, record));
  }

  private async disableNow(
    roomId: string,
    eq: JeedomEqLogic,
    record: ChannelEquipment | undefined,
  ): Promise<void> {
    await this.env.client.saveEquipment({
      id: eq.id,
      eqType_name: 'script',
      name: eq.name,
      logicalId: `${LOGICAL_ID_PREFIX}${roomId}`,
      isEnable: 0,
    });
    if (record)
      await ChannelEquipmentStore.save(this.deps.persis, { ...record, enabled: false, fingerprint: '' });
  }

  private async autoUsersDefault(): Promise<boolean> {
    const value: unknown = await this.deps.read
      .getEnvironmentReader()
      .getSettings()
      .getValueById('auto_user_commands');
    return value !== false;
  }
}
