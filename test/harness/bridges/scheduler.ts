import type {
  IOnetimeSchedule,
  IProcessor,
  IRecurringSchedule,
} from '@rocket.chat/apps-engine/definition/scheduler';
import type * as SchedulerBridgeModule from '@rocket.chat/apps-engine/server/bridges/SchedulerBridge';
import { engineRequire } from '../engine';

const { SchedulerBridge } = engineRequire<typeof SchedulerBridgeModule>('server/bridges/SchedulerBridge');

export interface ScheduledJob {
  id: string;
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

/** Jobs really run, on real timers, like Agenda in the server; tests may also run a due job at once. */
export class TimerSchedulerBridge extends SchedulerBridge {
  readonly jobs = new Map<string, ScheduledJob>();
  // The engine hands over wrapped processors that take the job context only.
  private readonly processors = new Map<string, (context: object) => Promise<void>>();
  errors: unknown[] = [];

  protected async registerProcessors(processors: IProcessor[]): Promise<string[]> {
    for (const p of processors) {
      this.processors.set(p.id, p.processor as unknown as (context: object) => Promise<void>);
      const startup = p.startupSetting;
      if (startup?.type === 'recurring') {
        await this.scheduleRecurring({
          id: p.id,
          interval: startup.interval,
          skipImmediate: startup.skipImmediate,
          data: startup.data,
        });
      } else if (startup?.type === 'onetime') {
        await this.scheduleOnce({ id: p.id, when: startup.when, data: startup.data });
      }
    }
    return processors.map((p) => p.id);
  }

  protected async scheduleOnce(job: IOnetimeSchedule): Promise<string> {
    const dueAt = new Date(job.when).getTime();
    this.arm({ id: job.id, kind: 'once', dueAt, data: job.data, runs: 0 });
    return job.id;
  }

  protected async scheduleRecurring(job: IRecurringSchedule): Promise<string> {
    const intervalMs = intervalToMs(job.interval);
    const dueAt = Date.now() + (job.skipImmediate ? intervalMs : 0);
    this.arm({ id: job.id, kind: 'recurring', dueAt, intervalMs, data: job.data, runs: 0 });
    return job.id;
  }

  protected async cancelJob(jobId: string): Promise<void> {
    clearTimeout(this.jobs.get(jobId)?.timer);
    this.jobs.delete(jobId);
  }

  protected async cancelAllJobs(): Promise<void> {
    for (const id of [...this.jobs.keys()]) await this.cancelJob(id);
  }

  /** Clears every timer (harness shutdown), without telling the app. */
  stopAll(): void {
    for (const job of this.jobs.values()) clearTimeout(job.timer);
    this.jobs.clear();
  }

  /** Runs a job now, as if its time had come (then re-arms a recurring one). */
  async runNow(jobId: string): Promise<void> {
    const job = this.jobs.get(jobId) ?? [...this.jobs.values()].find((j) => j.id.startsWith(`${jobId}_`));
    if (!job) throw new Error(`no scheduled job ${jobId}`);
    clearTimeout(job.timer);
    await this.fire(job);
  }

  private arm(job: ScheduledJob): void {
    clearTimeout(this.jobs.get(job.id)?.timer);
    this.jobs.set(job.id, job);
    job.timer = setTimeout(() => void this.fire(job), Math.max(0, job.dueAt - Date.now()));
    job.timer.unref();
  }

  private async fire(job: ScheduledJob): Promise<void> {
    const processor = this.processors.get(job.id);
    if (job.kind === 'once') this.jobs.delete(job.id);
    else this.arm({ ...job, dueAt: Date.now() + (job.intervalMs ?? 0), runs: job.runs + 1 });
    try {
      if (!processor) throw new Error(`no processor registered for job ${job.id}`);
      await processor({ ...(job.data ?? {}), jobId: job.id });
    } catch (error) {
      this.errors.push(error);
    }
  }
}
