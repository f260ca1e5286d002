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
import { serverTranslator } from '../settings/jeedomSettings';
import { offerAsk } from '../asks/offerAsk';
import { attach } from './attachments';
import { authorize } from './auth';
import { composeText, parseTitle } from './compose';
import { alreadyPosted, dedupKey, oneCallAtATime, rememberPosted } from './dedup';
import { RateLimiter } from './rateLimit';
import { Notification, parseNotification } from './request';
import { webhookSecret } from './secrets';

const limiter = new RateLimiter();

type Status = 200 | 400 | 401 | 404 | 413 | 429 | 500 | 503;

function answer(status: Status, error?: string, reason?: string): IApiResponse {
  const headers: Record<string, string> =
    status === 401 ? { 'WWW-Authenticate': 'Basic realm="jeedom"' } : {};
  return { status, headers, content: error ? { status: 'error', error, reason } : { status: 'ok' } };
}

function roomFromRequest(request: IApiRequest): string | undefined {
  const source = request.method === 'post' ? request.content : request.query;
  const room = source && typeof source === 'object' ? (source as Record<string, unknown>).room : undefined;
  return typeof room === 'string' ? room.trim() : undefined;
}

/**
 * Jeedom → chat (SPEC §6): `GET` as the script plugin sends it, `POST` JSON. Authenticated by the room's
 * token or the master secret, rate limited, de-duplicated; it answers fast and attaches files afterwards.
 */
export class JeedomEndpoint extends ApiEndpoint {
  public path = 'jeedom';

  constructor(
    app: IApp,
    private readonly logger: ILogger,
  ) {
    super(app);
  }

  public async get(
    request: IApiRequest,
    _e: IApiEndpointInfo,
    read: IRead,
    modify: IModify,
    http: IHttp,
    persis: IPersistence,
  ) {
    return this.handle(request.query, request, read, modify, http, persis);
  }

  public async post(
    request: IApiRequest,
    _e: IApiEndpointInfo,
    read: IRead,
    modify: IModify,
    http: IHttp,
    persis: IPersistence,
  ) {
    if (!request.content || typeof request.content !== 'object' || Array.isArray(request.content)) {
      return answer(400, 'bad_request', 'a JSON object body is expected');
    }
    return this.handle(request.content, request, read, modify, http, persis);
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
      const secret = await webhookSecret(read);
      if (!secret)
        return answer(
          503,
          'not_configured',
          'run /jeedom sync once (it creates the secret) or set webhook_secret',
        );
      const grant = authorize(request.headers?.authorization, secret, roomFromRequest(request));
      if (grant === 'none') return answer(401, 'unauthorized');
      const parsed = parseNotification(fields);
      if (!parsed.ok)
        return answer(parsed.status, parsed.status === 413 ? 'too_large' : 'bad_request', parsed.reason);
      const n = parsed.notification;
      const bot = await botUser(read.getUserReader());
      const room = await this.roomWithBot(read, n.roomId, bot);
      if (!room) return answer(404, 'unknown_room', 'no such room, or the bot is not in it');
      if (!limiter.allow(n.roomId)) return answer(429, 'rate_limited', 'too many requests, retry later');
      const key = dedupKey(n);
      // A retry that arrives while the first call is still being handled waits for it, then sees it posted.
      return await oneCallAtATime(key, async () => {
        if (key && (await alreadyPosted(read.getPersistenceReader(), n.roomId, key))) return answer(200);
        await this.postNotification(n, room, bot, key, { read, http, persis, modify });
        return answer(200);
      });
    } catch (error) {
      this.logger.error(`endpoint failed: ${error instanceof Error ? error.message : String(error)}`);
      return answer(500, 'internal');
    }
  }

  /** Posts the notification, remembers it, then looks for a waiting question and fetches attachments. */
  private async postNotification(
    n: Notification,
    room: IRoom,
    bot: IUser,
    key: string | undefined,
    acc: { read: IRead; http: IHttp; persis: IPersistence; modify: IModify },
  ): Promise<void> {
    const { read, http, persis, modify } = acc;
    const { options, text: title } = parseTitle(n.title);
    const threadId = await this.threadIn(read, options.thread, room);
    const mention = n.userId ? (await this.userById(read, n.userId))?.username : undefined;
    const text = composeText(title, n.message, mention);
    const messageId = text !== '' ? await postAsBot(modify, bot, room, text, threadId) : undefined;
    if (key) await rememberPosted(persis, n.roomId, key);
    // Jeedom's ask sends title = message = the question: maybe a scenario waits for an answer.
    const question = n.message.trim();
    if (messageId && question !== '' && n.title.trim() === question && !Object.keys(options).length) {
      const offer = { room, bot, messageId, question, userId: n.userId, text };
      void offerAsk(offer, { read, http, persis, modify, logger: this.logger }).catch((error: unknown) =>
        this.logger.error(`ask lookup failed: ${String(error)}`),
      );
    }
    if (options.camera || options.file || n.files.length) {
      // After the answer: Jeedom's script plugin waits a few seconds at most.
      const job = { room, bot, threadId, camera: options.camera, fileUrl: options.file, files: n.files };
      void serverTranslator(read)
        .then((t) => attach(job, read, http, modify, t))
        .catch((error: unknown) => this.logger.error(`attachments failed: ${String(error)}`));
    }
  }

  private async roomWithBot(read: IRead, roomId: string, bot: IUser): Promise<IRoom | undefined> {
    const room = await read
      .getRoomReader()
      .getById(roomId)
      .catch(() => undefined);
    if (!room) return undefined;
    const member = (await read.getUserReader().getUserRoomIds(bot.id)).includes(room.id);
    return member ? room : undefined;
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
