import { IHttp, ILogger, IModify, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { postAsBot } from '../chat/notify';
import { describeJeedomError } from '../i18n/describeError';
import { MessageKey, Translate } from '../i18n/translate';
import { snapshot, snapshotFileName } from '../jeedom/camera';
import { JeedomClient } from '../jeedom/JeedomClient';
import { isJeedomError } from '../jeedom/JeedomError';
import { SettingId } from '../settings/definitions';
import { readJeedomConfig } from '../settings/jeedomSettings';
import { cameraAllowed } from './cameraAccess';
import { DownloadSlots } from './downloads';
import { cleanFileName, sniff } from './fileTypes';
import { checkDownload, loggableUrl, parseHostList } from './hosts';
import { z } from 'zod';
import { botUser } from '../chat/botIdentity';
import { serverTranslator } from '../i18n/translators';
import { FileInput, fileSchema, MAX_FILE_BYTES, MAX_FILES } from './request';

const DOWNLOAD_TIMEOUT_MS = 10_000;
/** The engine stops a job after 30 s: the files of one call get this much, all together. */
const ATTACH_BUDGET_MS = 22_000;
export const ATTACH_JOB = 'jeedom-attach';

const slots = new DownloadSlots();

/** What the endpoint hands to the attachment job (stored by the scheduler: checked again when read). */
const attachJobSchema = z.object({
  roomId: z.string().min(1),
  threadId: z.string().nullish(),
  camera: z.string().nullish(),
  fileUrl: z.string().nullish(),
  files: z.array(fileSchema).max(MAX_FILES),
  /** The master secret may name any camera; a room token only some (see cameraAccess). */
  grant: z.enum(['master', 'room']),
});
export type AttachJobData = z.infer<typeof attachJobSchema>;

interface AttachmentJob extends Omit<AttachJobData, 'roomId'> {
  room: IRoom;
  bot: IUser;
}

/** A reason to show in the room (translated when shown) and, apart, the detail for the app's log. */
class AttachmentError extends Error {
  constructor(
    readonly key: MessageKey,
    readonly detail: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(detail);
  }
}

interface Loaded {
  name: string;
  bytes: Uint8Array;
}

/** The checked file: its bytes say what it is, its name follows. */
function checked(given: string | undefined, bytes: Uint8Array, what: string): Loaded {
  if (bytes.length === 0) throw new AttachmentError('attachment_empty', `${what}: empty`);
  if (bytes.length > MAX_FILE_BYTES)
    throw new AttachmentError('attachment_too_large', `${what}: ${bytes.length} bytes`, {
      max: MAX_FILE_BYTES / 1024 / 1024,
    });
  const kind = sniff(bytes);
  if (!kind) throw new AttachmentError('attachment_type_refused', `${what}: not an accepted type of file`);
  return { name: cleanFileName(given, kind), bytes };
}

function lastSegment(url: URL): string | undefined {
  try {
    return decodeURIComponent(url.pathname.split('/').pop() ?? '');
  } catch {
    // A malformed `%` escape: the name is only a hint.
    return undefined;
  }
}

function asBytes(content: unknown): Uint8Array {
  if (content instanceof Uint8Array) return content;
  if (typeof content === 'string') return new TextEncoder().encode(content);
  return new Uint8Array(0);
}

/** `Content-Range: bytes 0-5242880/73400320` → 73400320. */
function announcedTotal(headers: Record<string, string> | undefined): number | undefined {
  const range = headers?.['content-range'];
  const total = range ? /\/(\d+)\s*$/.exec(range)?.[1] : headers?.['content-length'];
  return total === undefined ? undefined : Number(total);
}

/**
 * `file=<url>`: only from an allowed host (checked before anything is fetched), at most MAX_FILE_BYTES asked
 * for with a Range header (a server that honours it never sends more), a size announced over the cap
 * refused, and the bytes checked for what they are.
 */
async function download(
  read: IRead,
  http: IHttp,
  raw: string,
  roomId: string,
  deadline: number,
): Promise<Loaded> {
  const where = loggableUrl(raw);
  const config = await readJeedomConfig(read);
  const hostsSetting: unknown = await read
    .getEnvironmentReader()
    .getSettings()
    .getValueById(SettingId.FileUrlHosts);
  const check = checkDownload(raw, config.ok ? config.baseUrl : undefined, parseHostList(hostsSetting).hosts);
  if (!check.ok) {
    const key = check.reason === 'bad_url' ? 'attachment_bad_url' : 'attachment_not_allowed';
    throw new AttachmentError(key, `download of ${where} refused: ${check.reason.replace(/_/g, ' ')}`);
  }
  const timeout = Math.min(DOWNLOAD_TIMEOUT_MS, deadline - Date.now());
  if (timeout < 1_000)
    throw new AttachmentError('attachment_download_failed', `download of ${where} skipped: no time left`);
  const release = slots.take(roomId);
  if (!release)
    throw new AttachmentError('attachment_busy', `download of ${where} refused: too many at once`);
  try {
    let response;
    try {
      response = await http.get(check.url.href, {
        encoding: null,
        timeout,
        headers: { Range: `bytes=0-${MAX_FILE_BYTES}`, 'Accept-Encoding': 'identity' },
        ...(config.ok && !config.config.tlsVerify ? { strictSSL: false } : {}),
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // The bridge's message may quote the whole address: only its loggable form is kept.
      const kind = /time/i.test(message) ? 'timed out' : 'failed (refused or unreachable)';
      throw new AttachmentError('attachment_download_failed', `download of ${where} ${kind}`);
    }
    const status = response.statusCode;
    if (status !== 200 && status !== 206)
      throw new AttachmentError('attachment_download_failed', `download of ${where}: HTTP ${status}`);
    const total = announcedTotal(response.headers);
    if (total !== undefined && total > MAX_FILE_BYTES)
      throw new AttachmentError('attachment_too_large', `download of ${where}: ${total} bytes announced`, {
        max: MAX_FILE_BYTES / 1024 / 1024,
      });
    return checked(lastSegment(check.url), asBytes(response.content), `download of ${where}`);
  } finally {
    release();
  }
}

function decode(file: Extract<FileInput, { data: string }>): Loaded {
  return checked(file.name, Buffer.from(file.data, 'base64'), 'inline file');
}

/**
 * The slow part of a notification, done after the endpoint has answered: each file is fetched or decoded
 * and uploaded into the room; a failure becomes a clear line in the room, and its detail a line in the
 * app's log (never a key, never an address's query).
 */
async function attach(
  job: AttachmentJob,
  acc: { read: IRead; http: IHttp; modify: IModify },
  t: Translate,
): Promise<string[]> {
  const { read, http, modify } = acc;
  const deadline = Date.now() + ATTACH_BUDGET_MS;
  const problems: string[] = [];
  const tasks: Array<{ what: string; load: () => Promise<Loaded> }> = [];
  if (job.camera) {
    const wanted = job.camera;
    tasks.push({
      what: t('attachment_camera', { name: wanted }),
      load: () => cameraImage(read, http, wanted, job.grant, deadline),
    });
  }
  if (job.fileUrl) {
    const url = job.fileUrl;
    tasks.push({ what: t('attachment_file'), load: () => download(read, http, url, job.room.id, deadline) });
  }
  for (const file of job.files) {
    tasks.push({
      what: t('attachment_file'),
      load: async () =>
        'data' in file ? decode(file) : download(read, http, file.url, job.room.id, deadline),
    });
  }
  for (const task of tasks) {
    try {
      const { name, bytes } = await task.load();
      await modify
        .getCreator()
        .getUploadCreator()
        .uploadBuffer(Buffer.from(bytes), { filename: name, room: job.room, user: job.bot });
    } catch (error) {
      problems.push(detail(error));
      await postAsBot(
        modify,
        job.bot,
        job.room,
        t('attachment_failed', { what: task.what, reason: reason(error, t) }),
        job.threadId ?? undefined,
      );
    }
  }
  return problems;
}

/**
 * The attachment job: the slow part of a notification, after the endpoint has answered. A job, not work
 * left running after the answer, because the engine keeps an app's log lines only for the request that
 * writes them: here the failures reach the app's log.
 */
export async function runAttachJob(
  data: unknown,
  acc: { read: IRead; http: IHttp; modify: IModify; logger: ILogger },
): Promise<void> {
  const parsed = attachJobSchema.safeParse(data);
  if (!parsed.success) {
    acc.logger.error(`attachment job ignored: ${parsed.error.issues[0]?.message ?? 'bad data'}`);
    return;
  }
  const { roomId, ...rest } = parsed.data;
  const [room, bot, t] = await Promise.all([
    acc.read.getRoomReader().getById(roomId),
    botUser(acc.read.getUserReader()),
    serverTranslator(acc.read),
  ]);
  if (!room) {
    acc.logger.warn(`attachments dropped: room ${roomId} is gone`);
    return;
  }
  const problems = await attach({ ...rest, room, bot }, acc, t);
  // Last, with nothing awaited after it: the runtime sends the lines of the logger current when the job
  // answers, and any request arriving in between (the hook of the bot's own failure line) replaces it.
  for (const problem of problems) acc.logger.warn(`attachment not posted in room ${roomId}: ${problem}`);
}

async function cameraImage(
  read: IRead,
  http: IHttp,
  wanted: string,
  grant: 'master' | 'room',
  deadlineAt: number,
): Promise<Loaded> {
  const config = await readJeedomConfig(read);
  if (!config.ok) throw new AttachmentError('chat_not_configured', 'camera: Jeedom is not configured');
  const client = new JeedomClient(http, config.config, deadlineAt);
  if (grant === 'room' && !(await cameraAllowed(client, wanted)))
    throw new AttachmentError(
      'attachment_camera_not_allowed',
      'camera: not visible, or unknown, for a room token',
    );
  const { camera, jpeg } = await snapshot(http, client, config.baseUrl, wanted);
  return { name: snapshotFileName(camera.name, new Date()), bytes: jpeg };
}

function detail(error: unknown): string {
  if (error instanceof AttachmentError) return error.detail;
  if (isJeedomError(error)) return `Jeedom: ${error.kind}`;
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/https?:\/\/\S+/g, (url) => loggableUrl(url));
}

function reason(error: unknown, t: Translate): string {
  if (isJeedomError(error)) return describeJeedomError(error, t, 10);
  if (error instanceof AttachmentError) return t(error.key, error.params);
  return t('error_internal');
}
