// core/class/cmd.class.php: properties, getters/setters, exportApi(), save(), remove().
import { createHash } from 'node:crypto';
import { hooksOf, pluginClass, type Box } from './box';
import type { CmdRow } from './equipment';
import { eqLogicHumanName, loadEqLogic } from './eqLogicModel';
import { jeedomError, PhpFatalError } from './errors';
import {
  assignName,
  buildRow,
  withoutId,
  getJsonAttr,
  loadObject,
  markIfChanged,
  newObject,
  o2a,
  printR,
  setJsonAttr,
  type ClassSpec,
  type PhpObject,
  type Setter,
} from './model';
import { isPhpArray, phpIsBlank, phpIsNumeric, phpLooseEquals, phpString, phpTruthy } from './phpFunctions';

const asArray = (value: unknown) => (isPhpArray(value) ? value : {});

function assign(obj: PhpObject, field: string, value: unknown): void {
  markIfChanged(obj, obj.f[field], value);
  obj.f[field] = value;
}

const scalar = (field: string): Setter => ({ arity: 1, set: (obj, value) => assign(obj, field, value) });

// setDisplay() and setTemplate() flag a change with a strict comparison.
function setStrictJsonAttr(
  obj: PhpObject,
  field: string,
  fallback: unknown,
  key: string,
  value: unknown,
): void {
  if (getJsonAttr(obj.f[field], key, fallback) !== value) obj.changed = true;
  obj.f[field] = setJsonAttr(obj.f[field], key, value);
}

function setDisplay(obj: PhpObject, key: string, value: unknown): void {
  setStrictJsonAttr(obj, 'display', null, key, value);
}

// A code typed in the UI is stored as its SHA-512 (sha1/sha512 values are kept).
function setConfiguration(obj: PhpObject, key: string, value: unknown): void {
  let stored = value;
  if (key === 'actionCodeAccess' && !phpIsBlank(value)) {
    const text = phpString(value);
    if (!/^[0-9a-f]{40}$/i.test(text) && !/^[0-9a-f]{128}$/i.test(text))
      stored = createHash('sha512').update(text).digest('hex');
  }
  const next = setJsonAttr(obj.f.configuration, key, stored);
  markIfChanged(obj, JSON.stringify(obj.f.configuration), JSON.stringify(next));
  obj.f.configuration = next;
}

function setTemplate(obj: PhpObject, key: string, value: unknown): void {
  const stored =
    (key === 'dashboard' || key === 'mobile') && !phpString(value).includes('::')
      ? `core::${phpString(value)}`
      : value;
  setStrictJsonAttr(obj, 'template', '', key, stored);
}

export const CMD: ClassSpec = {
  table: 'cmd',
  phpClass: (cls) => (cls === null ? 'cmd' : `${cls}Cmd`),
  columns: {
    id: { kind: 'int' },
    logicalId: { kind: 'varchar', length: 1023 },
    generic_type: { kind: 'varchar', length: 255 },
    eqType: { kind: 'varchar', length: 127 },
    name: { kind: 'varchar', length: 127 },
    order: { kind: 'int' },
    type: { kind: 'varchar', length: 45 },
    subType: { kind: 'varchar', length: 45 },
    eqLogic_id: { kind: 'int', notNull: true },
    isHistorized: { kind: 'varchar', length: 45, notNull: true },
    unite: { kind: 'varchar', length: 45 },
    configuration: { kind: 'json' },
    template: { kind: 'json' },
    display: { kind: 'json' },
    value: { kind: 'varchar', length: 255 },
    isVisible: { kind: 'int' },
    alert: { kind: 'json' },
  },
  defaults: () => ({
    id: null,
    logicalId: null,
    generic_type: null,
    eqType: null,
    name: null,
    order: null,
    type: null,
    subType: null,
    eqLogic_id: null,
    isHistorized: 0,
    unite: '',
    configuration: {},
    template: {},
    display: {},
    value: null,
    isVisible: 1,
    alert: {},
  }),
  getters: {
    order: (o) => (phpIsBlank(o.f.order) ? 0 : o.f.order),
    configuration: (o) => asArray(o.f.configuration),
    template: (o) => asArray(o.f.template),
    display: (o) => asArray(o.f.display),
    alert: (o) => asArray(o.f.alert),
  },
  setters: {
    id: scalar('id'),
    name: { arity: 1, set: assignName },
    type: scalar('type'),
    subtype: scalar('subType'),
    eqlogic_id: scalar('eqLogic_id'),
    ishistorized: scalar('isHistorized'),
    unite: scalar('unite'),
    template: { arity: 2, set: setTemplate },
    configuration: { arity: 2, set: setConfiguration },
    display: { arity: 2, set: setDisplay },
    alert: { arity: 2, set: (obj, k, v) => assign(obj, 'alert', setJsonAttr(obj.f.alert, k, v)) },
    collectdate: { arity: 1, set: (obj, v) => void (obj.extra.collectDate = v) },
    valuedate: { arity: 1, set: (obj, v) => void (obj.extra.valueDate = v) },
    value: scalar('value'),
    isvisible: scalar('isVisible'),
    order: scalar('order'),
    logicalid: scalar('logicalId'),
    eqtype: scalar('eqType'),
    generic_type: scalar('generic_type'),
  },
};

/** `new <type>Cmd()`, or `new cmd()` (cls null): the core class has no plugin hooks. */
export function newCmd(cls: string | null): PhpObject {
  return newObject(CMD, cls);
}

/** cmd::byId(): cast to `<eqType>Cmd` when that class exists. */
export function loadCmd(box: Box, id: unknown): PhpObject | undefined {
  const row = box.equipment.cmdRow(id);
  return row && loadCmdRow(box, row);
}

export function loadCmdRow(box: Box, row: CmdRow): PhpObject {
  return loadObject(CMD, pluginClass(box, row.eqType), { ...row }, box.equipment.integers);
}

/** cmd::byEqLogicId() (ORDER BY order, name). */
export function cmdsOf(box: Box, eqLogicIds: readonly unknown[]): PhpObject[] {
  return box.equipment.cmdRowsOf(eqLogicIds).map((row) => loadCmdRow(box, row));
}

/** getEqLogic(): the object set by eqLogic->getCmd(), else eqLogic::byId(eqLogic_id). */
export function cmdEqLogic(box: Box, cmd: PhpObject): PhpObject | undefined {
  return (cmd.extra.eqLogic as PhpObject | undefined) ?? loadEqLogic(box, cmd.f.eqLogic_id);
}

export function cmdHumanName(box: Box, cmd: PhpObject): string {
  const eq = cmdEqLogic(box, cmd);
  return `${eq ? eqLogicHumanName(box, eq) : ''}[${phpString(cmd.f.name)}]`;
}

export function cmdConfig(cmd: PhpObject, key: string, fallback: unknown = ''): unknown {
  return getJsonAttr(cmd.f.configuration, key, fallback);
}

/** The cached value an info cmd answers: getCache('value'), '' when none. */
export function cachedValue(box: Box, cmd: PhpObject): unknown {
  return getJsonAttr(box.equipment.cmdCache(cmd.f.id), 'value', '');
}

/** exportApi(): o2a plus currentValue (info: cached value; action: configuration lastCmdValue). */
export function exportApi(box: Box, cmd: PhpObject): Record<string, unknown> {
  const currentValue = cmd.f.type !== 'action' ? cachedValue(box, cmd) : cmdConfig(cmd, 'lastCmdValue', null);
  return { ...o2a(CMD, cmd), currentValue };
}

function numericGreater(a: unknown, b: unknown): boolean {
  return phpIsNumeric(a) && phpIsNumeric(b) ? Number(a) > Number(b) : phpString(a) > phpString(b);
}

// The checks of cmd->save() that come before DB::save().
function validate(box: Box, cmd: PhpObject): void {
  const human = () => cmdHumanName(box, cmd);
  if (phpIsBlank(cmd.f.name))
    throw jeedomError(0, `Le nom de la commande ne peut pas être vide :${printR(CMD, cmd)}`);
  if (phpIsBlank(cmd.f.type))
    throw jeedomError(0, `${human()} Le type de la commande ne peut pas être vide :${printR(CMD, cmd)}`);
  if (phpIsBlank(cmd.f.subType))
    throw jeedomError(0, `${human()} Le sous-type de la commande ne peut pas être vide :${printR(CMD, cmd)}`);
  if (phpIsBlank(cmd.f.eqLogic_id))
    throw jeedomError(
      0,
      `${human()} Vous ne pouvez pas créer une commande sans la rattacher à un équipement`,
    );
  const [min, max] = [cmdConfig(cmd, 'minValue'), cmdConfig(cmd, 'maxValue')];
  if (max !== '' && min !== '' && numericGreater(min, max))
    throw jeedomError(
      0,
      `${human()} La valeur minimum de la commande ne peut être supérieure à la valeur maximum`,
    );
}

// The normalisations of cmd->save(): eqType from the equipment, default templates, stats display.
function normalise(box: Box, cmd: PhpObject): void {
  if (phpIsBlank(cmd.f.eqType)) {
    const eq = cmdEqLogic(box, cmd);
    if (!eq) throw new PhpFatalError('Call to a member function getEqType_name() on null');
    assign(cmd, 'eqType', eq.f.eqType_name);
  }
  const generic = getJsonAttr(cmd.f.display, 'generic_type');
  if (generic !== '' && phpIsBlank(cmd.f.generic_type)) {
    assign(cmd, 'generic_type', generic);
    setDisplay(cmd, 'generic_type', null);
  }
  for (const key of ['dashboard', 'mobile']) {
    if (getJsonAttr(cmd.f.template, key) === '') setTemplate(cmd, key, 'core::default');
  }
  if (cmd.f.type === 'action' && phpLooseEquals(cmd.f.isHistorized, 1)) assign(cmd, 'isHistorized', 0);
  if (phpLooseEquals(cmd.f.isHistorized, 0) && cmd.f.type === 'info' && cmd.f.subType !== 'string') {
    setDisplay(cmd, 'showStatsOnmobile', 0);
    setDisplay(cmd, 'showStatsOndashboard', 0);
  }
  if (cmd.f.type === 'action') {
    setDisplay(cmd, 'showStatsOnmobile', null);
    setDisplay(cmd, 'showStatsOndashboard', null);
  }
}

/** DB::save(): preSave, INSERT or UPDATE (when changed; nothing when the row is gone), postSave. */
async function dbSave(box: Box, cmd: PhpObject): Promise<void> {
  const hooks = hooksOf(box, cmd);
  hooks.cmdPreSave?.(box, cmd);
  if (!phpTruthy(cmd.f.id)) {
    cmd.f.id = null;
    const { row, query } = buildRow(CMD, cmd, true);
    const values = withoutId(row);
    cmd.f.id = String(box.equipment.insertCmd(values as Omit<CmdRow, 'id'>, query));
  } else if (cmd.changed) {
    const target = box.equipment.cmdRow(cmd.f.id);
    if (target) {
      const { row, query } = buildRow(CMD, cmd, false);
      box.equipment.updateCmd({ ...(row as unknown as CmdRow), id: target.id }, query);
    }
  }
  await hooks.cmdPostSave?.(box, cmd);
  cmd.changed = false;
}

/** cmd->save(). */
export async function saveCmd(box: Box, cmd: PhpObject): Promise<void> {
  validate(box, cmd);
  normalise(box, cmd);
  await dbSave(box, cmd);
}

/** cmd->remove(): the equipment's warning/danger status reset, the cache, history and row dropped. */
export function removeCmd(box: Box, cmd: PhpObject): void {
  const eq = cmdEqLogic(box, cmd);
  if (eq) box.equipment.setEqStatus(eq.f.id, { warning: 0, danger: 0 });
  box.equipment.deleteCmd(Number(cmd.f.id));
}

export function dontRemoveCmd(box: Box, cmd: PhpObject): boolean {
  return hooksOf(box, cmd).dontRemoveCmd?.(cmd) ?? false;
}

export function setCmdField(cmd: PhpObject, field: string, value: unknown): void {
  assign(cmd, field, value);
}

export function setCmdConfiguration(cmd: PhpObject, key: string, value: unknown): void {
  setConfiguration(cmd, key, value);
}
