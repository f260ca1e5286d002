import { IHttp, ILogger, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { z } from 'zod';
import { JeedomClient } from '../jeedom/JeedomClient';
import { isJeedomError } from '../jeedom/JeedomError';
import { readJeedomConfig } from '../settings/jeedomSettings';
import { ChannelEquipmentStore } from '../storage/ChannelEquipmentStore';
import { InfoState, InfoStateStore, LatestMessage } from '../storage/InfoStateStore';
import { LastErrorStore } from '../storage/LastErrorStore';

export const INFO_RETRY_JOB = 'jeedom-info-retry';
/** A burst is gathered this long before the first delivery: far fewer calls than messages. */
export const COALESCE_MS = 25;
export const RETRY_DELAY_MS = 30_000;

const ok = z.unknown();

/** Per-room chains: every step for one room runs after the previous one, in this process. */
const chains = new Map<string, Promise<unknown>>();
const flushing = new Set<string>();

function serially<T>(roomId: string, work: () => Promise<T>): Promise<T> {
  const previous = chains.get(roomId) ?? Promise.resolve();
  const next = previous.then(work, work);
  chains.set(
    roomId,
    next.catch(() => undefined),
  );
  return next;
}

/** Newer than what Jeedom has: a later millisecond, or another message of the same one. */
function isUndelivered(message: LatestMessage, state: InfoState): boolean {
  if (message.seq !== state.deliveredSeq) return message.seq > state.deliveredSeq;
  return message.messageId !== state.deliveredId;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface InfoDeps {
  read: IRead;
  http: IHttp;
  persis: IPersistence;
  modify?: IModify;
  logger: ILogger;
}

/**
 * `lastSender` then `lastMessage` for a provisioned channel (SPEC §4): serialised per room, coalesced under a
 * burst, never an older value after a newer one, and the final state delivered even after Jeedom was down.
 * Only the latest message is kept: no queue grows while Jeedom is away.
 */
export class InfoUpdates {
  constructor(private readonly deps: InfoDeps) {}

  async record(roomId: string, latest: LatestMessage): Promise<void> {
    await serially(roomId, async () => {
      const state = await new InfoStateStore(this.deps.read.getPersistenceReader()).get(roomId);
      // Same millisecond: the later arrival (this chain's order) wins.
      if (state.pending && state.pending.seq > latest.seq) return;
      if (!isUndelivered(latest, state)) return;
      await InfoStateStore.save(this.deps.persis, { ...state, pending: latest });
    });
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

  /** Sends the pending value if it is newer than what Jeedom has; true when another pass may be needed. */
  private async deliverOnce(roomId: string): Promise<boolean> {
    const state = await new InfoStateStore(this.deps.read.getPersistenceReader()).get(roomId);
    const pending = state.pending;
    if (!pending || !isUndelivered(pending, state)) return false;
    const equipment = await new ChannelEquipmentStore(this.deps.read.getPersistenceReader()).get(roomId);
    const senderCmd = equipment?.cmdIds.lastSender;
    const messageCmd = equipment?.cmdIds.lastMessage;
    if (!equipment?.enabled || !senderCmd || !messageCmd) return false;
    const config = await readJeedomConfig(this.deps.read);
    if (!config.ok) return false;
    const client = new JeedomClient(this.deps.http, config.config);
    try {
      await client.call('cmd::event', { id: senderCmd, value: pending.sender }, ok);
      await client.call('cmd::event', { id: messageCmd, value: pending.text }, ok);
    } catch (error) {
      if (!isJeedomError(error)) throw error;
      await LastErrorStore.record(this.deps.persis, 'infos', error);
      await this.scheduleRetry(state, error.kind);
      return false;
    }
    const latest = await new InfoStateStore(this.deps.read.getPersistenceReader()).get(roomId);
    const newer = pending.seq >= latest.deliveredSeq;
    await InfoStateStore.save(this.deps.persis, {
      ...latest,
      deliveredSeq: newer ? pending.seq : latest.deliveredSeq,
      deliveredId: newer ? pending.messageId : latest.deliveredId,
      retryAt: null,
    });
    return true;
  }

  /** One retry job per room at a time, whatever the number of failures meanwhile. */
  private async scheduleRetry(state: InfoState, kind: string): Promise<void> {
    this.deps.logger.warn(`channel info update postponed: Jeedom ${kind}`);
    if (!this.deps.modify || (state.retryAt && state.retryAt > Date.now())) return;
    const retryAt = Date.now() + RETRY_DELAY_MS;
    await this.deps.modify
      .getScheduler()
      .scheduleOnce({ id: INFO_RETRY_JOB, when: new Date(retryAt), data: { roomId: state.roomId } });
    const latest = await new InfoStateStore(this.deps.read.getPersistenceReader()).get(state.roomId);
    await InfoStateStore.save(this.deps.persis, { ...latest, retryAt });
  }

  /** The safety net: anything still pending anywhere (after a restart, or a lost retry job). */
  async flushAll(): Promise<void> {
    const states = await new InfoStateStore(this.deps.read.getPersistenceReader()).all();
    for (const state of states)
      if (state.pending && isUndelivered(state.pending, state)) await this.flush(state.roomId);
  }
}
