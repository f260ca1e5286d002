export type JeedomUrlProblem = 'empty' | 'invalid' | 'scheme';

interface JeedomUrls {
  /** Where Jeedom lives, no trailing slash: `http://nas/jeedom`. */
  readonly baseUrl: string;
  /** The JSON-RPC endpoint: `<baseUrl>/core/api/jeeApi.php`. */
  readonly apiUrl: string;
}

type JeedomUrlResult = ({ ok: true } & JeedomUrls) | { ok: false; reason: JeedomUrlProblem };

const API_PATH = '/core/api/jeeApi.php';
// Pages people paste from the address bar or the API settings screen.
const PASTED_PAGES = [/\/core\/api\/jeeApi\.php$/i, /\/index\.php$/i];
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
// DNS labels (IDN already punycoded by URL, `_` tolerated for LAN names) or a bracketed IPv6 address.
const HOSTNAME =
  /^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*\.?$|^\[[0-9a-f:.]+\]$/i;

/** Normalises the `jeedom_url` setting. Failures never echo the input: it may hold an apikey. */
export function normaliseJeedomUrl(raw: string): JeedomUrlResult {
  const text = raw.trim();
  if (text === '') return { ok: false, reason: 'empty' };
  if (/\s/.test(text)) return { ok: false, reason: 'invalid' };
  const withScheme = addDefaultScheme(text);
  if (withScheme === undefined) return { ok: false, reason: 'scheme' };
  const parsed = parseHttpUrl(withScheme);
  if (parsed === undefined) return { ok: false, reason: 'invalid' };
  const baseUrl = `${parsed.protocol}//${parsed.host}${basePath(parsed.pathname)}`;
  return { ok: true, baseUrl, apiUrl: baseUrl + API_PATH };
}

/** `192.168.1.10` or `nas:8080/jeedom` get `http://`; other schemes (`ftp:`, `javascript:`) are refused. */
function addDefaultScheme(text: string): string | undefined {
  const match = SCHEME.exec(text);
  if (match === null) return `http://${text}`;
  const scheme = match[1].toLowerCase();
  if (scheme === 'http' || scheme === 'https') return text;
  const rest = text.slice(match[0].length);
  return /^\d/.test(rest) ? `http://${text}` : undefined;
}

function parseHttpUrl(text: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  // Credentials in the URL would be a secret in a URL; the key goes in the request body.
  if (url.username !== '' || url.password !== '' || !HOSTNAME.test(url.hostname)) return undefined;
  return url;
}

function basePath(pathname: string): string {
  let path = pathname.replace(/\/+$/, '');
  for (const page of PASTED_PAGES) path = path.replace(page, '');
  return path.replace(/\/+$/, '');
}
