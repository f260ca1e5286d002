/**
 * A real HTTP port in front of the harness's engine, as Rocket.Chat's apps router
 * (apps/meteor/app/apps/server/bridges/{router,api}.ts) is in front of the real one: what Jeedom's script
 * commands and `curl` call. `/api/apps/public/<appId>/<path>` and `/api/apps/private/<appId>/<hash>/<path>`
 * reach `executeApi(appId, endpoint.path, request)` for every method, with the request as Express builds it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import type { IApiRequest, IApiResponse } from '@rocket.chat/apps-engine/definition/api';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { HttpError, parseQueryString, readContent, type Query } from './expressRequest';
import { matchRoute, mountOf } from './expressRouter';
import { errorPage, send, sendStatus, setHeaders, type OutHeaders, type WireReply } from './expressResponse';

/** One endpoint as the Api bridge registered it (Rocket.Chat adds a route per endpoint, in this order). */
export interface AppEndpoint {
  appId: string;
  path: string;
  authRequired: boolean;
}

export interface AppRouterHost {
  endpoints(): readonly AppEndpoint[];
  executeApi(appId: string, path: string, request: IApiRequest): Promise<IApiResponse>;
}

/** What the front saw: no header value, no body, and the values of secret-looking query keys masked. */
export interface FrontRequest {
  at: number;
  method: string;
  /** The URL path; a private URL's hash shows as `[hash]`. */
  path: string;
  query: Query;
  /** Whether an Authorization header came, and its scheme (`Bearer`, `Basic`…), never its value. */
  authorization: { present: boolean; scheme?: string };
  /** The app endpoint that was called, when one was. */
  endpoint?: string;
  status: number;
  durationMs: number;
}

const MASK = '[redacted]';

/** Rocket.Chat would leave the request unanswered: the front closes the connection. */
class NoAnswer extends Error {}
const SECRET_KEY = /apikey|api_key|token|passw|secret/i;

function maskQuery(query: Query): Query {
  const masked = (value: string | string[]) => (Array.isArray(value) ? value.map(() => MASK) : MASK);
  return Object.fromEntries(Object.entries(query).map(([k, v]) => [k, SECRET_KEY.test(k) ? masked(v) : v]));
}

function authorizationOf(req: IncomingMessage): FrontRequest['authorization'] {
  const header = req.headers.authorization;
  if (header === undefined) return { present: false };
  const scheme = /^([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*)\s/.exec(header)?.[1];
  return scheme ? { present: true, scheme } : { present: true };
}

export class HttpFront {
  readonly requests: FrontRequest[] = [];
  private server: Server | undefined;
  private port = 0;
  private readonly logins = new Map<string, IUser>();

  constructor(private readonly host: AppRouterHost) {}

  /** `http://127.0.0.1:<port>`, '' before start(). */
  get url(): string {
    return this.server ? `http://127.0.0.1:${this.port}` : '';
  }

  /** Loopback on a free port by default; the playground opens it to a real Jeedom on the network. */
  async start(listen: { host?: string; port?: number } = {}): Promise<string> {
    if (this.server) throw new Error('The HTTP front is already started');
    const server = createServer((req, res) => {
      const handling = this.onRequest(req, res);
      this.handling.add(handling);
      void handling.finally(() => this.handling.delete(handling));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(listen.port ?? 0, listen.host ?? '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    return this.url;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }

  /** Headers of a logged-in user (`X-User-Id`, `X-Auth-Token`), as after POST /api/v1/login. */
  login(user: IUser): Record<string, string> {
    const token = randomBytes(24).toString('base64url');
    this.logins.set(token, user);
    return { 'X-User-Id': user.id, 'X-Auth-Token': token };
  }

  clearRequests(): void {
    this.requests.length = 0;
  }

  private readonly handling = new Set<Promise<void>>();

  /** The requests being answered now (for the harness's `settled()`). */
  get busy(): Promise<void>[] {
    return [...this.handling];
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const startedAt = Date.now();
    const url = req.url ?? '/';
    const [pathname, search = ''] = [url.split('?')[0], url.split('?').slice(1).join('?')];
    const query = parseQueryString(search);
    const entry: FrontRequest = {
      at: startedAt,
      method: req.method ?? 'GET',
      path: pathname.replace(/^(\/api\/apps\/private\/[^/]+\/)[^/]+/i, '$1[hash]'),
      query: maskQuery(query),
      authorization: authorizationOf(req),
      status: 0,
      durationMs: 0,
    };
    this.requests.push(entry);
    let reply: WireReply;
    try {
      reply = await this.dispatch(req, pathname, query, entry);
    } catch (error) {
      // status stays 0: nothing was answered.
      if (error instanceof NoAnswer) return void res.destroy();
      if (!(error instanceof HttpError)) {
        // A harness bug must be loud in the test that hit it, not a hang.
        entry.status = 500;
        res.writeHead(500, { 'content-type': 'text/plain' }).end(`Harness front error: ${String(error)}`);
        return;
      }
      reply = errorPage(error.status, info(req));
    }
    entry.status = reply.status;
    entry.durationMs = Date.now() - startedAt;
    if (!res.destroyed) res.writeHead(reply.status, reply.headers).end(reply.body);
  }

  private async dispatch(req: IncomingMessage, pathname: string, query: Query, entry: FrontRequest) {
    const mount = mountOf(pathname);
    // Outside the apps router Meteor would serve its web client; a 404 is enough here.
    if (!mount) return sendStatus(404, info(req));
    // The body parsers are mounted on the prefix, before the app's router: a bad body fails for any app.
    const content = await readContent(req);
    const endpoints = this.host.endpoints().filter((e) => e.appId === mount.appId);
    for (const endpoint of endpoints) {
      const params = matchRoute(endpoint.path, mount.rest);
      if (!params) continue;
      entry.endpoint = endpoint.path;
      return this.execute(req, endpoint, { query, params, content, privateHash: mount.hash });
    }
    return sendStatus(404, info(req));
  }

  /** authenticationMiddleware, then AppApisBridge._appApiExecutor. */
  private async execute(
    req: IncomingMessage,
    endpoint: AppEndpoint,
    parts: { query: Query; params: Record<string, string>; content: unknown; privateHash?: string },
  ): Promise<WireReply> {
    const [userId, token] = [req.headers['x-user-id'], req.headers['x-auth-token']];
    let user: IUser | undefined;
    if (userId && token) {
      const known = this.logins.get(String(token));
      user = known?.id === userId ? known : undefined;
    } else {
      // Read as an OAuth token (not simulated here), then removed from what the app sees.
      delete parts.query.access_token;
    }
    if (endpoint.authRequired && !user) return send({}, 401, 'Unauthorized', info(req));
    const request = {
      method: (req.method ?? 'GET').toLowerCase(),
      headers: req.headers,
      query: parts.query,
      params: parts.params,
      content: parts.content,
      ...(parts.privateHash === undefined ? {} : { privateHash: parts.privateHash }),
      ...(user ? { user } : {}),
    } as IApiRequest;
    const out: OutHeaders = {};
    try {
      const response = await this.host.executeApi(endpoint.appId, endpoint.path, request);
      setHeaders(out, response.headers ?? {});
      return send(out, response.status, response.content, info(req));
    } catch (reason) {
      // `.catch((reason) => res.status(500).send(reason.message))`: the engine rejects with a JSON-RPC error
      // object; headers the app set before a failing send stay.
      try {
        return send(out, 500, (reason as { message?: unknown } | null)?.message, info(req));
      } catch {
        // That second send throws too (a bad Content-Type from the app): an unhandled rejection, no answer.
        throw new NoAnswer();
      }
    }
  }
}

function info(req: IncomingMessage) {
  return { method: req.method ?? 'GET', headers: req.headers };
}
