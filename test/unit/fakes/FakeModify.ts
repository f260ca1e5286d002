import type {
  IMessageBuilder,
  IModify,
  IModifyUpdater,
  ISchedulerModify,
} from '@rocket.chat/apps-engine/definition/accessors';
import type { IOnetimeSchedule } from '@rocket.chat/apps-engine/definition/scheduler';
import { only } from './FakeRead';

export interface MessageEdit {
  messageId: string;
  text: string;
  blocks: unknown[];
}

/** IModify with the scheduler's one-time jobs and message edits recorded: what the core's tests look at. */
export class FakeModify {
  readonly jobs: IOnetimeSchedule[] = [];
  readonly edits: MessageEdit[] = [];

  readonly modify: IModify = only<IModify>('modify', {
    getScheduler: () =>
      only<ISchedulerModify>('scheduler', {
        scheduleOnce: async (job) => {
          this.jobs.push(job);
          return `job${this.jobs.length}`;
        },
      }),
    getUpdater: () =>
      only<IModifyUpdater>('updater', {
        message: async (messageId) => this.builder(messageId),
        finish: async (builder) => {
          const edit = (builder as unknown as { edit: MessageEdit }).edit;
          this.edits.push({ ...edit });
        },
      }),
  });

  private builder(messageId: string): IMessageBuilder {
    const edit: MessageEdit = { messageId, text: '', blocks: [] };
    const builder: IMessageBuilder = only<IMessageBuilder>('messageBuilder', {
      setEditor: () => builder,
      setText: (text: string) => {
        edit.text = text;
        return builder;
      },
      setBlocks: (blocks: unknown) => {
        edit.blocks = blocks as unknown[];
        return builder;
      },
    });
    Object.assign(builder, { edit });
    return builder;
  }
}
