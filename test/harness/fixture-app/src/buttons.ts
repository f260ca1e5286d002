import { IMessageBuilder, IModify, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { IUIKitResponse, UIKitBlockInteractionContext } from '@rocket.chat/apps-engine/definition/uikit';
import { FixtureContext, notify } from './chat';

type Blocks = Parameters<IMessageBuilder['setBlocks']>[0];

/** Answering closes the question (buttons removed); "later" only edits the text, so the buttons stay. */
export const ANSWER = 'fixture_answer';
export const LATER = 'fixture_later';

const button = (actionId: string, text: string, value: string) => ({
  type: 'button' as const,
  actionId,
  text: { type: 'plain_text' as const, text },
  value,
});

/** Raw ui-kit blocks, without ids: the engine assigns blockId and appId on the way out. */
export async function postButtons({ room, threadId, modify }: FixtureContext): Promise<void> {
  const blocks = [
    { type: 'section', text: { type: 'mrkdwn', text: 'Open the garage?' } },
    { type: 'actions', elements: [button(ANSWER, 'Yes', 'yes'), button(LATER, 'Later', 'later')] },
  ] as Blocks;
  const builder = modify
    .getCreator()
    .startMessage()
    .setRoom(room)
    .setText('Open the garage?')
    .setBlocks(blocks);
  if (threadId) builder.setThreadId(threadId);
  await modify.getCreator().finish(builder);
}

export async function onBlockAction(
  context: UIKitBlockInteractionContext,
  read: IRead,
  modify: IModify,
): Promise<IUIKitResponse> {
  const data = context.getInteractionData();
  const responder = context.getInteractionResponder();
  const bot = await read.getUserReader().getAppUser();
  if (!data.message?.id || !data.room || !bot) return responder.errorResponse();
  const builder = await modify.getUpdater().message(data.message.id, bot);
  builder.setText(`${data.user.username} clicked ${data.actionId} (${data.value})`);
  if (data.actionId === ANSWER) builder.setBlocks([]);
  await modify.getUpdater().finish(builder);
  // What the handler was given, for the test to pin down: later features depend on it.
  const seen = {
    keys: Object.keys(data).sort(),
    actionId: data.actionId,
    blockId: data.blockId,
    value: data.value,
    user: data.user.username,
    roomId: data.room.id,
    messageId: data.message.id,
    container: data.container,
    triggerId: !!data.triggerId,
  };
  await notify(read, modify, data.user, data.room, `clicked ${JSON.stringify(seen)}`);
  return responder.successResponse();
}
