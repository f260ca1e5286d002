// PHP semantics that leak onto Jeedom's wire: a faithful simulator has to reproduce them.

const PHP_TRIM = /^[ \t\n\r\0\x0B]+|[ \t\n\r\0\x0B]+$/g;
const NUMERIC_STRING = /^[ \t\n\r\v\f]*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?[ \t\n\r\v\f]*$/;

export function phpTrim(value: string): string {
  return value.replace(PHP_TRIM, '');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** PHP `empty()`: an empty JS object is an empty PHP array too. */
export function phpEmpty(value: unknown): boolean {
  if (
    value === undefined ||
    value === null ||
    value === false ||
    value === 0 ||
    value === '' ||
    value === '0'
  ) {
    return true;
  }
  if (Array.isArray(value)) return value.length === 0;
  return isPlainObject(value) && Object.keys(value).length === 0;
}

/** PHP string conversion, as used when Jeedom concatenates a value into a message. */
export function phpToString(value: unknown): string {
  if (value === undefined || value === null || value === false) return '';
  if (value === true) return '1';
  if (typeof value === 'object') return 'Array';
  return String(value);
}

/** PHP 8 `$value == $literal` for a string literal (jeeApi compares `jsonrpc` this way). */
export function phpLooseEqualsString(value: unknown, literal: string): boolean {
  if (typeof value === 'boolean') return value === (literal !== '' && literal !== '0');
  if (value === undefined || value === null) return literal === '';
  if (typeof value === 'number') {
    return NUMERIC_STRING.test(literal) ? value === Number(literal) : String(value) === literal;
  }
  if (typeof value !== 'string') return false;
  if (NUMERIC_STRING.test(value) && NUMERIC_STRING.test(literal)) return Number(value) === Number(literal);
  return value === literal;
}

/** Jeedom's secureXSS(): htmlspecialchars(ENT_QUOTES | ENT_HTML5) with `&amp;` turned back into `&`. */
export function secureXSS(value: string): string {
  return value.replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function toUnicodeEscape(char: string): string {
  return '\\u' + char.charCodeAt(0).toString(16).padStart(4, '0');
}

/**
 * PHP `json_encode($value)` with default flags: `\/`, `\uXXXX` for non-ASCII, and an empty
 * associative array (an empty JS object here) encoded as `[]`.
 */
export function phpJsonEncode(value: unknown): string {
  const json = JSON.stringify(value, (_key, v: unknown) => (isPlainObject(v) && phpEmpty(v) ? [] : v));
  return (json ?? 'null').replace(/\//g, '\\/').replace(/[\u0080-\uffff]/g, toUnicodeEscape);
}
