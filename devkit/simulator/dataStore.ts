// core/class/dataStore.class.php: the `dataStore` table (scenario variables are type `scenario`, link_id -1).
import { jeedomError } from './errors';
import {
  isPhpArray,
  phpIsBlank,
  phpIsNumeric,
  phpJsonEncodeUnicode,
  phpLooseEquals,
  phpString,
} from './phpFunctions';
import { collationKey, type DbIntegers } from './sql';

export interface DataStoreRow {
  id: number;
  type: string;
  link_id: number;
  key: string;
  /** The TEXT column: null, or a string (arrays are stored JSON-encoded). */
  value: string | null;
}

const ALLOWED_TYPES = ['cmd', 'object', 'eqLogic', 'scenario'];
// print_r($allowType, true)
const ALLOWED_PRINTED = `Array\n(\n${ALLOWED_TYPES.map((t, i) => `    [${i}] => ${t}\n`).join('')})\n`;

/** is_json($value, $value): JSON arrays/objects decoded, anything else as is. */
function decodeJsonArray(value: string): unknown {
  try {
    const decoded = JSON.parse(value) as unknown;
    return isPhpArray(decoded) ? decoded : value;
  } catch {
    return value;
  }
}

/** getValue(): '' → the default (''); a JSON array decoded; a NULL column is_json(null) = false. */
export function dataStoreValue(row: DataStoreRow): unknown {
  if (row.value === null) return false;
  if (row.value === '') return '';
  return decodeJsonArray(row.value);
}

export class DataStoreTable {
  private readonly rows = new Map<number, DataStoreRow>();
  private nextId = 1;

  constructor(private readonly integers: () => DbIntegers) {}

  /** byTypeLinkIdKey(): `type`, `link_id`, `key` compared by MySQL (ci collation; NULL never matches). */
  find(type: unknown, linkId: unknown, key: unknown): DataStoreRow | undefined {
    if (type === null || type === undefined || key === null || key === undefined) return undefined;
    if (linkId === null || linkId === undefined || !phpIsNumeric(linkId)) return undefined;
    const [t, k, l] = [collationKey(phpString(type)), collationKey(phpString(key)), Number(linkId)];
    return [...this.rows.values()].find(
      (row) => collationKey(row.type) === t && collationKey(row.key) === k && row.link_id === l,
    );
  }

  /** new dataStore(), setters, save(): preSave() checks, then an upsert on (type, link_id, key). */
  save(type: unknown, linkId: unknown, key: unknown, value: unknown): DataStoreRow {
    if (!ALLOWED_TYPES.some((allowed) => phpLooseEquals(type, allowed)))
      throw jeedomError(0, `Le type doit être un des suivants : ${ALLOWED_PRINTED}`);
    if (!phpIsNumeric(linkId)) throw jeedomError(0, 'Link_id doit être un chiffre');
    if (phpIsBlank(key)) throw jeedomError(0, 'La clef ne peut pas être vide');
    const stored =
      value === null || value === undefined
        ? null
        : isPhpArray(value)
          ? phpJsonEncodeUnicode(value)
          : phpString(value);
    const existing = this.find(type, linkId, key);
    const row: DataStoreRow = {
      id: existing?.id ?? this.nextId++,
      type: phpString(type),
      link_id: Math.round(Number(linkId)),
      key: phpString(key),
      value: stored,
    };
    this.rows.set(row.id, row);
    return { ...row };
  }

  /** utils::o2a($dataStore): `{id, type, link_id, key, value}`. */
  toArray(row: DataStoreRow): Record<string, unknown> {
    const int = (n: number) => (this.integers() === 'string' ? String(n) : n);
    const value = dataStoreValue(row);
    return { id: int(row.id), type: row.type, link_id: int(row.link_id), key: row.key, value };
  }
}
