import type { SimInteraction, SimState } from '../state';
import type { MethodRegistry, Params } from '../types';

// interactQuery::tryToReply's "didn't understand" replies (core/i18n fr_FR), picked at random by Jeedom:
// the simulator always takes the first so tests are stable.
export const NOT_UNDERSTOOD = "Désolé je n'ai pas compris";
export const NOT_ALLOWED = "Vous n'êtes pas autorisé à exécuter cette action";

const normalise = (text: string) => text.trim().toLowerCase().replace(/\s+/g, ' ');

function find(state: SimState, query: string): SimInteraction | undefined {
  const wanted = normalise(query);
  return state.interactions.find((i) => i.phrases.some((p) => normalise(p) === wanted));
}

/** Every param becomes a `#key#` replacement in the reply (`#profile#`, `#query#`, …). */
function fillTags(reply: string, params: Params): string {
  return reply.replace(/#(\w+)#/g, (tag, name: string) => {
    const value = params[name];
    return typeof value === 'string' || typeof value === 'number' ? String(value) : tag;
  });
}

function allowed(interaction: SimInteraction, profile: string | undefined): boolean {
  if (profile === undefined || !interaction.persons?.length) return true;
  return interaction.persons.map((p) => p.toLowerCase()).includes(profile);
}

/**
 * interact::tryToReply: a recognised interaction answers at once (reply_cmd ignored); otherwise the
 * "not understood" answer, or "" with noResponseIfEmpty/emptyReply — and with a reply_cmd that answer is
 * sent through the command and the result is `true`.
 */
function tryToReply(params: Params, state: SimState): unknown {
  // A plain Error is a PHP fatal error for the transport: HTTP 500, empty body, as the real fresh box answers.
  if (!state.colourTableSaved) throw new Error('Uncaught TypeError: interactQuery colour table not set');
  const query = typeof params.query === 'string' ? params.query : '';
  if (query.trim() === '') return { reply: '' };
  const profile =
    typeof params.profile === 'string' && params.profile !== '' ? params.profile.toLowerCase() : undefined;
  const interaction = find(state, query);
  if (interaction) {
    if (!allowed(interaction, profile)) return { reply: NOT_ALLOWED };
    const reply = interaction.run?.() ?? interaction.reply;
    return { reply: fillTags(reply, { ...params, profile: profile ?? '' }) };
  }
  const silent = state.noResponseIfEmpty || String(params.emptyReply ?? '') === '1';
  const reply = silent ? '' : NOT_UNDERSTOOD;
  if (params.reply_cmd !== undefined && params.reply_cmd !== '') {
    state.replyCommandRuns.push({ cmdId: String(params.reply_cmd), message: reply });
    return true;
  }
  return { reply };
}

export function registerInteractMethods(registry: MethodRegistry): void {
  registry.register('interact::tryToReply', {
    rights: 'admin_or_user',
    handler: (params, ctx) => tryToReply(params, ctx.state),
  });
}
