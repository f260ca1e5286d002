// scenario->launch()/execute(), scenarioElement->execute() and scenarioExpression->execute() for what asks need:
// `if` (literal conditions) and `action` blocks, nested `element`s, cmd actions, `variable`, and `ask`.
import type { Box } from './box';
import { loadCmd } from './cmdModel';
import { execCmd } from './cmdRuntime';
import { dataStoreValue, type DataStoreTable } from './dataStore';
import { getJsonAttr } from './model';
import {
  isPhpArray,
  phpIsNumeric,
  phpJsonEncodeUnicode,
  phpLooseEquals,
  phpString,
  type PhpArray,
} from './phpFunctions';
import { phpNow } from './phpDate';
import { setTags } from './scenarioTags';
import type { ElementRow, ExpressionRow, ScenarioRow, SubElementRow } from './scenarios';

// __('Aucune réponse') in core/i18n/*.json.
const NO_ANSWER: Record<string, string> = {
  fr_FR: 'Aucune réponse',
  en_US: 'No answer',
  de_DE: 'Keine Antwort',
  es_ES: 'Ninguna respuesta',
  it_IT: 'Nessuna risposta',
  pt_PT: 'Sem resposta',
};

/** $GLOBALS['JEEDOM_SCLOG_TEXT']['unfoundCmdCheckId'], followed by the option as written. */
export const UNFOUND_CMD = "Commande introuvable - Vérifiez l'id";

/** One ask that ran to its end (answered or timed out). */
export interface AskOutcome {
  scenarioId: number;
  variable: string;
  /** The variable's final value: the answer, or 'Aucune réponse' (box language). */
  value: string;
  timedOut: boolean;
  /** Epoch ms. */
  at: number;
}

/** An exception a scenario caught and logged (Jeedom goes on with the next expression). */
export interface ScenarioError {
  scenarioId: number;
  message: string;
  at: number;
}

export interface ScenarioRunOutcome {
  /** The last ask's value ('' when no ask completed). */
  answer: string;
  timedOut: boolean;
  /** Stopped (scenario::changeState stop, sim.stop()) before its end. */
  stopped: boolean;
  asks: AskOutcome[];
  errors: string[];
}

export interface ScenarioRunHandle {
  /** What launch() returned: false for an inactive scenario, or one in progress without allowMultiInstance. */
  launched: boolean;
  done: Promise<ScenarioRunOutcome>;
}

export interface RunOptions {
  /** Scenario tags (`#profile#` is replaced in an ask's `cmd`). */
  tags?: Record<string, string>;
}

class Stopped extends Error {}

interface Run {
  row: ScenarioRow;
  tags: Record<string, string>;
  cancelled: boolean;
  sleeps: Set<() => void>;
  asks: AskOutcome[];
  errors: string[];
  background: Promise<void>[];
}

export class ScenarioEngine {
  readonly askOutcomes: AskOutcome[] = [];
  readonly errors: ScenarioError[] = [];
  private readonly runs = new Set<Run>();

  constructor(
    private readonly box: Box,
    private readonly dataStore: DataStoreTable,
  ) {}

  /** launch(): false when inactive or already in progress (without allowMultiInstance); else runs it. */
  launch(row: ScenarioRow, options: RunOptions = {}): ScenarioRunHandle {
    const multi = phpLooseEquals(getJsonAttr(row.configuration, 'allowMultiInstance', 0), 1);
    if (row.isActive !== 1 || (row.state === 'in progress' && !multi)) {
      const outcome = { answer: '', timedOut: false, stopped: false, asks: [], errors: [] };
      return { launched: false, done: Promise.resolve(outcome) };
    }
    const run: Run = {
      row,
      tags: { ...(options.tags ?? {}) },
      cancelled: false,
      sleeps: new Set(),
      asks: [],
      errors: [],
      background: [],
    };
    this.runs.add(run);
    row.lastLaunch = phpNow();
    row.state = 'in progress';
    return { launched: true, done: this.execute(run) };
  }

  /** scenario->stop(): kills its runs; state `stop`. */
  stop(row: ScenarioRow): void {
    for (const run of this.runs) if (run.row === row) this.cancel(run);
    row.state = 'stop';
  }

  /** sim.stop(): every run cut short, every pending poll timer cleared. */
  stopAll(): void {
    for (const run of this.runs) {
      this.cancel(run);
      run.row.state = 'stop';
    }
  }

  private cancel(run: Run): void {
    run.cancelled = true;
    for (const wake of [...run.sleeps]) wake();
  }

  private async execute(run: Run): Promise<ScenarioRunOutcome> {
    try {
      for (const element of run.row.elements) {
        if (run.cancelled) break;
        await this.element(run, element);
      }
      await Promise.all(run.background);
    } catch (error) {
      if (!(error instanceof Stopped)) this.record(run, error);
    } finally {
      this.runs.delete(run);
      if (!run.cancelled) run.row.state = 'stop';
    }
    const last = run.asks.at(-1);
    return {
      answer: last?.value ?? '',
      timedOut: last?.timedOut ?? false,
      stopped: run.cancelled,
      asks: [...run.asks],
      errors: [...run.errors],
    };
  }

  private record(run: Run, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    run.errors.push(message);
    this.errors.push({ scenarioId: run.row.id, message, at: Date.now() });
  }

  /** sleep() that stop() cuts short: then the run unwinds. */
  private async sleep(run: Run, ms: number): Promise<void> {
    if (run.cancelled) throw new Stopped();
    await new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        run.sleeps.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      run.sleeps.add(wake);
    });
    if (run.cancelled) throw new Stopped();
  }

  private async element(run: Run, element: ElementRow): Promise<void> {
    if (run.cancelled) return;
    const sub = (type: string) => element.subElements.find((s) => s.type === type);
    const own = sub(element.type);
    if (!own) return;
    if (element.type === 'action') return this.subElement(run, own);
    if (element.type !== 'if') {
      this.record(run, new Error(`Simulator: scenario element type "${element.type}" is not simulated`));
      return;
    }
    if (phpLooseEquals(getJsonAttr(own.options, 'enable', 1), 0)) return;
    const result = this.condition(run, own);
    if (result === undefined) return;
    const next = result ? sub('then') : sub('else');
    if (next) await this.subElement(run, next);
  }

  /** Literal conditions only (1/0, true/false, numbers, after tags); anything else is an invalid expression. */
  private condition(run: Run, sub: SubElementRow): boolean | undefined {
    const text = setTags(this.box, sub.expressions.map((e) => e.expression).join(' ')).trim();
    if (/^(true|false)$/i.test(text)) return text.toLowerCase() === 'true';
    if (text === '') return false;
    if (phpIsNumeric(text)) return Number(text) !== 0;
    this.record(run, new Error(`Simulator: condition "${text}" is not simulated`));
    return undefined;
  }

  private async subElement(run: Run, sub: SubElementRow): Promise<void> {
    for (const expr of sub.expressions) {
      if (run.cancelled) return;
      if (expr.type === 'element') {
        if (expr.element) await this.element(run, expr.element);
        continue;
      }
      if (expr.type !== 'action' || phpLooseEquals(getJsonAttr(expr.options, 'enable', 1), 0)) continue;
      const guarded = this.guard(run, expr);
      // background=1: its own process, the scenario goes on.
      if (phpLooseEquals(getJsonAttr(expr.options, 'background', 0), 1)) run.background.push(guarded);
      else await guarded;
    }
  }

  /** execute()'s try/catch: an exception is logged and the scenario goes on. */
  private async guard(run: Run, expr: ExpressionRow): Promise<void> {
    try {
      await this.action(run, expr);
    } catch (error) {
      if (error instanceof Stopped) throw error;
      this.record(run, error);
    }
  }

  private async action(run: Run, expr: ExpressionRow): Promise<void> {
    const options: PhpArray = { ...expr.options };
    delete options.enable;
    if (expr.expression !== 'wait') {
      for (const [key, value] of Object.entries(options)) {
        if (typeof value === 'string') options[key] = setTags(this.box, value);
      }
    }
    if (expr.expression === 'ask') return this.ask(run, expr, options);
    if (expr.expression === 'variable') {
      this.dataStore.save('scenario', -1, expr.options.name, options.value ?? null);
      return;
    }
    const id = /^#(\d+)#$/.exec(expr.expression.trim())?.[1];
    if (id === undefined) throw new Error(`Simulator: action "${expr.expression}" is not simulated`);
    const cmd = loadCmd(this.box, id);
    if (!cmd) throw new Error(`${UNFOUND_CMD}${expr.expression}`);
    await execCmd(this.box, cmd, options);
  }

  /** The `ask` branch of scenarioExpression::execute() (reference §9). */
  private async ask(run: Run, expr: ExpressionRow, options: PhpArray): Promise<void> {
    const variable = options.variable;
    this.dataStore.save('scenario', -1, variable, '');
    const limit = options.timeout !== undefined && options.timeout !== null ? options.timeout : 300;
    let answers = phpString(options.answer).split(';');
    const star = answers.indexOf('*');
    if (star >= 0) {
      answers.splice(star, 1);
      if (answers.length === 0) answers = [''];
    }
    const cmdOptions = {
      title: options.question ?? null,
      message: options.question ?? null,
      answer: answers,
      timeout: limit,
      variable: variable ?? null,
    };
    // getOptions('cmd'): the raw option, `#profile#` replaced by the scenario tag.
    let target = phpString(getJsonAttr(expr.options, 'cmd', ''));
    const profile = run.tags['#profile#'];
    if (profile !== undefined) target = target.split('#profile#').join(profile);
    const cmd = loadCmd(this.box, target.replace(/#/g, ''));
    if (!cmd) throw new Error(`${UNFOUND_CMD}${target}`);
    const seconds = phpIsNumeric(limit) ? Number(limit) : 0;
    this.box.equipment.setCmdCache(cmd.f.id, {
      'ask::variable': variable ?? null,
      'ask::endtime': Math.floor(Date.now() / 1000) + seconds,
      'ask::answer': phpString(options.answer).split(';'),
    });
    await execCmd(this.box, cmd, cmdOptions);
    let occurrence = 0;
    let value: unknown = '';
    for (;;) {
      const row = this.dataStore.find('scenario', -1, variable);
      if (row) value = dataStoreValue(row);
      if (!phpLooseEquals(value, '')) break;
      if (phpIsNumeric(limit) ? occurrence > Number(limit) : phpString(occurrence) > phpString(limit)) break;
      occurrence++;
      await this.sleep(run, this.box.state.askPollMs);
    }
    const timedOut = phpLooseEquals(value, '');
    if (timedOut) {
      value = NO_ANSWER[this.box.state.language] ?? NO_ANSWER.fr_FR;
      this.box.equipment.setCmdCache(cmd.f.id, { 'ask::variable': 'none' });
      this.dataStore.save('scenario', -1, variable, value);
    }
    const text = isPhpArray(value) ? phpJsonEncodeUnicode(value) : phpString(value);
    const outcome = {
      scenarioId: run.row.id,
      variable: phpString(variable),
      value: text,
      timedOut,
      at: Date.now(),
    };
    run.asks.push(outcome);
    this.askOutcomes.push(outcome);
  }
}
