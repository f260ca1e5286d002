import { IModify, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import { post } from './chat';

/** Says "boom" and the hook throws: what a failing hook looks like from the server's side. */
const FAILING = 'boom';

/** The loop guard: the server runs this hook for the bot's own messages too. */
export async function isPingFromSomeoneElse(message: IMessage, read: IRead): Promise<boolean> {
  const bot = await read.getUserReader().getAppUser();
  const text = (message.text ?? '').toLowerCase();
  return message.sender.id !== bot?.id && (text.startsWith('ping') || text === FAILING);
}

export async function answerPing(message: IMessage, modify: IModify): Promise<void> {
  if (message.text?.toLowerCase() === FAILING) throw new Error('boom from the fixture hook');
  await post(modify, message.room, 'pong', message.threadId);
}
