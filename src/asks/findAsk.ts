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

/** Every expression of an exported scenario, nested elements included. */
function* expressions(element: unknown): Generator<Node> {
  if (!isNode(element)) return;
  for (const sub of list(element.subElements)) {
    for (const expression of list(sub.expressions)) {
      yield expression;
      if (expression.type === 'element') yield* expressions(expression.element);
    }
  }
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
 * question is the text Jeedom sent. Jeedom's export turns `#123#` into `#[Object][Equipment][Command]#`.
 */
export function findAskIn(exported: unknown, targets: string[], question: string): AskSpec | undefined {
  const wanted = new Set(targets.map(normalise));
  const elements = isNode(exported) ? list(exported.elements) : [];
  for (const element of elements) {
    for (const expression of expressions(element)) {
      if (expression.type !== 'action' || expression.expression !== 'ask' || !isNode(expression.options))
        continue;
      if (!wanted.has(normalise(String(expression.options.cmd ?? '')))) continue;
      const spec = toSpec(expression.options);
      if (spec && spec.question === question.trim()) return spec;
    }
  }
  return undefined;
}
