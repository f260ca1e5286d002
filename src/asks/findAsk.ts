/** What a scenario's `ask` waits for, as found in its export (SPEC §7). */
export interface AskSpec {
  question: string;
  /** The listed answers, in Jeedom's spelling (without `*`). */
  answers: string[];
  /** `*` among the answers: any text is accepted. */
  freeText: boolean;
  variable: string;
  timeoutSeconds: number;
}

const DEFAULT_TIMEOUT_SECONDS = 300;

type Node = Record<string, unknown>;

const isNode = (value: unknown): value is Node =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const list = (value: unknown): Node[] => (Array.isArray(value) ? value.filter(isNode) : []);

/**
 * Every expression of an exported scenario, nested elements included, with whether it runs deferred: inside a
 * "DANS"/"in" or "A"/"at" block, which Jeedom runs in a process of its own after the scenario stopped.
 */
function* expressions(
  element: unknown,
  deferred = false,
): Generator<{ expression: Node; deferred: boolean }> {
  if (!isNode(element)) return;
  const inside = deferred || element.type === 'in' || element.type === 'at';
  for (const sub of list(element.subElements)) {
    for (const expression of list(sub.expressions)) {
      yield { expression, deferred: inside };
      if (expression.type === 'element') yield* expressions(expression.element, inside);
    }
  }
}

// A Jeedom tag or command in a question: `#heure#`, `#123#`, `#[Salon][Thermo][Température]#`.
const TAG = /#(?:\[[^\]#]*\]){1,3}#|#[^#\s]+#/g;

/**
 * Whether the text Jeedom sent is this question. The export holds the question as written in the scenario;
 * Jeedom evaluated its tags and commands before sending, so each one matches any text (tags as wildcards).
 */
export function questionMatches(template: string, received: string): boolean {
  const raw = template.trim();
  const text = received.trim();
  if (raw === text) return true;
  const parts = raw.split(TAG);
  // Only tags, or nearly: it would match any message sent through the command.
  if (parts.length === 1 || parts.join('').replace(/\s/g, '').length < 3) return false;
  const escaped = parts.map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('[\\s\\S]*?')}$`).test(text);
}

function toSpec(options: Node): AskSpec | undefined {
  const variable = String(options.variable ?? '').trim();
  if (!variable) return undefined;
  const raw = String(options.answer ?? '')
    .split(';')
    .map((a) => a.trim())
    .filter((a) => a !== '');
  const timeout = Number(options.timeout);
  return {
    question: String(options.question ?? '').trim(),
    answers: raw.filter((a) => a !== '*'),
    freeText: raw.includes('*'),
    variable,
    timeoutSeconds: Number.isFinite(timeout) && timeout > 0 ? timeout : DEFAULT_TIMEOUT_SECONDS,
  };
}

const normalise = (cmd: string) => cmd.replace(/\s+/g, '').toLowerCase();

/**
 * The `ask` of an exported scenario aimed at one of `targets` (the command as `#id#` or its human names) whose
 * question is the text Jeedom sent (tags as wildcards). Jeedom's export turns `#123#` into
 * `#[Object][Equipment][Command]#`. `deferredOnly`: only asks of "in"/"at" blocks, the only ones that can be
 * waiting once their scenario has stopped.
 */
export function findAskIn(
  exported: unknown,
  targets: string[],
  question: string,
  deferredOnly = false,
): AskSpec | undefined {
  const wanted = new Set(targets.map(normalise));
  const elements = isNode(exported) ? list(exported.elements) : [];
  const found: AskSpec[] = [];
  for (const element of elements) {
    for (const { expression, deferred } of expressions(element)) {
      if (deferredOnly && !deferred) continue;
      if (expression.type !== 'action' || expression.expression !== 'ask' || !isNode(expression.options))
        continue;
      if (!wanted.has(normalise(String(expression.options.cmd ?? '')))) continue;
      const spec = toSpec(expression.options);
      if (spec && questionMatches(spec.question, question)) found.push(spec);
    }
  }
  // A question written exactly so wins over one that matches through its tags.
  return found.find((spec) => spec.question === question.trim()) ?? found[0];
}
