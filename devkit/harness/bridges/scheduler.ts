import type {
  IOnetimeSchedule,
  IProcessor,
  IRecurringSchedule,
} from '@rocket.chat/apps-engine/definition/scheduler';
import type * as SchedulerBridgeModule from '@rocket.chat/apps-engine/server/bridges/SchedulerBridge';
import { randomBytes } from 'node:crypto';
import { engineRequire } from '../engine';

const { SchedulerBridge } = engineRequire<typeof SchedulerBridgeModule>('server/bridges/SchedulerBridge');

export interface ScheduledJob {
  /** Agenda's document id (24 hex digits): what scheduling returns and what the processor gets as `jobId`. */
  id: string;
  /** The processor id, `<processor>_<appId>`: Agenda's job name. */
  name: string;
  kind: 'once' | 'recurring';
  dueAt: number;
  intervalMs?: number;
  data?: object;
  runs: number;
  timer?: NodeJS.Timeout;
}

const UNITS: Record<string, number> = {
  ms: 1,
  millisecond: 1,
  second: 1000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
};

/** Agenda accepts milliseconds or human intervals ("5 minutes"); cron strings are not simulated. */
export function intervalToMs(interval: string | number): number {
  if (typeof interval === 'number') return interval;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|milliseconds?|seconds?|minutes?|hours?|days?)\s*$/i.exec(interval);
  if (!match) throw new Error(`interval "${interval}" is not supported by the harness scheduler`);
  return Number(match[1]) * UNITS[match[2].toLowerCase().replace(/s$/, '')];
}

const objectId = () => randomBytes(12).toString('hex');

/**
 * Rocket.Chat's Agenda-backed bridge (apps/meteor/app/apps/server/bridges/scheduler.ts), on real timers:
 * every scheduleOnce is a new job, even for the same processor; a recurring job is one per processor
 * (scheduling it again replaces it); cancelJob takes a job id or a processor id; the processor gets the
 * job's data plus `jobId` (an `appId` key in the data is dropped). Tests may also run a due job at once.
 */
export class TimerSchedulerBridge extends SchedulerBridge {
  readonly jobs = new Map<string, ScheduledJob>();
  // The engine hands over wrapped processors that take the job context only.
  private readonly processors = new Map<string, (context: object) => Promise<void>>();
  private paused = false;
  errors: unknown[] = [];

  protected async registerProcessors(processors: IProcessor[]): Promise<string[]> {
    const started: string[] = [];
    for (const p of processors) {
      this.processors.set(p.id, p.processor as unknown as (context: object) => Promise<void>);
      const startup = p.startupSetting;
      if (startup?.type === 'recurring') {
        const { interval, skipImmediate, data } = startup;
        started.push(await this.scheduleRecurring({ id: p.id, interval, skipImmediate, data }));
      } else if (startup?.type === 'onetime' && !this.pending(p.id, 'once').length) {
        // As the server: a startup job is not added again while one is still pending (e.g. after a restart).
        started.push(await this.scheduleOnce({ id: p.id, when: startup.when, data: startup.data }));
      }
    }
    return started;
  }

  protected async scheduleOnce(job: IOnetimeSchedule): Promise<string> {
    const id = objectId();
    this.arm({
      id,
      name: job.id,
      kind: 'once',
      dueAt: new Date(job.when).getTime(),
      data: job.data,
      runs: 0,
    });
    return id;
  }

  protected async scheduleRecurring(job: IRecurringSchedule): Promise<string> {
    const intervalMs = intervalToMs(job.interval);
    const id = this.pending(job.id, 'recurring')[0]?.id ?? objectId();
    const dueAt = Date.now() + (job.skipImmediate ? intervalMs : 0);
    this.arm({ id, name: job.id, kind: 'recurring', dueAt, intervalMs, data: job.data, runs: 0 });
    return id;
  }

  /** The engine passes `<what the app gave>_<appId>`: a job id cancels that job, a processor id all its jobs. */
  protected async cancelJob(jobId: string): Promise<void> {
    const head = jobId.split('_')[0];
    const matches = /^[0-9a-f]{24}$/.test(head)
      ? (job: ScheduledJob) => job.id === head
      : (job: ScheduledJob) => job.name === jobId;
    for (const job of [...this.jobs.values()].filter(matches)) this.drop(job);
  }

  protected async cancelAllJobs(appId: string): Promise<void> {
    for (const job of [...this.jobs.values()]) if (job.name.endsWith(`_${appId}`)) this.drop(job);
  }

  private readonly running = new Set<Promise<void>>();

  /** Resolves once the jobs running now have ended (a shutdown lets them finish, as the server would). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running]);
  }

  /** The jobs running now (for the harness's `settled()`). */
  get busy(): Promise<void>[] {
    return [...this.running];
  }

  /**
   * Starts now every job whose time has come but whose timer has not fired yet (one scheduled "now" waits for
   * the next turn of the event loop): `settled()` then waits for them like for any running job.
   */
  startDue(now = Date.now()): void {
    if (this.paused) return;
    for (const job of [...this.jobs.values()].filter((j) => j.dueAt <= now)) {
      clearTimeout(job.timer);
      this.start(job);
    }
  }

  /** Clears every timer and job (harness shutdown), without telling the app. */
  stopAll(): void {
    for (const job of this.jobs.values()) clearTimeout(job.timer);
    this.jobs.clear();
  }

  /** A server restart: the jobs stay stored and run once the server is back, overdue ones at once. */
  pause(): void {
    this.paused = true;
    for (const job of this.jobs.values()) clearTimeout(job.timer);
  }

  /** Agenda's job definitions live in the server process; the jobs themselves are stored. */
  forgetProcessors(): void {
    this.processors.clear();
  }

  resume(): void {
    this.paused = false;
    for (const job of this.jobs.values()) this.arm(job);
  }

  /** Runs a job now, as if its time had come (then re-arms a recurring one): by job id or processor id. */
  async runNow(jobId: string, withData?: (data: Record<string, unknown>) => boolean): Promise<void> {
    const all = [...this.jobs.values()].filter(
      (j) => !withData || withData((j.data ?? {}) as Record<string, unknown>),
    );
    const job =
      all.find((j) => j.id === jobId) ??
      all.find((j) => j.name === jobId) ??
      all.find((j) => j.name.startsWith(`${jobId}_`));
    if (!job) throw new Error(`no scheduled job ${jobId}`);
    clearTimeout(job.timer);
    await this.fire(job);
  }

  private pending(name: string, kind: ScheduledJob['kind']): ScheduledJob[] {
    return [...this.jobs.values()].filter((job) => job.name === name && job.kind === kind);
  }

  private drop(job: ScheduledJob): void {
    clearTimeout(job.timer);
    this.jobs.delete(job.id);
  }

  private arm(job: ScheduledJob): void {
    clearTimeout(this.jobs.get(job.id)?.timer);
    this.jobs.set(job.id, job);
    if (this.paused) return;
    job.timer = setTimeout(() => this.start(job), Math.max(0, job.dueAt - Date.now()));
    job.timer.unref();
  }

  private start(job: ScheduledJob): void {
    const run = this.fire(job);
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
  }

  private async fire(job: ScheduledJob): Promise<void> {
    const processor = this.processors.get(job.name);
    if (job.kind === 'once') this.jobs.delete(job.id);
    else this.arm({ ...job, dueAt: Date.now() + (job.intervalMs ?? 0), runs: job.runs + 1 });
    // The server stores `appId` in the job's data for itself and strips it before calling the processor.
    const data: Record<string, unknown> = { ...job.data };
    delete data.appId;
    try {
      if (!processor) throw new Error(`no processor registered for job ${job.name}`);
      await processor({ ...data, jobId: job.id });
    } catch (error) {
      this.errors.push(error);
    }
  }
}
