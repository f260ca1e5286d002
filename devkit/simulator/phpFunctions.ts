// More PHP 8 semantics, for the equipment side (eqLogic, cmd, script plugin). php.ts has the transport ones.

const NUMERIC = /^[ \t\n\r\v\f]*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?[ \t\n\r\v\f]*$/;
const LEADING_NUMBER = /^[ \t\n\r\v\f]*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/;

export type PhpArray = Record<string, unknown>;

/** A PHP array: a JS array or a plain object (JSON objects decode to associative arrays). */
export function isPhpArray(value: unknown): value is PhpArray | unknown[] {
  return typeof value === 'object' && value !== null;
}

/** is_numeric(): numbers, and strings that look like one (PHP 8 allows surrounding whitespace). */
export function phpIsNumeric(value: unknown): boolean {
  if (typeof value === 'number') return true;
  return typeof value === 'string' && NUMERIC.test(value);
}

/** `(string) $value` for scalars; floats with PHP's 14 significant digits. */
export function phpString(value: unknown): string {
  if (value === undefined || value === null || value === false) return '';
  if (value === true) return '1';
  if (typeof value === 'number') {
    if (Number.isInteger(value) || !Number.isFinite(value)) return String(value);
    return String(Number(value.toPrecision(14)));
  }
  if (typeof value === 'object') return 'Array';
  return String(value);
}

/** floatval(): the leading number of a string, 0 when there is none. */
export function phpFloatval(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  const match = LEADING_NUMBER.exec(phpString(value));
  return match ? Number(match[0].trim()) : 0;
}

export function phpIntval(value: unknown): number {
  return Math.trunc(phpFloatval(value));
}

/** PHP 8 `$a == $b` for scalars (arrays compare by their JSON, close enough for these uses). */
export function phpLooseEquals(a: unknown, b: unknown): boolean {
  // null against a string compares with ''; against anything else both sides become booleans.
  if (a === null || a === undefined) return typeof b === 'string' ? b === '' : !phpTruthy(b);
  if (b === null || b === undefined) return phpLooseEquals(b, a);
  if (typeof a === 'boolean' || typeof b === 'boolean') return phpTruthy(a) === phpTruthy(b);
  if (isPhpArray(a) || isPhpArray(b)) return JSON.stringify(a) === JSON.stringify(b);
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  if (typeof a === 'number') return phpIsNumeric(b) ? a === Number(b) : phpString(a) === b;
  if (typeof b === 'number') return phpLooseEquals(b, a);
  if (phpIsNumeric(a) && phpIsNumeric(b)) return Number(a) === Number(b);
  return a === b;
}

/** `$value == ''`: true for null, false and '' only (PHP 8: 0 and '0' are not). */
export function phpIsBlank(value: unknown): boolean {
  return value === undefined || value === null || value === false || value === '';
}

/** PHP truthiness (if ($value)). */
export function phpTruthy(value: unknown): boolean {
  if (isPhpArray(value)) return Object.keys(value).length > 0;
  return !(phpIsBlank(value) || value === 0 || value === '0');
}

/** trim(), with PHP's default characters or the given ones. */
export function trimChars(value: string, chars = ' \t\n\r\0\x0B'): string {
  let start = 0;
  let end = value.length;
  while (start < end && chars.includes(value[start])) start++;
  while (end > start && chars.includes(value[end - 1])) end--;
  return value.slice(start, end);
}

/** urlencode(): RFC 1738 on UTF-8 bytes, `-_.` and alphanumerics kept, space as `+`. */
export function phpUrlencode(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const char = String.fromCharCode(byte);
    if (/[A-Za-z0-9_.-]/.test(char)) out += char;
    else if (byte === 0x20) out += '+';
    else out += '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** str_replace() with arrays: each pair runs over the result of the previous one. */
export function phpStrReplace(subject: string, pairs: ReadonlyArray<readonly [string, string]>): string {
  return pairs.reduce(
    (text, [search, replace]) => (search === '' ? text : text.split(search).join(replace)),
    subject,
  );
}

/** strip_tags(), approximately: `<` followed by a non-space opens a tag that runs to `>` or the end. */
export function phpStripTags(value: string): string {
  return value.replace(/<!--[\s\S]*?(-->|$)/g, '').replace(/<(?=\S)[^>]*(>|$)/g, '');
}

/** Result of substr() on UTF-8 bytes: the text, and the bytes of a character cut in two (MySQL refuses them). */
export interface ByteCut {
  text: string;
  dangling: Buffer | null;
}

export function substrBytes(value: string, maxBytes: number): ByteCut {
  const bytes = Buffer.from(value, 'utf8');
  if (bytes.length <= maxBytes) return { text: value, dangling: null };
  const cut = bytes.subarray(0, maxBytes);
  let start = cut.length;
  while (start > 0 && (cut[start - 1] & 0xc0) === 0x80) start--;
  const lead = start > 0 ? cut[start - 1] : 0;
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  if (start === 0 || cut.length - (start - 1) >= need) return { text: cut.toString('utf8'), dangling: null };
  return {
    text: cut.subarray(0, start - 1).toString('utf8'),
    dangling: Buffer.from(cut.subarray(start - 1)),
  };
}

/** cleanComponanteName() (core/php/utils.inc.php): strips `& # ] [ % \ / ' " *` and tags, collapses spaces. */
export function cleanComponanteName(value: string): string {
  return phpStripTags(value.replace(/[&#\][%\\/'"*]/g, '')).replace(/[ \t\n\r\v\f]+/g, ' ');
}

/**
 * is_json($value, $value) as utils::a2o and utils::o2a use it: a string holding a JSON array/object is
 * decoded, anything else is returned as is.
 */
export function decodeIfJson(value: unknown): unknown {
  if (typeof value !== 'string' || !/^\s*[[{]/.test(value)) return value;
  try {
    const decoded: unknown = JSON.parse(value);
    return isPhpArray(decoded) ? decoded : value;
  } catch {
    return value;
  }
}

/** json_encode($value, JSON_UNESCAPED_UNICODE): slashes still escaped, `{}` as `[]`. */
export function phpJsonEncodeUnicode(value: unknown): string {
  const json = JSON.stringify(value, (_key, v: unknown) =>
    isPhpArray(v) && !Array.isArray(v) && Object.keys(v).length === 0 ? [] : v,
  );
  return (json ?? 'null').replace(/\//g, '\\/');
}

/** fromHumanReadable() runs str_replace over every string and float: floats come out as strings. */
export function floatsToStrings(value: unknown): unknown {
  if (typeof value === 'number' && !Number.isInteger(value)) return phpString(value);
  if (Array.isArray(value)) return value.map(floatsToStrings);
  if (isPhpArray(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, floatsToStrings(v)]));
  return value;
}

export function deepClone<T>(value: T): T {
  return structuredClone(value);
}
