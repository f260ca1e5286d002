import { IMessage } from '@rocket.chat/apps-engine/definition/messages';

interface Bot {
  id: string;
  username: string;
}

type Route =
  | {
      act: false;
      reason: 'own' | 'bot' | 'system' | 'edit' | 'no_text' | 'room_type' | 'not_member' | 'no_mention';
    }
  /** `direct`: a DM with the bot. Otherwise the caller must still check that the bot is in the room. */
  | { act: true; text: string; direct: boolean; threadId?: string; checkMembership?: boolean };

const ROBOT_TYPES = ['bot', 'app'];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `@jeedom.bot` as a whole word, anywhere in the text. */
function mentionPattern(username: string): RegExp {
  return new RegExp(`(^|[^\\w@.-])@${escapeRegExp(username)}(?![\\w.-])`, 'gi');
}

function isFromRobot(message: IMessage, bot: Bot): 'own' | 'bot' | undefined {
  if (message.sender.id === bot.id) return 'own';
  const roles = message.sender.roles ?? [];
  if (ROBOT_TYPES.includes(String(message.sender.type)) || roles.some((r) => ROBOT_TYPES.includes(r)))
    return 'bot';
  return undefined;
}

/** From the DM's member lists when the server filled them in; undefined when it did not say. */
function botIsMember(message: IMessage, bot: Bot): boolean | undefined {
  const room = message.room;
  if (!room.userIds?.length && !room.usernames?.length) return undefined;
  return !!room.userIds?.includes(bot.id) || !!room.usernames?.includes(bot.username);
}

/** A person's own new message: not a bot's, not a system message, not an edit. */
export function isPersonMessage(message: IMessage, bot: Bot): boolean {
  const edited = !!(message.editedAt || message.editor);
  return !isFromRobot(message, bot) && !message.type && !edited;
}

/** A person's own new message in a channel or private group: what updates the channel's infos in Jeedom. */
export function isPersonChannelMessage(message: IMessage, bot: Bot): boolean {
  const type = String(message.room.type);
  return isPersonMessage(message, bot) && (type === 'c' || type === 'p');
}

/**
 * Which messages reach Jeedom (SPEC §4): DMs with the bot always; channels and private groups only with a
 * mention of the bot unless `requireMention` is off. Never the bot's own, other bots', system messages or edits.
 * Pure and cheap: it runs for every message on the server.
 */
export function routeMessage(message: IMessage, bot: Bot, requireMention: boolean): Route {
  const robot = isFromRobot(message, bot);
  if (robot) return { act: false, reason: robot };
  if (message.type) return { act: false, reason: 'system' };
  if (message.editedAt || message.editor) return { act: false, reason: 'edit' };
  const text = message.text ?? '';
  if (text.trim() === '') return { act: false, reason: 'no_text' };
  const type = String(message.room.type);
  if (type === 'd') {
    const member = botIsMember(message, bot);
    if (member === false) return { act: false, reason: 'not_member' };
    const route = {
      act: true as const,
      direct: true,
      text: stripMention(text, bot),
      threadId: message.threadId,
    };
    return member ? route : { ...route, checkMembership: true };
  }
  if (type !== 'c' && type !== 'p') return { act: false, reason: 'room_type' };
  const mentioned = mentionPattern(bot.username).test(text);
  if (!mentioned && requireMention) return { act: false, reason: 'no_mention' };
  return { act: true, direct: false, text: stripMention(text, bot), threadId: message.threadId };
}

function stripMention(text: string, bot: Bot): string {
  return text.replace(mentionPattern(bot.username), '$1').replace(/\s+/g, ' ').trim();
}
