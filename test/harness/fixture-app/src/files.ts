import { FixtureContext } from './chat';

export const UPLOADED_TEXT = 'snapshot bytes from the fixture\n';

/** `upload [filename]`: a small file from a buffer (`Buffer` is handed to app code by the Deno sandbox). */
export async function upload({ args, room, modify, reply }: FixtureContext): Promise<void> {
  const filename = args[0] ?? 'fixture.txt';
  const file = await modify
    .getCreator()
    .getUploadCreator()
    .uploadBuffer(Buffer.from(UPLOADED_TEXT, 'utf8'), { filename, room });
  await reply(
    `uploaded ${JSON.stringify({ id: file.id, name: file.name, type: file.type, size: file.size })}`,
  );
}

/** `readupload <id>`: the upload's record and bytes, read back through the app's accessors. */
export async function readUpload({ args, read, reply }: FixtureContext): Promise<void> {
  const id = args[0] ?? '';
  const file = await read.getUploadReader().getById(id);
  const bytes = await read.getUploadReader().getBufferById(id);
  await reply(
    `read ${JSON.stringify({ name: file?.name, roomId: file?.room?.id, text: bytes?.toString('utf8') })}`,
  );
}
