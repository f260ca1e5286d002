import { IModify, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { IJobContext, IProcessor } from '@rocket.chat/apps-engine/definition/scheduler';
import { FixtureContext, post } from './chat';

// Not 12 characters long: the server's cancelJob would take such an id for an ObjectId (bson 4 accepts it).
const ONCE = 'fixture-one-time';
const TICK = 'fixture-recurring';

/** Jobs post what they were given, so the test sees exactly how the data comes back. */
async function postContext(kind: string, context: IJobContext, read: IRead, modify: IModify): Promise<void> {
  const room = await read.getRoomReader().getById(String(context.roomId));
  if (!room) throw new Error(`room ${context.roomId} not found`);
  await post(modify, room, `${kind} ${JSON.stringify(context)}`);
}

export const PROCESSORS: IProcessor[] = [
  { id: ONCE, processor: (context, read, modify) => postContext('once', context, read, modify) },
  { id: TICK, processor: (context, read, modify) => postContext('tick', context, read, modify) },
];

/** `schedule <ms> [label]`: one job, due in ms; the reply carries the job id the engine returned. */
export async function scheduleOnce({ args, room, modify, reply }: FixtureContext): Promise<void> {
  const [delay = '0', label = ''] = args;
  const jobId = await modify.getScheduler().scheduleOnce({
    id: ONCE,
    when: new Date(Date.now() + Number(delay)),
    data: { roomId: room.id, label },
  });
  await reply(`scheduled ${jobId}`);
}

/** `tick <ms>`: a recurring job, first run at once. */
export async function tick({ args, room, modify, reply }: FixtureContext): Promise<void> {
  const interval = Number(args[0] ?? 200);
  const jobId = await modify
    .getScheduler()
    .scheduleRecurring({ id: TICK, interval, data: { roomId: room.id } });
  await reply(`ticking ${jobId}`);
}

/** `cancel [jobId]`: one job by the id scheduling returned, or (no id) every run of the recurring job. */
export async function cancel({ args, modify, reply }: FixtureContext): Promise<void> {
  await modify.getScheduler().cancelJob(args[0] ?? TICK);
  await reply(`cancelled ${args[0] ?? TICK}`);
}
