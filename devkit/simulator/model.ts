// Jeedom's DB-backed PHP objects (eqLogic, cmd): properties, getters, setters, utils::a2o / utils::o2a,
// and the row DB::save() writes. Class specs live in eqLogicModel.ts and cmdModel.ts.
import {
  cleanComponanteName,
  decodeIfJson,
  deepClone,
  isPhpArray,
  phpJsonEncodeUnicode,
  phpLooseEquals,
  phpString,
  substrBytes,
  trimChars,
  type PhpArray,
} from './phpFunctions';
import {
  danglingUtf8,
  fromColumn,
  saveQuery,
  toColumn,
  type Column,
  type DbIntegers,
  type DbValue,
  type Table,
} from './sql';

/** A PHP object in memory: what a request loaded or built, before or after DB::save(). */
export interface PhpObject {
  /** The plugin whose class the object is (`script` for scriptCmd…); null for the core class. */
  cls: string | null;
  f: Record<string, unknown>;
  /** `_changed`: DB::save() only writes a loaded object when a setter changed something. */
  changed: boolean;
  /** Fields whose 127-byte cut split a UTF-8 character: MySQL will refuse the row. */
  dangling: Map<string, Buffer>;
  /** Transient properties (`_timeoutUpdated`, `_collectDate`…). */
  extra: Record<string, unknown>;
}

/** What a setter may touch besides the object: the clock, and the status cache of an existing eqLogic. */
export interface SetterContext {
  now(): string;
  setEqStatus(id: unknown, values: PhpArray): void;
}

export type Setter =
  | { arity: 1; set: (obj: PhpObject, value: unknown, ctx: SetterContext) => void }
  | { arity: 2; set: (obj: PhpObject, key: string, value: unknown, ctx: SetterContext) => void };

export interface ClassSpec {
  table: Table;
  /** PHP class name printed by print_r (core class; plugin classes are `<plugin>` / `<plugin>Cmd`). */
  phpClass: (cls: string | null) => string;
  /** Persistent properties in declaration order, with their column. */
  columns: Readonly<Record<string, Column>>;
  defaults: () => Record<string, unknown>;
  /** get<Field>() where it differs from the raw property. */
  getters: Readonly<Record<string, (obj: PhpObject) => unknown>>;
  /** Keyed by lower-cased method name without `set`: PHP method names are case-insensitive. */
  setters: Readonly<Record<string, Setter>>;
}

export type Row = Record<string, DbValue>;

export function newObject(spec: ClassSpec, cls: string | null): PhpObject {
  return { cls, f: spec.defaults(), changed: false, dangling: new Map(), extra: {} };
}

/** PDO's FETCH_CLASS: the row's values as PHP receives them. */
export function loadObject(spec: ClassSpec, cls: string | null, row: Row, integers: DbIntegers): PhpObject {
  const f: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(spec.columns))
    f[field] = fromColumn(column, row[field], integers);
  return { cls, f, changed: false, dangling: new Map(), extra: {} };
}

export function get(spec: ClassSpec, obj: PhpObject, field: string): unknown {
  const getter = spec.getters[field];
  return (getter ? getter(obj) : obj.f[field]) ?? null;
}

/** utils::attrChanged(): loose comparison, arrays by their JSON. */
export function markIfChanged(obj: PhpObject, before: unknown, after: unknown): void {
  if (!phpLooseEquals(before, after)) obj.changed = true;
}

/** utils::setJsonAttr(): null deletes the key. */
export function setJsonAttr(attr: unknown, key: string, value: unknown): PhpArray {
  const next: PhpArray = isPhpArray(attr) ? { ...(attr as PhpArray) } : {};
  if (value === null || value === undefined) delete next[key];
  else next[key] = value;
  return next;
}

/** utils::getJsonAttr($attr, $key, $default): '' counts as missing. */
export function getJsonAttr(attr: unknown, key: string, fallback: unknown = ''): unknown {
  const value = isPhpArray(attr) ? (attr as PhpArray)[key] : undefined;
  return value === undefined || value === null || value === '' ? fallback : value;
}

/**
 * utils::a2o(): `k` → set<K>() if it exists; JSON strings decoded; arrays go key by key into two-argument
 * setters and JSON-encoded into one-argument ones; scalars never reach two-argument setters.
 */
export function a2o(spec: ClassSpec, obj: PhpObject, data: unknown, ctx: SetterContext): void {
  if (!isPhpArray(data)) return;
  for (const [key, raw] of Object.entries(data)) {
    const setter = spec.setters[key.toLowerCase()];
    if (!setter) continue;
    const value = decodeIfJson(raw);
    if (setter.arity === 2) {
      if (isPhpArray(value)) for (const [k, v] of Object.entries(value)) setter.set(obj, k, v, ctx);
    } else {
      setter.set(obj, isPhpArray(value) ? phpJsonEncodeUnicode(value) : value, ctx);
    }
  }
}

/** utils::o2a($object, true): each property through its getter, JSON strings decoded. */
export function o2a(spec: ClassSpec, obj: PhpObject): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of Object.keys(spec.columns)) {
    const value = get(spec, obj, field);
    out[field] = value === null ? null : deepClone(decodeIfJson(value));
  }
  return out;
}

/** DB::buildQuery() then MySQL: the row as stored, or the error strict mode raises. */
export function buildRow(spec: ClassSpec, obj: PhpObject, insert: boolean): { row: Row; query: string } {
  const fields = Object.keys(spec.columns);
  const query = saveQuery(spec.table, fields, insert);
  const row: Row = {};
  for (const field of fields) {
    const dangling = obj.dangling.get(field);
    if (dangling) throw danglingUtf8(spec.table, field, dangling, query);
    row[field] = toColumn(spec.table, field, spec.columns[field], get(spec, obj, field), query);
  }
  return { row, query };
}

/** An INSERT leaves the id to AUTO_INCREMENT. */
export function withoutId(row: Row): Row {
  const copy = { ...row };
  delete copy.id;
  return copy;
}

/** print_r($object, true), shortened to the persistent properties. */
export function printR(spec: ClassSpec, obj: PhpObject): string {
  const lines = Object.keys(spec.columns).map((field) => {
    const value = obj.f[field];
    const shown = isPhpArray(value) ? `Array (${phpJsonEncodeUnicode(value)})` : phpString(value);
    return `    [${field}:protected] => ${shown}`;
  });
  return `${spec.phpClass(obj.cls)} Object\n(\n${lines.join('\n')}\n)\n`;
}

/** setName() of eqLogic and cmd: cleanComponanteName, cut at 127 bytes (substr), trimmed. */
export function assignName(obj: PhpObject, value: unknown): void {
  const cut = substrBytes(cleanComponanteName(phpString(value)), 127);
  // PHP trims bytes: a dangling half-character at the end stops the right-hand trim.
  const kept = cut.dangling ? cut.text.replace(/^[ \t\n\r\0\x0B]+/, '') : trimChars(cut.text);
  if (!phpLooseEquals(kept, obj.f.name)) obj.changed = true;
  obj.f.name = kept;
  if (cut.dangling) obj.dangling.set('name', cut.dangling);
  else obj.dangling.delete('name');
}
