import { IModify, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import { JeedomEqLogic } from '../jeedom/equipment';
import { isJeedomError, JeedomError } from '../jeedom/JeedomError';
import { ChannelEquipmentStore } from '../storage/ChannelEquipmentStore';
import { LastErrorStore } from '../storage/LastErrorStore';
import { preflight, ProvisioningEnv } from './preflight';
import { LOGICAL_ID_PREFIX } from './shape';
import { RoomSync, roomName, SyncDeps } from './syncRoom';

export type { SyncDeps } from './syncRoom';

export interface SyncSummary {
  created: string[];
  updated: string[];
  disabled: string[];
  unchanged: number;
  failed: Array<{ name: string; error: JeedomError }>;
  /** Rooms not reached before the deadline: the sync goes on in the background. */
  remaining: number;
}

/**
 * A sync starts no new room once less than this is left before its invocation's deadline (a room in progress
 * then ends by the deadline: its Jeedom calls get only the time left), and hands over to a background job that
 * picks up where it stopped.
 */
export const ROOM_RESERVE_MS = 5_000;
export const SYNC_JOB = 'jeedom-sync';

/** The rest of an unfinished sync, as a job of the same processor, a second from now (or at `when`). */
export async function continueSyncLater(
  modify: IModify | undefined,
  when = Date.now() + 1000,
): Promise<void> {
  await modify?.getScheduler().scheduleOnce({ id: SYNC_JOB, when: new Date(when) });
}

/** The channels and private groups the bot is a member of. */
async function botRooms(read: IRead, botId: string): Promise<IRoom[]> {
  const ids = await read.getUserReader().getUserRoomIds(botId);
  const rooms = await Promise.all(ids.map((id) => read.getRoomReader().getById(id)));
  return rooms.filter((r): r is IRoom => !!r && (r.type === 'c' || r.type === 'p'));
}

/** Every room at once: the preflight, then each bot room's equipment, until the invocation's deadline. */
export class ChannelSync extends RoomSync {
  constructor(
    deps: SyncDeps,
    env: ProvisioningEnv,
    /** When this invocation's Jeedom calls must be over (the client given in `env` has the same). */
    private readonly deadlineAt: number,
    private readonly now: () => number = Date.now,
  ) {
    super(deps, env);
  }

  /** The preflight, with the invocation's deadline for its calls and for everything the sync does after. */
  static async start(
    deps: SyncDeps,
    deadlineAt: number,
  ): Promise<{ ok: true; sync: ChannelSync } | { ok: false; problems: string[] }> {
    const checked = await preflight(deps.read, deps.http, deps.persis, deps.t, deadlineAt);
    return checked.ok ? { ok: true, sync: new ChannelSync(deps, checked.env, deadlineAt) } : checked;
  }

  /** Every bot room becomes (or stays) an equipment; rooms the bot left are disabled. Idempotent. */
  async all(): Promise<SyncSummary> {
    const summary: SyncSummary = {
      created: [],
      updated: [],
      disabled: [],
      unchanged: 0,
      failed: [],
      remaining: 0,
    };
    const [rooms, jeedom, records] = await Promise.all([
      botRooms(this.deps.read, this.deps.botId),
      this.jeedomEquipments(),
      new ChannelEquipmentStore(this.deps.read.getPersistenceReader()).all(),
    ]);
    const present = new Set(rooms.map((r) => r.id));
    const gone = [...jeedom].filter(([roomId, eq]) => !present.has(roomId) && eq.isEnable);
    for (const [index, room] of rooms.entries()) {
      if (this.timeIsUp()) {
        summary.remaining = rooms.length - index + gone.length;
        return summary;
      }
      const record = records.find((r) => r.roomId === room.id);
      await this.track(summary, roomName(room), () => this.room(room, jeedom.get(room.id), record));
    }
    for (const [index, [roomId, eq]] of gone.entries()) {
      if (this.timeIsUp()) {
        summary.remaining = gone.length - index;
        return summary;
      }
      const record = records.find((r) => r.roomId === roomId);
      await this.track(summary, eq.name, () =>
        this.disable(roomId, eq, record).then(() => 'disabled' as const),
      );
    }
    return summary;
  }

  private timeIsUp(): boolean {
    return this.now() > this.deadlineAt - ROOM_RESERVE_MS;
  }

  private async track(
    summary: SyncSummary,
    name: string,
    work: () => Promise<'created' | 'updated' | 'disabled' | 'unchanged'>,
  ) {
    try {
      const outcome = await work();
      if (outcome === 'unchanged') summary.unchanged++;
      else summary[outcome].push(name);
    } catch (error) {
      // One failing room must not stop the others; Jeedom's own words explain it.
      if (!isJeedomError(error)) throw error;
      summary.failed.push({ name, error });
      await LastErrorStore.record(this.deps.persis, 'sync', error);
    }
  }

  /** The app's equipments in Jeedom, by room id (one read for all rooms). */
  async jeedomEquipments(): Promise<Map<string, JeedomEqLogic>> {
    const all = await this.env.client.scriptEquipments();
    const ours = all.filter((eq) => eq.logicalId?.startsWith(LOGICAL_ID_PREFIX));
    return new Map(ours.map((eq) => [(eq.logicalId as string).slice(LOGICAL_ID_PREFIX.length), eq]));
  }
}
