import { IHttp, ILogger, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { invocationDeadline } from '../concurrency/deadline';
import { exclusive } from '../concurrency/exclusive';
import { keyedQueue } from '../concurrency/keyedQueue';
import { JeedomConfig } from '../jeedom/config';
import { JeedomClient } from '../jeedom/JeedomClient';
import { isJeedomError } from '../jeedom/JeedomError';
import { readJeedomConfig } from '../settings/jeedomSettings';
import { ChannelEquipmentStore } from '../storage/ChannelEquipmentStore';
import { Delivery, InfoStateStore, LatestMessage } from '../storage/InfoStateStore';
import { LastErrorStore } from '../storage/LastErrorStore';
import { isUndelivered, newestOf } from './infoOrder';

export const INFO_RETRY_JOB = 'jeedom-info-retry';
/** A burst is gathered this long before the first delivery: far fewer calls than messages. */
export const COALESCE_MS = 25;
export const RETRY_DELAY_MS = 30_000;

/**
 * Every step for one room runs after the previous one, in this process; between server instances, a delivery
 * claim in persistence does that job.
 */
const serially = keyedQueue();
const flushing = new Set<string>();
/** When a retry for a held claim is already scheduled, per room (a cache: a duplicate job is harmless). */
const retryingAt = new Map<string, number>();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface InfoDeps {
  read: IRead;
  http: IHttp;
  persis: IPersistence;
  modify?: IModify;
  logger: ILogger;
  /** When this invocation's Jeedom calls must be over; taken now when not given. */
  deadlineAt?: number;
}

/**
 * `lastSender` then `lastMessage` for a provisioned channel (SPEC §4): serialised per room, coalesced under a
 * burst, never an older value after a newer one, and the final state delivered even after Jeedom was down.
 * Every message seen is stored; a delivery sends only the newest and clears what it covered, so nothing
 * builds up in Jeedom's direction while it is away.
 */
export class InfoUpdates {
  private readonly deadlineAt: number;
  /** Deliveries this invocation started: the first always goes (its calls get the time left). */
  private passes = 0;

  constructor(private readonly deps: InfoDeps) {
    this.deadlineAt = deps.deadlineAt ?? invocationDeadline();
  }

  private store(): InfoStateStore {
    return new InfoStateStore(this.deps.read.getPersistenceReader());
  }

  async record(roomId: string, latest: LatestMessage): Promise<void> {
    const delivery = await this.store().delivery(roomId);
    if (!isUndelivered(latest, delivery)) return;
    await InfoStateStore.addPending(this.deps.persis, roomId, latest);
    await this.flush(roomId);
  }

  /** Delivers what is pending; one loop per room at a time, which picks up anything newer as it goes. */
  async flush(roomId: string): Promise<void> {
    if (flushing.has(roomId)) return;
    flushing.add(roomId);
    try {
      await sleep(COALESCE_MS);
      while (await serially(roomId, () => this.deliverOnce(roomId))) {
        // each pass sends the newest pending value; a burst that arrived meanwhile collapses into one pass
      }
    } finally {
      flushing.delete(roomId);
    }
  }

  /** Sends the newest pending value if Jeedom does not have it yet; true when another pass may be needed. */
  private async deliverOnce(roomId: string): Promise<boolean> {
    const found = await this.newestUndelivered(roomId);
    if (!found) return false;
    const equipment = await new ChannelEquipmentStore(this.deps.read.getPersistenceReader()).get(roomId);
    const senderCmd = equipment?.cmdIds.lastSender;
    const messageCmd = equipment?.cmdIds.lastMessage;
    if (!equipment?.enabled || !senderCmd || !messageCmd) {
      await InfoStateStore.clearPending(this.deps.persis, roomId, found.pending);
      return false;
    }
    const config = await readJeedomConfig(this.deps.read);
    if (!config.ok) return false;
    if (this.passes > 0 && Date.now() + 2 * config.config.timeoutMs > this.deadlineAt) {
      // Not enough time left in this invocation for two calls at their timeout: a job of its own takes over.
      await this.retryWhenFree(roomId, Date.now());
      return false;
    }
    this.passes++;
    // One server instance at a time sends a room's infos (two calls); the holder's next pass picks up what
    // others stored. A holder that died (a restart) is replaced when its claim ends, by the retry scheduled here.
    const delivered = await exclusive(
      `deliver-infos:${roomId}`,
      { reader: this.deps.read.getPersistenceReader(), persis: this.deps.persis },
      { jeedomCalls: 2, timeoutMs: config.config.timeoutMs },
      () => this.deliverClaimed(roomId, senderCmd, messageCmd, config.config),
    );
    if (delivered.ran) return delivered.value;
    await this.retryWhenFree(roomId, delivered.heldUntil);
    return false;
  }

  private async deliverClaimed(
    roomId: string,
    senderCmd: string,
    messageCmd: string,
    config: JeedomConfig,
  ): Promise<boolean> {
    // Read again under the claim: another instance may have delivered a newer message meanwhile.
    const current = await this.newestUndelivered(roomId);
    if (!current) return false;
    const client = new JeedomClient(this.deps.http, config, this.deadlineAt);
    try {
      await client.cmdEvent(senderCmd, current.newest.sender);
      await client.cmdEvent(messageCmd, current.newest.text);
    } catch (error) {
      if (!isJeedomError(error)) throw error;
      await LastErrorStore.record(this.deps.persis, 'infos', error);
      await this.scheduleRetry(roomId, error.kind);
      return false;
    }
    await InfoStateStore.saveDelivery(this.deps.persis, {
      ...current.delivery,
      deliveredSeq: current.newest.seq,
      deliveredId: current.newest.messageId,
      retryAt: null,
    });
    await InfoStateStore.clearPending(this.deps.persis, roomId, current.pending);
    return true;
  }

  /** The newest stored message Jeedom does not have yet; stored ones it already has are cleared. */
  private async newestUndelivered(
    roomId: string,
  ): Promise<{ delivery: Delivery; newest: LatestMessage; pending: LatestMessage[] } | undefined> {
    const delivery = await this.store().delivery(roomId);
    const pending = await this.store().pending(roomId);
    const newest = newestOf(pending);
    if (newest && isUndelivered(newest, delivery)) {
      // Only the newest will ever be sent: older ones go now, so a channel keeps one pending value while Jeedom
      // is down (strictly older only: the newest, whoever stored it, always survives).
      const older = pending.filter((m) => m.seq < newest.seq);
      await InfoStateStore.clearPending(this.deps.persis, roomId, older);
      return { delivery, newest, pending: pending.filter((m) => m.seq >= newest.seq) };
    }
    // Recorded while a newer one was being delivered: nothing to send.
    await InfoStateStore.clearPending(this.deps.persis, roomId, pending);
    return undefined;
  }

  /** One retry job per room at a time, whatever the number of failures meanwhile. */
  private async scheduleRetry(roomId: string, kind: string): Promise<void> {
    this.deps.logger.warn(`channel info update postponed: Jeedom ${kind}`);
    const delivery = await this.store().delivery(roomId);
    if (!this.deps.modify || (delivery.retryAt && delivery.retryAt > Date.now())) return;
    const retryAt = Date.now() + RETRY_DELAY_MS;
    await this.deps.modify
      .getScheduler()
      .scheduleOnce({ id: INFO_RETRY_JOB, when: new Date(retryAt), data: { roomId } });
    await InfoStateStore.saveDelivery(this.deps.persis, { ...delivery, retryAt });
  }

  /**
   * Someone else holds the room's claim (another instance, or this server's runtime before a restart, whose
   * claim only expires): the message must not wait for the periodic sync, so a retry runs when it ends.
   */
  private async retryWhenFree(roomId: string, until: number): Promise<void> {
    if (!this.deps.modify) return;
    const when = until + COALESCE_MS;
    const scheduled = retryingAt.get(roomId);
    if (scheduled !== undefined && scheduled > Date.now() && scheduled <= when) return;
    retryingAt.set(roomId, when);
    await this.deps.modify
      .getScheduler()
      .scheduleOnce({ id: INFO_RETRY_JOB, when: new Date(when), data: { roomId } });
  }

  /** The safety net: anything still pending anywhere (after a restart, or a lost retry job). */
  async flushAll(): Promise<void> {
    for (const roomId of await this.store().roomsWithPending()) await this.flush(roomId);
  }
}
