// scenarioExpression::setTags() as the script plugin applies it to a request: trimmed, request tags replaced,
// then cmdToValue(). Not simulated: `name(args)` function calls, #sunrise#/#sunset#, scenario tags.
import type { Box } from './box';
import { cmdToValue } from './cmdRuntime';
import { dateFr, phpDate } from './phpDate';
import { phpStrReplace, phpString, trimChars } from './phpFunctions';

// getRequestTags() reads French aliases as their English tag, then offers both.
const ALIASES: ReadonlyArray<[string, string]> = [
  ['heure', 'hour'],
  ['jour', 'day'],
  ['mois', 'month'],
  ['annee', 'year'],
  ['semaine', 'week'],
];

function tagValue(tag: string, box: Box, now: Date): string | undefined {
  const lang = box.state.language;
  const values: Record<string, () => unknown> = {
    '#seconde#': () => now.getSeconds(),
    '#hour#': () => now.getHours(),
    '#hour12#': () => now.getHours() % 12 || 12,
    '#minute#': () => now.getMinutes(),
    '#day#': () => now.getDate(),
    '#month#': () => now.getMonth() + 1,
    '#year#': () => now.getFullYear(),
    '#time#': () => phpDate('Gi', now),
    '#timestamp#': () => Math.floor(now.getTime() / 1000),
    '#date#': () => phpDate('md', now),
    '#week#': () => phpDate('W', now),
    '#sday#': () => dateFr(phpDate('l', now), lang),
    '#smonth#': () => dateFr(phpDate('F', now), lang),
    '#nday#': () => now.getDay(),
    '#jeedomName#': () => 'JEEDOM',
    '#hostname#': () => 'jeedom',
    '#IP#': () => '127.0.0.1',
    '#latitude#': () => '',
    '#longitude#': () => '',
    '#altitude#': () => '',
  };
  const value = values[tag];
  return value && phpString(value());
}

/** getRequestTags(): the `#word#` tags of the expression that Jeedom knows, with their values. */
export function requestTags(expression: string, box: Box, now = new Date()): Array<[string, string]> {
  const found = new Map<string, string>();
  for (const [match] of expression.matchAll(/#[a-zA-Z0-9]*#/g)) {
    const tag = phpStrReplace(match, ALIASES);
    const value = found.has(tag) ? undefined : tagValue(tag, box, now);
    if (value !== undefined) found.set(tag, value);
  }
  const back = ALIASES.map(([fr, en]) => [en, fr] as [string, string]);
  const aliases = [...found].map(([tag, value]) => [phpStrReplace(tag, back), value] as [string, string]);
  return [...found, ...aliases];
}

export function setTags(box: Box, expression: string): string {
  const trimmed = trimChars(expression);
  return phpString(cmdToValue(box, phpStrReplace(trimmed, requestTags(trimmed, box))));
}
