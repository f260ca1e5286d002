/**
 * Where `file=` and `files[].url` may download from: Jeedom's own host and the hosts an admin listed in
 * `file_url_hosts`. Every address is compared after the URL parser has normalised it, so numeric forms
 * (`2130706433`, `0x7f.1`, `127.1`) and IPv6 spellings reach the same host string as what they stand for.
 */

/** `host` or `host:port` as the URL parser writes it (`127.0.0.1:8080`, `[::ffff:7f00:1]`, `cams.lan`). */
function normalHost(raw: string): string | undefined {
  const value = raw.trim();
  if (value === '' || /[/?#@\s]/.test(value)) return undefined;
  try {
    const url = new URL(`http://${value}`);
    return url.host.toLowerCase();
  } catch {
    return undefined;
  }
}

/** The setting's value (comma- or space-separated); entries that are not a host are dropped. */
export function parseHostList(setting: unknown): { hosts: string[]; rejected: string[] } {
  if (typeof setting !== 'string') return { hosts: [], rejected: [] };
  const hosts: string[] = [];
  const rejected: string[] = [];
  for (const entry of setting.split(/[,\s]+/).filter((e) => e !== '')) {
    const host = normalHost(entry);
    if (host) hosts.push(host);
    else rejected.push(entry);
  }
  return { hosts, rejected };
}

/** The host of an http(s) address, default port left out (`http://a:80/` → `a`). */
function hostOf(url: URL): string {
  return url.host.toLowerCase();
}

type DownloadCheck =
  { ok: true; url: URL } | { ok: false; reason: 'bad_url' | 'host_not_allowed'; host?: string };

/**
 * Checks an address before anything is fetched: http(s) only, no credentials in it, and its normalised
 * host equal to Jeedom's or to one of the listed hosts (`host` alone means the scheme's default port).
 */
export function checkDownload(
  raw: string,
  jeedomBaseUrl: string | undefined,
  allowed: string[],
): DownloadCheck {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, reason: 'bad_url' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, reason: 'bad_url' };
  if (url.username || url.password) return { ok: false, reason: 'bad_url' };
  const host = hostOf(url);
  const hosts = new Set(allowed);
  if (jeedomBaseUrl) {
    try {
      hosts.add(hostOf(new URL(jeedomBaseUrl)));
    } catch {
      // An unusable Jeedom address allows nothing.
    }
  }
  return hosts.has(host) ? { ok: true, url } : { ok: false, reason: 'host_not_allowed', host };
}

/** What may be logged about an address: its origin and path, never its query (keys live there). */
export function loggableUrl(raw: string): string {
  try {
    const url = new URL(raw.trim());
    return `${url.protocol}//${url.host}${url.pathname}${url.search ? '?…' : ''}`;
  } catch {
    return '(not an address)';
  }
}
