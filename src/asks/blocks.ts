import { cleanPhrase, MAX_ANSWER_LENGTH } from '../chat/hygiene';
import { Ask } from '../storage/AskStore';

export const ASK_ACTION = 'jeedom-ask';

/** The value a button carries: which ask, which answer (by index: answers may hold any character). */
export function buttonValue(askId: string, index: number): string {
  return `${askId}|${index}`;
}

export function parseButtonValue(value: string | undefined): { askId: string; index: number } | undefined {
  const match = /^(.+)\|(\d+)$/.exec(value ?? '');
  return match ? { askId: match[1], index: Number(match[2]) } : undefined;
}

/** The question with one button per allowed answer (raw UIKit blocks, which the engine completes). */
export function askBlocks(ask: Ask, hint?: string): unknown[] {
  const text = hint ? `${ask.question}\n_${hint}_` : ask.question;
  const blocks: unknown[] = [{ type: 'section', text: { type: 'mrkdwn', text } }];
  if (ask.answers.length) {
    blocks.push({
      type: 'actions',
      elements: ask.answers.map((answer, index) => ({
        type: 'button',
        actionId: ASK_ACTION,
        text: { type: 'plain_text', text: answer, emoji: true },
        value: buttonValue(ask.askId, index),
      })),
    });
  }
  return blocks;
}

/** One of the listed answers, case-insensitively, in Jeedom's own spelling. */
export function listedAnswer(ask: Ask, text: string): string | undefined {
  const wanted = text.trim().toLowerCase();
  return ask.answers.find((a) => a.toLowerCase() === wanted);
}

/**
 * A listed answer, or, when the scenario accepts free text (`*`), the text cleaned as any chat text bound
 * for Jeedom (no `#…#` it would substitute, no invisible characters) and within the length cap.
 */
export function matchAnswer(ask: Ask, text: string): string | undefined {
  const listed = listedAnswer(ask, text);
  if (listed) return listed;
  if (!ask.freeText) return undefined;
  const cleaned = cleanPhrase(text, MAX_ANSWER_LENGTH);
  return cleaned.ok ? cleaned.text : undefined;
}
