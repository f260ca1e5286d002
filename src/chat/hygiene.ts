export const MAX_PHRASE_LENGTH = 500;
/** A free-text answer to a scenario's question goes into a Jeedom variable: a sentence, not a document. */
export const MAX_ANSWER_LENGTH = 200;

type CleanPhrase = { ok: true; text: string } | { ok: false; reason: 'empty' | 'too_long' };

// C0/C1 controls, soft hyphen, zero-width, bidi marks and overrides, invisible fillers: invisible, and able
// to disguise a command.
const INVISIBLE =
  /[\u0000-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0]/g;

/**
 * What may reach Jeedom from chat text. Jeedom replaces `#123#` (and `#[Obj][Eq][Cmd]#`, `#profile#`…) with
 * values, so every `#` becomes a full-width `＃` that it never matches. A phrase that is too long is refused,
 * not cut: a shortened sentence could be another command.
 */
export function cleanPhrase(raw: string, max = MAX_PHRASE_LENGTH): CleanPhrase {
  const text = raw.replace(INVISIBLE, ' ').replace(/#/g, '＃').replace(/\s+/g, ' ').trim();
  if (text === '') return { ok: false, reason: 'empty' };
  if ([...text].length > max) return { ok: false, reason: 'too_long' };
  return { ok: true, text };
}

/**
 * Text the bot echoes back notifies nobody: every `@` becomes a full-width `＠`, which Rocket.Chat's mention
 * parser never matches (`@all`, `@here`, `@someone` stay readable, and silent).
 */
export function defuseMentions(text: string): string {
  return text.replace(/@/g, '＠');
}

/** Jeedom's own reply may repeat the phrase (`#query#`): room-wide mentions in it are defused. */
export function defuseRoomMentions(text: string): string {
  return text.replace(/@(all|here)\b/gi, '＠$1');
}

/** The most `lastMessage` carries (code points): a Jeedom info is a value for scenarios, not an archive. */
export const MAX_INFO_LENGTH = 1000;

// As INVISIBLE, but keeping line breaks and tabs: a channel message's lines are part of what was written.
const INVISIBLE_IN_INFO =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/**
 * What a channel's `lastMessage`/`lastSender` infos may hold (SPEC §4): any member writes them, and a scenario
 * that passes them on into an action makes Jeedom replace `#123#` with command 123's value — so `#` becomes `＃`
 * as for interactions; invisible and bidi-override characters are dropped; the text is cut at
 * MAX_INFO_LENGTH code points, with `…` marking the cut.
 */
export function cleanInfoText(raw: string): string {
  const text = raw.replace(INVISIBLE_IN_INFO, '').replace(/#/g, '＃').trim();
  const chars = [...text];
  return chars.length > MAX_INFO_LENGTH ? `${chars.slice(0, MAX_INFO_LENGTH - 1).join('')}…` : text;
}
