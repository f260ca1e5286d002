import { botUser } from '../chat/botIdentity';
import { cleanPhrase, defuseMentions, defuseRoomMentions } from '../chat/hygiene';
import { postAsBot } from '../chat/notify';
import { appNotice } from '../interactions/outcomeText';
import { runInteraction } from '../interactions/runInteraction';
import { auditInteraction } from '../interactions/auditInteraction';
import { LastErrorStore } from '../storage/LastErrorStore';
import { CommandContext } from './CommandContext';

/**
 * `/jeedom <phrase>`: the same interaction as a DM. Jeedom's answer goes to the room, with the question it
 * answers (the command itself is not shown to others); anything the app says goes to the sender alone.
 */
export async function phraseCommand(ctx: CommandContext, words: string[]): Promise<void> {
  const phrase = words.join(' ');
  const outcome = await runInteraction(ctx.read, ctx.http, ctx.sender, phrase, ctx.deadlineAt);
  await auditInteraction(ctx, ctx.sender, phrase, outcome);
  if (outcome.kind === 'reply') {
    const bot = await botUser(ctx.read.getUserReader());
    // The phrase as Jeedom received it (cleaned), echoed so that it notifies nobody.
    const cleaned = cleanPhrase(phrase);
    const echoed = defuseMentions(cleaned.ok ? cleaned.text : '');
    const question = ctx.t('slash_question', { username: ctx.sender.username, phrase: echoed });
    const reply = defuseRoomMentions(outcome.text);
    await postAsBot(ctx.modify, bot, ctx.room, `${question}\n${reply}`, ctx.threadId);
    return;
  }
  if (outcome.kind === 'failed') await LastErrorStore.record(ctx.persis, 'interaction', outcome.error);
  const notice = appNotice(outcome, ctx.t, ctx.sender.username);
  if (notice) await ctx.reply(notice);
}
