// core/class/eqLogic.class.php: properties, getters/setters, toArray(), save().
import { hooksOf, pluginClass, type Box } from './box';
import type { EqLogicRow } from './equipment';
import { jeedomError } from './errors';
import {
  assignName,
  buildRow,
  withoutId,
  get,
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
  type SetterContext,
} from './model';
import { phpNow } from './phpDate';
import { isPhpArray, phpIsBlank, phpIsNumeric, phpLooseEquals, phpString, phpTruthy } from './phpFunctions';

// getIsVisible(), getIsEnable(), getOrder(), getTimeout(): '' or non-numeric gives the default.
const numericOr = (fallback: unknown) => (value: unknown) =>
  phpIsBlank(value) || !phpIsNumeric(value) ? fallback : value;
const asArray = (value: unknown) => (isPhpArray(value) ? value : {});

function assign(obj: PhpObject, field: string, value: unknown): void {
  markIfChanged(obj, obj.f[field], value);
  obj.f[field] = value;
}

const scalar = (field: string): Setter => ({ arity: 1, set: (obj, value) => assign(obj, field, value) });

const jsonAttr = (field: string): Setter => ({
  arity: 2,
  set: (obj, key, value) => {
    const next = setJsonAttr(obj.f[field], key, value);
    markIfChanged(obj, JSON.stringify(obj.f[field]), JSON.stringify(next));
    obj.f[field] = next;
  },
});

function setIsEnable(obj: PhpObject, value: unknown, ctx: SetterContext): void {
  if (!phpLooseEquals(obj.f.isEnable, value)) {
    obj.changed = true;
    // Written under the current id: for a new equipment ('' id) the status is lost, as in Jeedom.
    if (phpTruthy(value) && !phpIsBlank(obj.f.id)) {
      ctx.setEqStatus(obj.f.id, { lastCommunication: ctx.now(), timeout: 0, enableDatime: ctx.now() });
    }
  }
  obj.f.isEnable = value;
}

function setTimeout(obj: PhpObject, value: unknown): void {
  const timeout = phpIsBlank(value) || !phpIsNumeric(value) || Number(value) < 1 ? null : value;
  if (!phpLooseEquals(timeout, numericOr(null)(obj.f.timeout))) {
    obj.extra.timeoutUpdated = true;
    obj.changed = true;
  }
  obj.f.timeout = timeout;
}

function setDisplay(obj: PhpObject, key: string, value: unknown): void {
  if (getJsonAttr(obj.f.display, key) !== value) obj.changed = true;
  obj.f.display = setJsonAttr(obj.f.display, key, value);
}

export const EQLOGIC: ClassSpec = {
  table: 'eqLogic',
  phpClass: (cls) => cls ?? 'eqLogic',
  columns: {
    id: { kind: 'int' },
    name: { kind: 'varchar', length: 127, notNull: true },
    logicalId: { kind: 'varchar', length: 127 },
    generic_type: { kind: 'varchar', length: 255 },
    object_id: { kind: 'int' },
    eqType_name: { kind: 'varchar', length: 127, notNull: true },
    isVisible: { kind: 'int' },
    isEnable: { kind: 'int' },
    configuration: { kind: 'json' },
    timeout: { kind: 'int' },
    category: { kind: 'json' },
    display: { kind: 'json' },
    order: { kind: 'int' },
    comment: { kind: 'text' },
    tags: { kind: 'varchar', length: 255 },
  },
  defaults: () => ({
    id: null,
    name: null,
    logicalId: '',
    generic_type: null,
    object_id: null,
    eqType_name: null,
    isVisible: 0,
    isEnable: 0,
    configuration: {},
    timeout: 0,
    category: {},
    display: {},
    order: 9999,
    comment: null,
    tags: null,
  }),
  getters: {
    isVisible: (o) => numericOr(0)(o.f.isVisible),
    isEnable: (o) => numericOr(0)(o.f.isEnable),
    timeout: (o) => numericOr(null)(o.f.timeout),
    order: (o) => numericOr(0)(o.f.order),
    configuration: (o) => asArray(o.f.configuration),
    category: (o) => asArray(o.f.category),
    display: (o) => asArray(o.f.display),
  },
  setters: {
    id: scalar('id'),
    name: { arity: 1, set: assignName },
    logicalid: scalar('logicalId'),
    object_id: { arity: 1, set: (obj, v) => assign(obj, 'object_id', phpIsNumeric(v) ? v : null) },
    eqtype_name: scalar('eqType_name'),
    isvisible: scalar('isVisible'),
    isenable: { arity: 1, set: setIsEnable },
    configuration: jsonAttr('configuration'),
    display: { arity: 2, set: setDisplay },
    timeout: { arity: 1, set: setTimeout },
    category: jsonAttr('category'),
    generictype: scalar('generic_type'),
    comment: scalar('comment'),
    tags: { arity: 1, set: (obj, v) => assign(obj, 'tags', phpString(v).replace(/['<>]/g, '')) },
    order: scalar('order'),
  },
};

export function setEqLogicField(eq: PhpObject, field: string, value: unknown): void {
  assign(eq, field, value);
}

export function newEqLogic(cls: string | null): PhpObject {
  return newObject(EQLOGIC, cls);
}

/** eqLogic::byId(): the row cast to its plugin's class when that class exists. */
export function loadEqLogic(box: Box, id: unknown): PhpObject | undefined {
  const row = box.equipment.eqLogicRow(id);
  return row && loadEqLogicRow(box, row);
}

export function loadEqLogicRow(box: Box, row: EqLogicRow): PhpObject {
  return loadObject(EQLOGIC, pluginClass(box, row.eqType_name), { ...row }, box.equipment.integers);
}

export function setterContext(box: Box): SetterContext {
  return { now: () => phpNow(), setEqStatus: (id, values) => box.equipment.setEqStatus(id, values) };
}

/** toArray(): utils::o2a plus `status` and `cache` (cache entries, not columns). */
export function eqLogicToArray(box: Box, eq: PhpObject): Record<string, unknown> {
  const id = eq.f.id;
  return { ...o2a(EQLOGIC, eq), status: phpIsBlank(id) ? {} : box.equipment.eqStatus(id), cache: {} };
}

const NONE: Record<string, string> = {
  fr_FR: 'Aucun',
  en_US: 'None',
  de_DE: 'Nein',
  es_ES: 'No',
  it_IT: 'Nessuno',
  pt_PT: 'Nenhum',
};

/** __('Aucun') in the box language. */
export function noneName(language: string): string {
  return NONE[language] ?? 'Aucun';
}

/** getHumanName(): `[Object][Equipment]`, `[Aucun]` (box language) without an object. */
export function eqLogicHumanName(box: Box, eq: PhpObject): string {
  const object = box.objects.byId(eq.f.object_id);
  const objectName = object ? object.name : noneName(box.state.language);
  return `[${objectName}][${phpString(eq.f.name)}]`;
}

function stampSave(eq: PhpObject): void {
  const now = phpNow();
  const configuration = asArray(eq.f.configuration);
  if (!phpIsBlank(eq.f.id)) eq.f.configuration = { ...configuration, updatetime: now };
  else {
    eq.f.configuration = { ...configuration, createtime: now };
    eq.f.display = { ...asArray(eq.f.display), 'backGraph::info': 0 };
  }
  // Layout keys survive only with the table layout (the table branch itself is not simulated).
  const display = asArray(eq.f.display);
  if (getJsonAttr(display, 'layout::dashboard') !== 'table') {
    eq.f.display = Object.fromEntries(Object.entries(display).filter(([key]) => !key.startsWith('layout::')));
  }
}

/** DB::save(): INSERT when the id is empty, UPDATE (if changed) otherwise, then the plugin's postSave(). */
async function dbSave(box: Box, eq: PhpObject): Promise<void> {
  if (!phpTruthy(eq.f.id)) {
    eq.f.id = null;
    const { row, query } = buildRow(EQLOGIC, eq, true);
    const values = withoutId(row);
    eq.f.id = String(box.equipment.insertEqLogic(values as Omit<EqLogicRow, 'id'>, query));
  } else if (eq.changed) {
    const target = box.equipment.eqLogicRow(eq.f.id);
    if (target) {
      const { row, query } = buildRow(EQLOGIC, eq, false);
      box.equipment.updateEqLogic({ ...(row as unknown as EqLogicRow), id: target.id }, query);
    }
  }
  await hooksOf(box, eq).eqLogicPostSave?.(box, eq);
  eq.changed = false;
}

/** eqLogic->save(). */
export async function saveEqLogic(box: Box, eq: PhpObject): Promise<void> {
  if (phpIsBlank(eq.f.name)) {
    throw jeedomError(0, `Le nom de l'équipement ne peut pas être vide : ${printR(EQLOGIC, eq)}`);
  }
  if (eq.changed) stampSave(eq);
  await dbSave(box, eq);
  if (eq.extra.timeoutUpdated) {
    eq.extra.timeoutUpdated = false;
    if (get(EQLOGIC, eq, 'timeout') === null) box.equipment.setEqStatus(eq.f.id, { timeout: 0 });
  }
}
