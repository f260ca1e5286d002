// Which app endpoint a URL reaches in Rocket.Chat's apps router: `apiServer.use()` mounts per app id
// (apps/meteor/app/apps/server/bridges/api.ts), then one `router.all(path)` per endpoint in an
// express.Router() (Express 4, path-to-regexp 0.1).
import { HttpError } from './expressRequest';

export interface Mount {
  appId: string;
  hash?: string;
  /** What the app's router matches: the rest of the path, '/' at least. */
  rest: string;
}

// apiServer.use('/api/apps/public/:appId') and ('/api/apps/private/:appId/:hash'): case-insensitive,
// matched on the raw (still percent-encoded) path, params decoded afterwards.
export function mountOf(pathname: string): Mount | undefined {
  const open = /^\/api\/apps\/public\/([^/]+)(\/.*)?$/i.exec(pathname);
  if (open) return { appId: decodeParam(open[1]), rest: open[2] || '/' };
  const hidden = /^\/api\/apps\/private\/([^/]+)\/([^/]+)(\/.*)?$/i.exec(pathname);
  if (!hidden) return undefined;
  return { appId: decodeParam(hidden[1]), hash: decodeParam(hidden[2]), rest: hidden[3] || '/' };
}

// Express's decode_param(): a malformed escape is a 400.
function decodeParam(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new HttpError(400, `Failed to decode param '${value}'`);
  }
}

/**
 * router.all(path) of express.Router() (path-to-regexp 0.1): case-insensitive, optional trailing slash,
 * `:name` / `:name?` segments and `*` become params.
 */
export function matchRoute(endpointPath: string, rest: string): Record<string, string> | undefined {
  let route = endpointPath.trim();
  if (!route.startsWith('/')) route = `/${route}`;
  if (route.length > 1 && route.endsWith('/')) route = route.slice(0, -1);
  const keys: string[] = [];
  let stars = 0;
  const source = route.replace(
    /(\/)?:(\w+)(\?)?|\*|[.+?^${}()|[\]\\]/g,
    (token, slash?: string, name?: string, optional?: string) => {
      if (name !== undefined) {
        keys.push(name);
        const group = `${slash ? '\\/' : ''}([^\\/]+?)`;
        return optional ? `(?:${group})?` : group;
      }
      if (token !== '*') return `\\${token}`;
      keys.push(String(stars++));
      return '(.*)';
    },
  );
  const match = new RegExp(`^${source === '/' ? '' : source}\\/?$`, 'i').exec(rest);
  if (!match) return undefined;
  const params: Record<string, string> = {};
  keys.forEach((key, i) => {
    if (match[i + 1] !== undefined) params[key] = decodeParam(match[i + 1]);
  });
  return params;
}
