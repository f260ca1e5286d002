import { z } from 'zod';

export const MAX_TEXT_LENGTH = 10_000;
export const MAX_FILES = 5;
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** Query values may come as arrays (a repeated key): that is a bad request, not a guess. */
const field = z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string()).optional();

export const fileSchema = z.union([
  z.object({
    name: z.string().min(1).max(255),
    type: z.string().max(255).optional(),
    data: z.string().min(1),
  }),
  z.object({ url: z.string().min(1).max(2048), name: z.string().max(255).optional() }),
]);
export type FileInput = z.infer<typeof fileSchema>;

const notificationSchema = z.object({
  room: z.string().trim().min(1, 'room is required'),
  title: field,
  message: field,
  user: field,
  ts: field,
  id: field,
  files: z.array(fileSchema).max(MAX_FILES).optional(),
});

export interface Notification {
  roomId: string;
  title: string;
  message: string;
  userId?: string;
  /** What makes a retry recognisable: `id`, else `ts`. */
  idempotencyKey?: string;
  files: FileInput[];
}

type Parsed = { ok: true; notification: Notification } | { ok: false; status: 400 | 413; reason: string };

/** GET fields come from the query (what the script plugin sends); POST from a JSON body. */
export function parseNotification(input: unknown): Parsed {
  const parsed = notificationSchema.safeParse(input ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.join('.') || 'body';
    const status = issue.code === 'too_big' ? 413 : 400;
    return { ok: false, status, reason: `${where}: ${issue.message}` };
  }
  const { room, title = '', message = '', user, ts, id, files = [] } = parsed.data;
  if (title.length + message.length > MAX_TEXT_LENGTH) {
    return { ok: false, status: 413, reason: `title and message: at most ${MAX_TEXT_LENGTH} characters` };
  }
  if (title.trim() === '' && message.trim() === '' && files.length === 0) {
    return { ok: false, status: 400, reason: 'title, message or files: nothing to post' };
  }
  const key = id?.trim() || ts?.trim();
  return {
    ok: true,
    notification: {
      roomId: room,
      title,
      message,
      userId: user?.trim() || undefined,
      idempotencyKey: key || undefined,
      files,
    },
  };
}
