// core/class/scenario.class.php and its element tree (scenarioElement / scenarioSubElement / scenarioExpression):
// the rows, toArray(), getHumanName(), export('array') with jeedom::toHumanReadable(), and restrict users' rights.
import type { Box } from './box';
import { cmdHumanName, loadCmd } from './cmdModel';
import { eqLogicHumanName, loadEqLogic, noneName } from './eqLogicModel';
import { phpJsonEncode } from './php';
import { deepClone, isPhpArray, phpIsNumeric, type PhpArray } from './phpFunctions';
import { compareCollated, sqlNumber } from './sql';
import type { SimUser } from './state';

/** One expression as `scenario::export` shows it; `element` (type `element`) is a nested block. */
export interface SimExpressionInput {
  /** `action`, `condition` or `element`. */
  type: string;
  subtype?: string | null;
  /** `ask`, `#<cmdId>#`, `variable`…; for `element`, filled in with the nested element's id. */
  expression?: string;
  options?: PhpArray;
  order?: number;
  element?: SimElementInput;
}

export interface SimSubElementInput {
  /** `if`, `then`, `else`, `action`… */
  type: string;
  /** Defaults to `condition` for `if`, `action` otherwise. */
  subtype?: string | null;
  name?: string | null;
  options?: PhpArray;
  order?: number;
  expressions?: SimExpressionInput[];
}

export interface SimElementInput {
  /** `if`, `action` (others are stored and exported, not run). */
  type: string;
  name?: string | null;
  options?: PhpArray;
  order?: number;
  subElements?: SimSubElementInput[];
}

export interface SimScenarioInput {
  name: string;
  /** '' = no group (`[Aucun]` in the human name). */
  group?: string;
  objectId?: number | null;
  isActive?: boolean;
  mode?: string;
  schedule?: string;
  /** Raw triggers, `#<cmdId>#` form. */
  trigger?: string[];
  timeout?: number;
  isVisible?: number;
  order?: number;
  description?: string;
  display?: PhpArray;
  /** `allowMultiInstance`, `syncmode`…; `logmode` defaults to `default` (preSave). */
  configuration?: PhpArray;
  elements: SimElementInput[];
}

export interface ExpressionRow {
  id: number;
  type: string;
  subtype: string | null;
  expression: string;
  options: PhpArray;
  order: number;
  element?: ElementRow;
}

export interface SubElementRow {
  id: number;
  name: string | null;
  type: string;
  subtype: string | null;
  options: PhpArray;
  order: number;
  expressions: ExpressionRow[];
}

export interface ElementRow {
  id: number;
  name: string | null;
  type: string;
  options: PhpArray;
  order: number;
  subElements: SubElementRow[];
}

export interface ScenarioRow {
  id: number;
  name: string;
  isActive: number;
  group: string;
  mode: string;
  schedule: string;
  trigger: string[];
  timeout: number;
  object_id: number | null;
  isVisible: number;
  display: PhpArray;
  order: number;
  description: string;
  configuration: PhpArray;
  elements: ElementRow[];
  /** cache::byKey('scenarioCacheAttr<id>'): `state` (stop after postInsert), `lastLaunch`. */
  state: string;
  lastLaunch: string;
}

export class ScenarioTable {
  private readonly rows = new Map<number, ScenarioRow>();
  private readonly rights = new Map<string, Map<number, string>>();
  private nextId = 1;
  private nextElementId = 1;
  private nextSubElementId = 1;
  private nextExpressionId = 1;

  /** A scenario saved in the UI; returns its id. */
  add(input: SimScenarioInput): number {
    if (input.name === '') throw new Error('Le nom du scénario ne peut pas être vide.');
    const id = this.nextId++;
    this.rows.set(id, {
      id,
      name: input.name,
      isActive: input.isActive === false ? 0 : 1,
      group: input.group ?? '',
      mode: input.mode ?? 'provoke',
      schedule: input.schedule ?? '',
      trigger: [...(input.trigger ?? [])],
      timeout: input.timeout ?? 0,
      object_id: input.objectId ?? null,
      isVisible: input.isVisible ?? 1,
      display: deepClone(input.display ?? {}),
      order: input.order ?? 9999,
      description: input.description ?? '',
      configuration: { logmode: 'default', ...deepClone(input.configuration ?? {}) },
      elements: input.elements.map((element, index) => this.element(element, index)),
      state: 'stop',
      lastLaunch: '',
    });
    return id;
  }

  private element(input: SimElementInput, index: number): ElementRow {
    return {
      id: this.nextElementId++,
      name: input.name ?? null,
      type: input.type,
      options: deepClone(input.options ?? {}),
      order: input.order ?? index,
      subElements: (input.subElements ?? []).map((sub, i) => this.subElement(sub, i)),
    };
  }

  private subElement(input: SimSubElementInput, index: number): SubElementRow {
    return {
      id: this.nextSubElementId++,
      name: input.name ?? null,
      type: input.type,
      subtype: input.subtype !== undefined ? input.subtype : input.type === 'if' ? 'condition' : 'action',
      options: deepClone(input.options ?? {}),
      order: input.order ?? index,
      expressions: (input.expressions ?? []).map((expr, i) => this.expression(expr, i)),
    };
  }

  private expression(input: SimExpressionInput, index: number): ExpressionRow {
    const element = input.element && this.element(input.element, 0);
    const defaultSubtype = input.type === 'action' || input.type === 'condition' ? input.type : null;
    // The UI saves the `enable` and `background` boxes of every action.
    const options = deepClone(input.options ?? {});
    if (input.type === 'action') {
      options.enable ??= '1';
      options.background ??= '0';
    }
    return {
      id: this.nextExpressionId++,
      type: input.type,
      subtype: input.subtype !== undefined ? input.subtype : defaultSubtype,
      expression: element ? String(element.id) : (input.expression ?? ''),
      options,
      order: input.order ?? index,
      ...(element ? { element } : {}),
    };
  }

  /** scenario::byId(): '' and null find nothing; otherwise MySQL's `id = :id`. */
  byId(id: unknown): ScenarioRow | undefined {
    if (id === null || id === undefined || id === false || id === '') return undefined;
    const wanted = sqlNumber(id);
    return wanted === undefined ? undefined : this.rows.get(wanted);
  }

  /** The live row (tests read `state` / `lastLaunch`). */
  row(id: number): ScenarioRow {
    const row = this.rows.get(id);
    if (!row) throw new Error(`No simulated scenario ${id}`);
    return row;
  }

  /**
   * scenario::all(): those in an existing object (ORDER BY object name, group, name), then those without object
   * (group, name), then those whose object is gone.
   */
  all(box: Box): ScenarioRow[] {
    const byGroupName = (a: ScenarioRow, b: ScenarioRow) =>
      compareCollated(a.group, b.group) || compareCollated(a.name, b.name);
    const rows = [...this.rows.values()];
    const objectName = (row: ScenarioRow) => box.objects.byId(row.object_id)?.name ?? null;
    const inObject = rows
      .filter((row) => objectName(row) !== null)
      .sort((a, b) => compareCollated(objectName(a), objectName(b)) || byGroupName(a, b));
    const none = rows.filter((row) => row.object_id === null).sort(byGroupName);
    const orphans = rows
      .filter((row) => row.object_id !== null && objectName(row) === null)
      .sort(byGroupName);
    return [...inObject, ...none, ...orphans];
  }

  setRights(login: string, scenarioId: number, rights: string): void {
    const byId = this.rights.get(login) ?? new Map<number, string>();
    byId.set(scenarioId, rights);
    this.rights.set(login, byId);
  }

  /** hasRight($right, $user): admin and user profiles always; restrict only with user right `scenario<id>`. */
  hasRight(user: SimUser, row: ScenarioRow, right: 'r' | 'w' | 'x'): boolean {
    if (user.profile === 'admin' || user.profile === 'user') return true;
    return (this.rights.get(user.login)?.get(row.id) ?? '').includes(right);
  }
}

function int(box: Box, value: number | null): number | string | null {
  if (value === null) return null;
  return box.equipment.integers === 'string' ? String(value) : value;
}

/** toArray(): utils::o2a($this, true) plus `state` and `lastLaunch` from the cache. */
export function scenarioToArray(box: Box, row: ScenarioRow): Record<string, unknown> {
  return {
    id: int(box, row.id),
    name: row.name,
    isActive: int(box, row.isActive),
    group: row.group,
    mode: row.mode,
    schedule: row.schedule,
    // Element ids come from lastInsertId(): strings.
    scenarioElement: row.elements.map((element) => String(element.id)),
    trigger: [...row.trigger],
    timeout: int(box, row.timeout),
    object_id: int(box, row.object_id),
    isVisible: int(box, row.isVisible),
    display: deepClone(row.display),
    order: int(box, row.order),
    description: row.description,
    configuration: deepClone(row.configuration),
    state: row.state,
    lastLaunch: row.lastLaunch,
  };
}

/** getHumanName(): `[Group][Object][Name]`, `[Aucun]` (box language) for a missing group or object. */
export function scenarioHumanName(box: Box, row: ScenarioRow): string {
  const none = noneName(box.state.language);
  const object = box.objects.byId(row.object_id);
  return `[${row.group !== '' ? row.group : none}][${object ? object.name : none}][${row.name}]`;
}

/** cmd::cmdToHumanReadable(): arrays go through their JSON (json_decode of a broken result is null). */
function cmdToHumanReadable(box: Box, input: unknown): unknown {
  if (isPhpArray(input)) {
    const text = cmdIdsToNames(box, phpJsonEncode(input));
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return null;
    }
  }
  return typeof input === 'string' ? cmdIdsToNames(box, input) : input;
}

function cmdIdsToNames(box: Box, text: string): string {
  const replace = new Map<string, string>();
  for (const [tag, id] of text.matchAll(/#([0-9]*)#/g)) {
    const cmd = replace.has(tag) ? undefined : loadCmd(box, id);
    if (cmd) replace.set(tag, `#${cmdHumanName(box, cmd)}#`);
  }
  let out = text;
  for (const [tag, name] of replace) out = out.split(tag).join(name);
  return out;
}

/** eqLogic / scenario / jeeObject ::toHumanReadable(): key by key, then `#<kind><id>#` in strings. */
function tagsToHumanReadable(
  input: unknown,
  pattern: RegExp,
  name: (id: string) => string | undefined,
): unknown {
  if (Array.isArray(input)) return input.map((value) => tagsToHumanReadable(value, pattern, name));
  if (isPhpArray(input))
    return Object.fromEntries(
      Object.entries(input).map(([k, v]) => [k, tagsToHumanReadable(v, pattern, name)]),
    );
  if (typeof input !== 'string') return input;
  let text = input;
  for (const [tag, id] of input.matchAll(pattern)) {
    const human = phpIsNumeric(id) ? name(id) : undefined;
    if (human !== undefined) text = text.split(tag).join(`#${human}#`);
  }
  return text;
}

/** jeedom::toHumanReadable(): cmds, then `#eqLogic<id>#`, `#scenario<id>#`, `#object<id>#`. */
export function toHumanReadable(box: Box, scenarios: ScenarioTable, input: unknown): unknown {
  let out = cmdToHumanReadable(box, input);
  out = tagsToHumanReadable(out, /#eqLogic([0-9]*)#/g, (id) => {
    const eq = loadEqLogic(box, id);
    return eq && eqLogicHumanName(box, eq);
  });
  out = tagsToHumanReadable(out, /#scenario([0-9]*)#/g, (id) => {
    const row = scenarios.byId(id);
    return row && scenarioHumanName(box, row);
  });
  return tagsToHumanReadable(out, /#object([0-9]*)#/g, (id) => {
    const object = box.objects.byId(id);
    return object && `[${object.name}]`;
  });
}

/** scenarioElement->getAjaxElement('array'): ids removed, each expression through toHumanReadable(). */
function ajaxElement(box: Box, scenarios: ScenarioTable, element: ElementRow): Record<string, unknown> {
  return {
    name: element.name,
    type: element.type,
    options: deepClone(element.options),
    order: int(box, element.order),
    subElements: element.subElements.map((sub) => ({
      name: sub.name,
      type: sub.type,
      subtype: sub.subtype,
      options: deepClone(sub.options),
      order: int(box, sub.order),
      expressions: sub.expressions.map((expr) => {
        const ajax: Record<string, unknown> = {
          type: expr.type,
          subtype: expr.subtype,
          expression: expr.expression,
          options: deepClone(expr.options),
          order: int(box, expr.order),
        };
        if (expr.element) ajax.element = ajaxElement(box, scenarios, expr.element);
        return toHumanReadable(box, scenarios, ajax);
      }),
    })),
  };
}

/** scenario::export {id}: `{humanName, export}` with export('array'). */
export function scenarioExport(
  box: Box,
  scenarios: ScenarioTable,
  row: ScenarioRow,
): Record<string, unknown> {
  const fields = scenarioToArray(box, row);
  const drop = new Set(['id', 'state', 'lastLaunch', 'object_id', 'scenarioElement']);
  const exported = Object.fromEntries(Object.entries(fields).filter(([key]) => !drop.has(key)));
  exported.trigger = toHumanReadable(box, scenarios, fields.trigger);
  exported.elements = row.elements.map((element) => ajaxElement(box, scenarios, element));
  return { humanName: scenarioHumanName(box, row), export: exported };
}

/** The element tree of a scenario that only asks one question through one command (tests, benchmark). */
export function askOnlyElements(ask: {
  question: string;
  answer: string;
  variable: string;
  timeout: number;
  cmdId: number;
}): unknown[] {
  const options = {
    question: ask.question,
    answer: ask.answer,
    variable: ask.variable,
    timeout: String(ask.timeout),
    cmd: `#${ask.cmdId}#`,
  };
  return [
    {
      type: 'action',
      subElements: [
        { type: 'action', subtype: 'action', expressions: [{ type: 'action', expression: 'ask', options }] },
      ],
    },
  ];
}
