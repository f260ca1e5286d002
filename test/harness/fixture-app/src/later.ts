import { FixtureContext, post } from './chat';

/**
 * `later <steps> <text>`: answers at once, then, without the command waiting for it, reads the room back
 * `steps` times (each read is a call to the server) and posts the text: work that goes on after the app
 * answered, as an endpoint's does. `rc.settled()` must wait for it.
 */
export async function later({ args, room, read, modify, reply }: FixtureContext): Promise<void> {
  const [steps = '10', ...words] = args;
  void (async () => {
    for (let i = 0; i < Number(steps); i++) await read.getRoomReader().getById(room.id);
    await post(modify, room, words.join(' '));
  })();
  await reply('started');
}
