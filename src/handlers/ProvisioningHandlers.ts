import { auditSyncSummary } from '../provisioning/auditSync';
import { IHttp, ILogger, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { botUser } from '../chat/botIdentity';
import { addPersonCommand } from '../provisioning/channelActivity';
import { InfoUpdates } from '../provisioning/infoUpdates';
import { ChannelSync, continueSyncLater, SYNC_JOB } from '../provisioning/sync';
import { serverTranslator } from '../i18n/translators';
import { ChannelEquipmentStore } from '../storage/ChannelEquipmentStore';
import { cleanUpStorage } from './cleanUp';
import { invocationDeadline } from '../concurrency/deadline';

export { SYNC_JOB };
/** The safety net: renames (no hook exists), missed events, infos still pending. */
export const SYNC_INTERVAL = '15 minutes';

interface Accessors {
  read: IRead;
  http: IHttp;
  persis: IPersistence;
  modify?: IModify;
}

/** Room and scheduler events that keep the channel equipments in step. Failures are logged, never thrown. */
export class ProvisioningHandlers {
  constructor(
    private readonly appId: string,
    private readonly logger: ILogger,
  ) {}

  /** The preflight then a sync whose Jeedom calls end by `deadlineAt` (taken when the engine called the app). */
  private async sync(acc: Accessors, deadlineAt: number): Promise<ChannelSync | undefined> {
    const bot = await botUser(acc.read.getUserReader());
    const t = await serverTranslator(acc.read);
    const deps = { ...acc, appId: this.appId, botId: bot.id, t, jeedomT: t };
    const started = await ChannelSync.start(deps, deadlineAt);
    if (started.ok) return started.sync;
    this.logger.warn(`provisioning skipped: ${started.problems.join(' | ')}`);
    return undefined;
  }

  private async guard(what: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.logger.error(`${what} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Periodic and at start: storage clean-up (whatever Jeedom's state), every room, then any info still pending. */
  async syncAll(acc: Accessors): Promise<void> {
    const deadlineAt = invocationDeadline();
    await this.guard('clean-up', async () => {
      await cleanUpStorage(acc.read.getPersistenceReader(), acc.persis);
    });
    await this.guard('sync', async () => {
      const sync = await this.sync(acc, deadlineAt);
      if (!sync) return;
      const summary = await sync.all();
      await auditSyncSummary(acc, summary);
      if (summary.remaining) await continueSyncLater(acc.modify);
      else if (sync.claimedElsewhereUntil)
        await continueSyncLater(acc.modify, sync.claimedElsewhereUntil + 100);
      const changed = summary.created.length + summary.updated.length + summary.disabled.length;
      if (changed || summary.failed.length) {
        this.logger.info(
          `sync: ${changed} change(s), ${summary.failed.length} failure(s), ${summary.unchanged} unchanged`,
        );
      }
      await new InfoUpdates({ ...acc, logger: this.logger, deadlineAt }).flushAll();
    });
  }

  async retryInfos(acc: Accessors, roomId: unknown): Promise<void> {
    if (typeof roomId !== 'string') return;
    const deadlineAt = invocationDeadline();
    await this.guard('info retry', () =>
      new InfoUpdates({ ...acc, logger: this.logger, deadlineAt }).flush(roomId),
    );
  }

  /** The job adding a person's command to a channel's equipment (asked by the message hook). */
  async addPerson(acc: Accessors, roomId: unknown, userId: unknown): Promise<void> {
    if (typeof roomId !== 'string' || typeof userId !== 'string') return;
    const deadlineAt = invocationDeadline();
    await this.guard('per-user command', async () => {
      const bot = await botUser(acc.read.getUserReader());
      const deps = { ...acc, logger: this.logger, appId: this.appId, botId: bot.id };
      await addPersonCommand(roomId, userId, deps, deadlineAt);
    });
  }

  async userJoined(user: IUser, room: IRoom, acc: Accessors): Promise<void> {
    if (room.type !== 'c' && room.type !== 'p') return;
    const deadlineAt = invocationDeadline();
    await this.guard('room sync', async () => {
      if (user.id !== (await botUser(acc.read.getUserReader())).id) return;
      const sync = await this.sync(acc, deadlineAt);
      if (!sync) return;
      const record = await new ChannelEquipmentStore(acc.read.getPersistenceReader()).get(room.id);
      await sync.room(room, (await sync.jeedomEquipments()).get(room.id), record);
      if (sync.claimedElsewhereUntil) await continueSyncLater(acc.modify, sync.claimedElsewhereUntil + 100);
    });
  }

  /** The bot left, or the room was deleted: its equipment is disabled (Jeedom's API cannot delete). */
  async roomGone(room: IRoom, acc: Accessors, leavingUser?: IUser): Promise<void> {
    const deadlineAt = invocationDeadline();
    await this.guard('room disable', async () => {
      if (leavingUser && leavingUser.id !== (await botUser(acc.read.getUserReader())).id) return;
      const record = await new ChannelEquipmentStore(acc.read.getPersistenceReader()).get(room.id);
      const sync = await this.sync(acc, deadlineAt);
      const existing = sync && (await sync.jeedomEquipments()).get(room.id);
      if (sync && existing?.isEnable) await sync.disable(room.id, existing, record);
    });
  }
}
