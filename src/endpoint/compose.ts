/** Telegram-plugin style options in a title: `camera=Entrée file=https://… thread=abc`. */
interface TitleOptions {
  camera?: string;
  file?: string;
  thread?: string;
}

const OPTION = /(?:^|\s)(camera|file|thread)=("[^"]*"|\S+)/g;

/** Splits the options out of a title; what is left is the title to show (maybe nothing). */
export function parseTitle(title: string): { options: TitleOptions; text: string } {
  const options: TitleOptions = {};
  const text = title
    .replace(OPTION, (_match, key: keyof TitleOptions, value: string) => {
      options[key] = value.replace(/^"|"$/g, '');
      return ' ';
    })
    .replace(/\s+/g, ' ')
    .trim();
  return { options, text };
}

/**
 * The message as posted: the title in bold above the message when it says something else; the mention
 * first. The script plugin sends an empty title with a message, and title = message for asks and alerts.
 */
export function composeText(title: string, message: string, mention?: string): string {
  const body = message.trim();
  const heading = title.trim();
  const parts = heading && heading !== body ? [`*${heading}*`, body] : [body || heading];
  const text = parts.filter((p) => p !== '').join('\n');
  return mention ? `@${mention} ${text}`.trim() : text;
}
