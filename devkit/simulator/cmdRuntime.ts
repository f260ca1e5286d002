// cmd.class.php at run time: formatValue(), event(), execCmd(), cmdToValue(); eqLogic->checkAndUpdateCmd().
import { hooksOf, type Box } from './box';
import { cmdConfig, cmdEqLogic, cmdHumanName, loadCmd, saveCmd, setCmdConfiguration } from './cmdModel';
import { EQLOGIC } from './eqLogicModel';
import { jeedomError } from './errors';
import { get, getJsonAttr, type PhpObject } from './model';
import { phpJsonEncode } from './php';
import { phpNow } from './phpDate';
import {
  isPhpArray,
  phpFloatval,
  phpIntval,
  phpIsBlank,
  phpIsNumeric,
  phpLooseEquals,
  phpStrReplace,
  phpString,
  phpTruthy,
  trimChars,
} from './phpFunctions';

const BINARY_TRUE_44 = ['on', 'true', 'high', 'enable', 'enabled'];
const BINARY_TRUE_45 = [...BINARY_TRUE_44, 'online'];

// round() halves away from zero.
function phpRound(value: number, precision: number): number {
  const factor = 10 ** precision;
  return (Math.sign(value) * Math.round(Math.abs(value) * factor)) / factor;
}

function isEnabled(box: Box, cmd: PhpObject): PhpObject | undefined {
  const eq = cmdEqLogic(box, cmd);
  return eq && phpLooseEquals(get(EQLOGIC, eq, 'isEnable'), 1) ? eq : undefined;
}

// 4.5 clamps to [min, max]; 4.4 only when asked to (min/maxValueReplace), else event() drops the value.
function clamp(box: Box, cmd: PhpObject, value: number, key: 'maxValue' | 'minValue'): number {
  const limit = cmdConfig(cmd, key);
  const enabled = box.state.dialect === '4.5' || phpLooseEquals(cmdConfig(cmd, `${key}Replace`), 1);
  if (!enabled || !phpIsNumeric(limit)) return value;
  const beyond = key === 'maxValue' ? value > Number(limit) : value < Number(limit);
  return beyond ? Number(limit) : value;
}

function formatNumeric(box: Box, cmd: PhpObject, text: string): number {
  let value = phpFloatval(text.replace(/,/g, '.'));
  const round = cmdConfig(cmd, 'historizeRound');
  if (round !== '' && phpIsNumeric(round) && Number(round) >= 0) value = phpRound(value, Number(round));
  return clamp(box, cmd, clamp(box, cmd, value, 'maxValue'), 'minValue');
}

function formatBinary(box: Box, cmd: PhpObject, text: string): number {
  const truthy = box.state.dialect === '4.5' ? BINARY_TRUE_45 : BINARY_TRUE_44;
  const on = phpIntval(text) >= 1 || truthy.includes(text.toLowerCase());
  return Number(on !== phpTruthy(cmdConfig(cmd, 'invertBinary', false)));
}

/** formatValue(): what an info stores. Strings are trimmed and lose surrounding double quotes. */
export function formatValue(box: Box, cmd: PhpObject, raw: unknown): unknown {
  if (isPhpArray(raw)) return '';
  const value = raw === null || raw === undefined ? 0 : raw;
  if (trimChars(phpString(value)) === '' && value !== false) {
    const zero = box.state.dialect === '4.5' && (cmd.f.subType === 'numeric' || cmd.f.subType === 'binary');
    return zero ? 0 : '';
  }
  const text = trimChars(trimChars(phpString(value)), '"');
  if (text.toLowerCase().includes('error::') || cmd.f.type !== 'info') return text;
  if (cmd.f.subType === 'numeric') return formatNumeric(box, cmd, text);
  if (cmd.f.subType === 'binary') return formatBinary(box, cmd, text);
  return text;
}

function outOfRange(cmd: PhpObject, value: unknown): boolean {
  if (cmd.f.subType !== 'numeric' || phpString(value).includes('error')) return false;
  const [max, min] = [cmdConfig(cmd, 'maxValue'), cmdConfig(cmd, 'minValue')];
  return (
    (phpIsNumeric(max) && Number(value) > Number(max)) || (phpIsNumeric(min) && Number(value) < Number(min))
  );
}

function denied(cmd: PhpObject, value: unknown): boolean {
  const deny = cmdConfig(cmd, 'denyValues');
  return (
    deny !== '' &&
    phpString(deny)
      .split(';')
      .some((d) => phpLooseEquals(value, d))
  );
}

/**
 * cmd->event($value, $datetime): silently nothing for a non-info, a disabled equipment, a numeric value out of
 * range (4.4) or a denied value. A repeat only reaches the history unless repeatEventManagement is `always`.
 */
export function cmdEvent(box: Box, cmd: PhpObject, raw: unknown, datetime: unknown = null): void {
  if (cmd.f.type !== 'info') return;
  const eq = cmdEqLogic(box, cmd);
  if (!eq || phpLooseEquals(get(EQLOGIC, eq, 'isEnable'), 0)) return;
  const value = formatValue(box, cmd, raw);
  if (outOfRange(cmd, value) || denied(cmd, value)) return;
  const cache = box.equipment.cmdCache(cmd.f.id);
  const old = getJsonAttr(cache, 'value', '');
  const repeat = old === value && old !== '' && old !== null;
  const collectDate =
    datetime !== null && datetime !== undefined && datetime !== false ? phpString(datetime) : phpNow();
  const valueDate = repeat ? getJsonAttr(cache, 'valueDate', '') : collectDate;
  box.equipment.setCmdCache(cmd.f.id, { collectDate });
  box.equipment.setEqStatus(eq.f.id, { lastCommunication: collectDate, timeout: 0 });
  const triggered = !repeat || cmdConfig(cmd, 'repeatEventManagement', 'never') === 'always';
  if (triggered) box.equipment.setCmdCache(cmd.f.id, { value, valueDate });
  const event = { value, at: collectDate, receivedAt: Date.now(), repeat, triggered };
  box.equipment.recordEvent(Number(cmd.f.id), event);
}

/** cmdToValue() on one string: `#<id>#` (and #collectDate<id>#, #valueDate<id>#) → info values. */
function replaceCmdTags(box: Box, input: string): string {
  const json = /^\s*[[{]/.test(input) && isJsonArray(input);
  const pairs: Array<[string, string]> = [];
  const seen = new Set<string>();
  for (const [, id] of input.matchAll(/#([0-9]*)#/g)) {
    if (seen.has(id)) continue;
    seen.add(id);
    const found = infoValue(box, id);
    if (!found) continue;
    const { value, collectDate, valueDate } = found;
    if (!json) {
      pairs.push([`"#${id}#"`, value], [`#${id}#`, value]);
      pairs.push([`#collectDate${id}#`, collectDate], [`#valueDate${id}#`, valueDate]);
    } else {
      const enc = (v: string) => trimChars(phpJsonEncode(v), '"');
      pairs.push(
        [`#${id}#`, enc(value)],
        [`#valueDate${id}#`, enc(valueDate)],
        [`#collectDate${id}#`, enc(collectDate)],
      );
    }
  }
  return phpStrReplace(input, pairs);
}

function isJsonArray(text: string): boolean {
  try {
    return isPhpArray(JSON.parse(text));
  } catch {
    return false;
  }
}

interface InfoValue {
  value: string;
  collectDate: string;
  valueDate: string;
}

// The cache first; without a cached value Jeedom asks the cmd, which must exist and be an info.
function infoValue(box: Box, id: string): InfoValue | undefined {
  const cache = box.equipment.cmdCache(id);
  const cached = getJsonAttr(cache, 'value', null);
  if (cached === null && loadCmd(box, id)?.f.type !== 'info') return undefined;
  const dateFallback = cached === null ? '' : phpNow();
  return {
    value: phpString(cached),
    collectDate: phpString(getJsonAttr(cache, 'collectDate', dateFallback)),
    valueDate: phpString(getJsonAttr(cache, 'valueDate', dateFallback)),
  };
}

/** cmd::cmdToValue(): arrays recursively; every scalar comes back a string (str_replace). */
export function cmdToValue(box: Box, input: unknown): unknown {
  if (Array.isArray(input)) return input.map((v) => cmdToValue(box, v));
  if (isPhpArray(input))
    return Object.fromEntries(Object.entries(input).map(([k, v]) => [k, cmdToValue(box, v)]));
  return replaceCmdTags(box, phpString(input));
}

/** execCmd() of an info: the cached value and its collectDate ('' when never set). */
export function readInfo(box: Box, cmd: PhpObject): { value: unknown; collectDate: unknown } {
  const cache = box.equipment.cmdCache(cmd.f.id);
  return { value: getJsonAttr(cache, 'value', ''), collectDate: getJsonAttr(cache, 'collectDate', '') };
}

function prepareOptions(box: Box, options: unknown): unknown {
  if (options === null || options === undefined || options === '') return null;
  let prepared = cmdToValue(box, options);
  // A JSON string is decoded from the original: its `#id#` tags are not replaced.
  if (typeof options === 'string' && isJsonArray(options)) prepared = JSON.parse(options) as unknown;
  if (isPhpArray(prepared) && 'color' in prepared && prepared.color !== null) {
    (prepared as Record<string, unknown>).color = phpString(prepared.color).replace(/"/g, '');
  }
  return prepared;
}

async function afterExecution(box: Box, cmd: PhpObject, options: unknown): Promise<void> {
  const opts = isPhpArray(options) ? (options as Record<string, unknown>) : undefined;
  for (const key of ['slider', 'color']) {
    if (opts && opts[key] !== undefined && opts[key] !== null && phpIsBlank(cmd.f.value)) {
      setCmdConfiguration(cmd, 'lastCmdValue', opts[key]);
      await saveCmd(box, cmd);
    }
  }
  const target = phpIsBlank(cmdConfig(cmd, 'updateCmdId'))
    ? undefined
    : loadCmd(box, cmdConfig(cmd, 'updateCmdId'));
  if (!target) return;
  const subType = phpString(cmd.f.subType);
  const key = ['slider', 'color', 'select', 'message'].includes(subType) ? subType : undefined;
  let value = phpString(cmdConfig(cmd, 'updateCmdToValue'));
  if (key) value = value.split(`#${key}#`).join(phpString(opts?.[key]));
  cmdEvent(box, target, value);
}

/**
 * cmd->execCmd($options): an info answers its cached value; an action needs its equipment enabled, gets
 * `#<id>#` in its options replaced by info values, then runs the plugin's execute().
 */
export async function execCmd(box: Box, cmd: PhpObject, options: unknown): Promise<unknown> {
  if (cmd.f.type === 'info') return readInfo(box, cmd).value;
  if (!isEnabled(box, cmd)) {
    throw jeedomError(
      0,
      `Equipement désactivé - impossible d'exécuter la commande : ${cmdHumanName(box, cmd)}`,
    );
  }
  const prepared = prepareOptions(box, options);
  const user = isPhpArray(prepared) ? (prepared as Record<string, unknown>).user_login : undefined;
  box.equipment.setCmdCache(cmd.f.id, { lastExecutionUser: user ?? 'system' });
  box.equipment.notifyExecute(Number(cmd.f.id), prepared);
  const execute = hooksOf(box, cmd).execute;
  let value: unknown;
  try {
    value = formatValue(box, cmd, execute ? await execute(box, cmd, prepared) : false);
  } catch (error) {
    noteFailedTry(box, cmd);
    throw error;
  }
  await afterExecution(box, cmd, prepared);
  return value;
}

/**
 * execCmd()'s catch block (numberOfTryBeforeEqLogicDisable defaults to 3): the equipment's status gets
 * `numberTryWithoutSuccess` — written back unchanged, never incremented (Jeedom 4.5.3 as it is), so the
 * equipment is never disabled for failing. Seen on the real box (test/contract/).
 */
function noteFailedTry(box: Box, cmd: PhpObject): void {
  const eq = cmdEqLogic(box, cmd);
  if (!eq || phpLooseEquals(getJsonAttr(get(EQLOGIC, eq, 'configuration'), 'nerverFail', 0), 1)) return;
  const tries = box.equipment.eqStatus(eq.f.id).numberTryWithoutSuccess ?? 0;
  box.equipment.setEqStatus(eq.f.id, { numberTryWithoutSuccess: tries });
}

/** eqLogic->checkAndUpdateCmd($cmd, $value): an event when the value changed (or repeats are wanted). */
export function checkAndUpdateCmd(box: Box, eq: PhpObject, cmd: PhpObject, value: unknown): boolean {
  if (phpLooseEquals(get(EQLOGIC, eq, 'isEnable'), 0)) return false;
  const old = readInfo(box, cmd).value;
  if (
    old !== formatValue(box, cmd, value) ||
    old === '' ||
    cmdConfig(cmd, 'repeatEventManagement', 'never') === 'always'
  ) {
    cmdEvent(box, cmd, value);
    return true;
  }
  box.equipment.setCmdCache(cmd.f.id, { collectDate: phpNow() });
  box.equipment.setEqStatus(eq.f.id, { lastCommunication: phpNow(), timeout: 0 });
  return false;
}
