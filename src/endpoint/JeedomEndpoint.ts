import { IHttp, ILogger, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import {
  ApiEndpoint,
  IApiEndpointInfo,
  IApiRequest,
  IApiResponse,
} from '@rocket.chat/apps-engine/definition/api';
import { IApp } from '@rocket.chat/apps-engine/definition/IApp';
import { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { botUser } from '../chat/botIdentity';
import { postAsBot } from '../chat/notify';
import { offerAsk } from '../asks/offerAsk';
import { ENDPOINT_PATH } from '../webhook/address';
import { ATTACH_JOB, AttachJobData } from './attachments';
import { authorize, Grant } from '../webhook/auth';
import { composeText, parseTitle } from './compose';
import { dedupKey, oneCallAtATime, postedEarlier } from './dedup';
import { callState, DEDUP_WINDOW_MS, markPosting, rememberPosted } from '../storage/PostedCallStore';
import { countIfRefused } from '../audit/refused';
import { RateLimiter } from './rateLimit';
import { failedAuth } from './refusals';
import { Notification, parseNotification } from './request';
import { currentSecret } from '../webhook/secrets';

const limiter = new RateLimiter();

/** Calls this instance posted in the last minute: a retry that comes back here needs no storage read. */
const postedHere = new Map<string, number>();

function rememberHere(key: string, now = Date.now()): void {
  postedHere.set(key, now);
  if (postedHere.size > 1_000)
    for (const [k, at] of postedHere) if (now - at >= DEDUP_WINDOW_MS) postedHere.delete(k);
}

function postedRecentlyHere(key: string, now = Date.now()): boolean {
  const at = postedHere.get(key);
  return at !== undefined && now - at < DEDUP_WINDOW_MS;
}

type Status = 200 | 400 | 401 | 404 | 405 | 413 | 429 | 500 | 503;

function answer(status: Status, error?: string, reason?: string): IApiResponse {
  const headers: Record<string, string> =
    status === 401
      ? { 'WWW-Authenticate': 'Basic realm="jeedom"' }
      : status === 405
        ? { Allow: 'GET, POST' }
        : {};
  return { status, headers, content: error ? { status: 'error', error, reason } : { status: 'ok' } };
}

function roomFromRequest(request: IApiRequest): string | undefined {
  const source = request.method === 'post' ? request.content : request.query;
  const room = source && typeof source === 'object' ? (source as Record<string, unknown>).room : undefined;
  return typeof room === 'string' ? room.trim() : undefined;
}

const notAllowed = async () => answer(405, 'method_not_allowed', 'use GET or POST');

/**
 * Jeedom → chat (SPEC §6): `GET` as the script plugin sends it, `POST` JSON; any other method 405.
 * Refusals cost as little as possible: credentials, fields and the rate limit are checked before any room or
 * user is looked up. It answers once posted; the dedup record, ask lookup and files come after.
 */
export class JeedomEndpoint extends ApiEndpoint {
  public path = ENDPOINT_PATH;

  constructor(
    app: IApp,
    private readonly logger: ILogger,
  ) {
    super(app);
  }

  /**
   * The logger of the request at hand. Engine 1.62 gives each request its own logger through the app this
   * endpoint holds (a per-request proxy of it); 1.59 swaps the app's logger itself. Either way the app's
   * `getLogger()` at call time is the request's, whose lines are stored with its answer.
   */
  private get log(): ILogger {
    return this.app.getLogger() ?? this.logger;
  }

  public put = notAllowed;
  public delete = notAllowed;
  public head = notAllowed;
  public options = notAllowed;
  public patch = notAllowed;

  public async get(
    request: IApiRequest,
    _e: IApiEndpointInfo,
    read: IRead,
    modify: IModify,
    http: IHttp,
    persis: IPersistence,
  ) {
    const response = await this.handle(request.query, request, read, modify, http, persis);
    return countIfRefused(response, request, { read, persis, modify });
  }

  public async post(
    request: IApiRequest,
    _e: IApiEndpointInfo,
    read: IRead,
    modify: IModify,
    http: IHttp,
    persis: IPersistence,
  ) {
    const response = await this.handle(request.content, request, read, modify, http, persis);
    return countIfRefused(response, request, { read, persis, modify });
  }

  private async handle(
    fields: unknown,
    request: IApiRequest,
    read: IRead,
    modify: IModify,
    http: IHttp,
    persis: IPersistence,
  ): Promise<IApiResponse> {
    try {
      const secret = await currentSecret(read);
      if (!secret)
        return answer(
          503,
          'not_configured',
          'run /jeedom sync once (it creates the secret) or set webhook_secret',
        );
      const grant = authorize(request.headers?.authorization, secret, roomFromRequest(request));
      if (grant === 'none') {
        const status = failedAuth.refuse(this.log);
        return status === 429
          ? answer(429, 'rate_limited', 'too many failed authentications, retry later')
          : answer(401, 'unauthorized');
      }
      if (request.method === 'post' && (!fields || typeof fields !== 'object' || Array.isArray(fields)))
        return answer(400, 'bad_request', 'a JSON object body is expected');
      const parsed = parseNotification(fields);
      if (!parsed.ok)
        return answer(parsed.status, parsed.status === 413 ? 'too_large' : 'bad_request', parsed.reason);
      const n = parsed.notification;
      if (!limiter.allow(n.roomId)) return answer(429, 'rate_limited', 'too many requests, retry later');
      const key = dedupKey(n);
      // A retry that arrives while the first call is still being handled waits for it, then sees it posted.
      return await oneCallAtATime(key, () => this.once(n, key, grant, { read, http, persis, modify }));
    } catch (error) {
      this.log.error(`endpoint failed: ${error instanceof Error ? error.message : String(error)}`);
      return answer(500, 'internal');
    }
  }

  /** One call: the lookups it needs run side by side (each is a round trip to the server). */
  private async once(
    n: Notification,
    key: string | undefined,
    grant: Exclude<Grant, 'none'>,
    acc: { read: IRead; http: IHttp; persis: IPersistence; modify: IModify },
  ): Promise<IApiResponse> {
    if (key && postedRecentlyHere(key)) return answer(200);
    const { read } = acc;
    // The bot is read once per process; the three lookups then go out together (one round trip's wait).
    const bot = await botUser(read.getUserReader());
    const [room, botRoomIds, state] = await Promise.all([
      read
        .getRoomReader()
        .getById(n.roomId)
        .catch(() => undefined),
      read.getUserReader().getUserRoomIds(bot.id),
      key ? callState(read.getPersistenceReader(), n.roomId, key) : undefined,
    ]);
    if (!room || !botRoomIds.includes(room.id))
      return answer(404, 'unknown_room', 'no such room, or the bot is not in it');
    if (state?.posted) return answer(200);
    await this.postNotification(n, room, bot, key, grant, acc, state?.postingSince);
    return answer(200);
  }

  /** Posts the notification, hands files to a job; then, without holding the answer: remembers it, looks for a question. */
  private async postNotification(
    n: Notification,
    room: IRoom,
    bot: IUser,
    key: string | undefined,
    grant: Exclude<Grant, 'none'>,
    acc: { read: IRead; http: IHttp; persis: IPersistence; modify: IModify },
    postingSince?: number,
  ): Promise<void> {
    const { read, http, persis, modify } = acc;
    const { options, text: title } = parseTitle(n.title);
    const [threadId, mentioned] = await Promise.all([
      this.threadIn(read, options.thread, room),
      n.userId ? this.userById(read, n.userId) : undefined,
    ]);
    const text = composeText(title, n.message, mentioned?.username);
    // An earlier attempt may have posted it, then died before remembering it (a restart): not twice.
    const earlier =
      postingSince !== undefined && text !== ''
        ? await postedEarlier(read, n.roomId, postingSince, bot, text)
        : undefined;
    if (key && !earlier) await markPosting(persis, n.roomId, key);
    const messageId =
      earlier ?? (text !== '' ? await postAsBot(modify, bot, room, text, threadId) : undefined);
    if (key) {
      // After posting, not before: a failed post is posted by the retry. The answer does not wait for the
      // write: Jeedom retries only when no answer came, and by then the record is there.
      rememberHere(key);
      void rememberPosted(persis, n.roomId, key, read.getPersistenceReader()).catch((error: unknown) =>
        this.log.error(`dedup record not saved: ${String(error)}`),
      );
    }
    // Jeedom's ask sends title = message = the question: maybe a scenario waits for an answer.
    const question = n.message.trim();
    if (messageId && question !== '' && n.title.trim() === question && !Object.keys(options).length) {
      const offer = { room, bot, messageId, question, userId: n.userId, text };
      void offerAsk(offer, { read, http, persis, modify, logger: this.log }).catch((error: unknown) =>
        this.log.error(`ask lookup failed: ${String(error)}`),
      );
    }
    if (options.camera || options.file || n.files.length) {
      // A job: Jeedom's script plugin waits a few seconds at most, and the job's own request keeps its log.
      const data: AttachJobData = {
        roomId: room.id,
        threadId,
        camera: options.camera,
        fileUrl: options.file,
        files: n.files,
        grant,
      };
      await modify.getScheduler().scheduleOnce({ id: ATTACH_JOB, when: new Date(), data });
    }
  }

  private async userById(read: IRead, userId: string): Promise<IUser | undefined> {
    return read
      .getUserReader()
      .getById(userId)
      .catch(() => undefined);
  }

  /** `thread=<message id>`: only a message of this very room starts the thread. */
  private async threadIn(
    read: IRead,
    messageId: string | undefined,
    room: IRoom,
  ): Promise<string | undefined> {
    if (!messageId) return undefined;
    const message = await read
      .getMessageReader()
      .getById(messageId)
      .catch(() => undefined);
    return message?.room.id === room.id ? messageId : undefined;
  }
}
