import { IHttp, IModify, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { postAsBot } from '../chat/notify';
import { describeJeedomError } from '../i18n/describeError';
import { MessageKey, Translate } from '../i18n/translate';
import { snapshot, snapshotFileName } from '../jeedom/camera';
import { isJeedomError } from '../jeedom/JeedomError';
import { readJeedomConfig } from '../settings/jeedomSettings';
import { FileInput, MAX_FILE_BYTES } from './request';

const ALLOWED_TYPES = /^(image|video|audio)\/|^application\/pdf$|^text\/plain$/i;

export interface AttachmentJob {
  room: IRoom;
  bot: IUser;
  threadId?: string;
  camera?: string;
  fileUrl?: string;
  files: FileInput[];
}

/** A reason to show in the room, translated when shown. */
class AttachmentError extends Error {
  constructor(
    readonly key: MessageKey,
    readonly params: Record<string, string | number> = {},
  ) {
    super(key);
  }
}

function fileName(url: URL): string {
  const last = decodeURIComponent(url.pathname.split('/').pop() ?? '');
  return last.replace(/[^\w.-]+/g, '_').slice(0, 100) || 'file';
}

/** `file=<url>`: http(s) only, a size cap, a content type worth showing. */
async function download(http: IHttp, raw: string): Promise<{ name: string; bytes: Uint8Array }> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AttachmentError('attachment_bad_url');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new AttachmentError('attachment_bad_url');
  const response = await http.get(url.href, { encoding: null, timeout: 10_000 });
  const type = String(response.headers?.['content-type'] ?? '').split(';')[0];
  if (response.statusCode !== 200)
    throw new AttachmentError('attachment_http_status', { status: response.statusCode });
  if (!ALLOWED_TYPES.test(type)) throw new AttachmentError('attachment_type', { type: type || '?' });
  const bytes = response.content as unknown as Uint8Array;
  if (!bytes || bytes.length === 0) throw new AttachmentError('attachment_empty');
  if (bytes.length > MAX_FILE_BYTES)
    throw new AttachmentError('attachment_too_large', { max: MAX_FILE_BYTES / 1024 / 1024 });
  return { name: fileName(url), bytes };
}

function decode(file: Extract<FileInput, { data: string }>): { name: string; bytes: Uint8Array } {
  const bytes = Buffer.from(file.data, 'base64');
  if (bytes.length === 0) throw new AttachmentError('attachment_empty');
  if (bytes.length > MAX_FILE_BYTES)
    throw new AttachmentError('attachment_too_large', { max: MAX_FILE_BYTES / 1024 / 1024 });
  return { name: file.name.replace(/[^\w.-]+/g, '_').slice(0, 100) || 'file', bytes };
}

/**
 * The slow part of a notification, done after the endpoint has answered: each file is fetched or decoded
 * and uploaded into the room; a failure becomes a clear line in the room, never silence.
 */
export async function attach(
  job: AttachmentJob,
  read: IRead,
  http: IHttp,
  modify: IModify,
  t: Translate,
): Promise<void> {
  const tasks: Array<{ what: string; load: () => Promise<{ name: string; bytes: Uint8Array }> }> = [];
  if (job.camera) {
    const wanted = job.camera;
    tasks.push({
      what: t('attachment_camera', { name: wanted }),
      load: () => cameraImage(read, http, wanted),
    });
  }
  if (job.fileUrl) {
    const url = job.fileUrl;
    tasks.push({ what: t('attachment_file'), load: () => download(http, url) });
  }
  for (const file of job.files) {
    tasks.push({
      what: t('attachment_file'),
      load: async () => ('data' in file ? decode(file) : download(http, file.url)),
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
      await postAsBot(
        modify,
        job.bot,
        job.room,
        t('attachment_failed', { what: task.what, reason: reason(error, t) }),
        job.threadId,
      );
    }
  }
}

async function cameraImage(
  read: IRead,
  http: IHttp,
  wanted: string,
): Promise<{ name: string; bytes: Uint8Array }> {
  const config = await readJeedomConfig(read);
  if (!config.ok) throw new AttachmentError('chat_not_configured');
  const { camera, jpeg } = await snapshot(http, config.config, config.baseUrl, wanted);
  return { name: snapshotFileName(camera.name, new Date()), bytes: jpeg };
}

function reason(error: unknown, t: Translate): string {
  if (isJeedomError(error)) return describeJeedomError(error, t, 10);
  if (error instanceof AttachmentError) return t(error.key, error.params);
  return t('error_internal');
}
