// What MariaDB (strict mode, utf8mb4 *_ci collation) and PDO do to Jeedom's rows, as far as the API shows it.
import { jeedomError, type JeedomError } from './errors';
import { deepClone, isPhpArray, phpIsNumeric, phpString, type PhpArray } from './phpFunctions';

/**
 * How PDO returns INT columns: as strings before PHP 8.1 (Debian 11, PHP 7.4), as numbers from PHP 8.1
 * (Debian 12, PHP 8.2) — emulated prepares stopped stringifying. Ids from lastInsertId() are strings in both.
 */
export type DbIntegers = 'string' | 'number';

export type Column =
  | { kind: 'int'; notNull?: boolean }
  | { kind: 'varchar'; length: number; notNull?: boolean }
  | { kind: 'text' }
  | { kind: 'json' };

export type Table = 'eqLogic' | 'cmd';
export type DbValue = number | string | PhpArray | null;

const DB_NAME = 'jeedom';

/** DB::Prepare's exception text: `[MySQL] Error code : <SQLSTATE> (<errno>). <message>  : <query>`. */
function mysqlError(sqlState: string, errno: number, text: string, query: string): JeedomError {
  return jeedomError(0, `[MySQL] Error code : ${sqlState} (${errno}). ${text}  : ${query}`);
}

/** The statement DB::save() sends, fields in PHP property order (DB::buildQuery). */
export function saveQuery(table: Table, fields: readonly string[], insert: boolean): string {
  const set = fields.map((f) => `\`${f}\` = :${f}`).join(', ');
  return insert ? `INSERT INTO \`${table}\` SET ${set}` : `UPDATE \`${table}\` SET ${set} WHERE id = :id`;
}

export function duplicateEntry(entry: string, query: string): JeedomError {
  return mysqlError('23000', 1062, `Duplicate entry '${entry}' for key 'unique'`, query);
}

export function danglingUtf8(table: Table, field: string, bytes: Buffer, query: string): JeedomError {
  const hex = [...bytes].map((b) => '\\x' + b.toString(16).toUpperCase().padStart(2, '0')).join('');
  const text = `Incorrect string value: '${hex}' for column \`${DB_NAME}\`.\`${table}\`.\`${field}\` at row 1`;
  return mysqlError('22007', 1366, text, query);
}

function incorrectInteger(table: Table, field: string, value: string, query: string): JeedomError {
  const text = `Incorrect integer value: '${value}' for column \`${DB_NAME}\`.\`${table}\`.\`${field}\` at row 1`;
  return mysqlError('22007', 1366, text, query);
}

/** Converts a PHP value bound by PDO (always as a string) into the column, or throws like strict mode does. */
export function toColumn(
  table: Table,
  field: string,
  column: Column,
  value: unknown,
  query: string,
): DbValue {
  if (value === null || value === undefined) {
    if ('notNull' in column && column.notNull)
      throw mysqlError('23000', 1048, `Column '${field}' cannot be null`, query);
    return null;
  }
  if (column.kind === 'json') return isPhpArray(value) ? (deepClone(value) as PhpArray) : {};
  const text = phpString(value);
  if (column.kind === 'int') {
    if (!phpIsNumeric(text)) throw incorrectInteger(table, field, text, query);
    return Math.round(Number(text));
  }
  if (column.kind === 'varchar' && [...text].length > column.length)
    throw mysqlError('22001', 1406, `Data too long for column '${field}' at row 1`, query);
  return text;
}

/** A value as PDO hands it back to PHP. */
export function fromColumn(column: Column, value: DbValue, integers: DbIntegers): unknown {
  if (value === null) return null;
  if (column.kind === 'json') return deepClone(value);
  if (column.kind === 'int' && integers === 'string') return String(value);
  return value;
}

/** utf8mb4_*_ci: case- and accent-insensitive, trailing spaces ignored. */
export function collationKey(value: string): string {
  return value.normalize('NFKD').replace(/\p{M}/gu, '').replace(/ß/g, 'ss').toLowerCase().replace(/ +$/, '');
}

export function compareCollated(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  const [ka, kb] = [collationKey(a), collationKey(b)];
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** ORDER BY on a nullable number: NULL first, as MySQL does in ascending order. */
export function compareNullable(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a - b;
}

/**
 * The number `WHERE id = :id` compares with: PDO sends the parameter as a string and MySQL reads its leading
 * number ('12abc' finds 12). Undefined when nothing can match.
 */
export function sqlNumber(value: unknown): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number') return value;
  const match = /^[ \t\n\r]*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(phpString(value));
  return match ? Number(match[0]) : 0;
}
