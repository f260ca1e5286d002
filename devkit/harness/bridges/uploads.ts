import type { IUpload } from '@rocket.chat/apps-engine/definition/uploads';
import type { IUploadDetails } from '@rocket.chat/apps-engine/definition/uploads/IUploadDetails';
import type * as UploadBridgeModule from '@rocket.chat/apps-engine/server/bridges/UploadBridge';
import { engineRequire } from '../engine';
import { newId, StoredMessage, World } from '../world';

const { UploadBridge } = engineRequire<typeof UploadBridgeModule>('server/bridges/UploadBridge');

const TYPES_BY_EXTENSION: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  txt: 'text/plain',
  json: 'application/json',
  pdf: 'application/pdf',
  mp4: 'video/mp4',
};

const SIGNATURES: Array<[string, number[]]> = [
  ['image/png', [0x89, 0x50, 0x4e, 0x47]],
  ['image/jpeg', [0xff, 0xd8, 0xff]],
  ['image/gif', [0x47, 0x49, 0x46, 0x38]],
];

/** The server's determineFileType: the file name's extension first, then the bytes, else octet-stream. */
export function fileType(name: string, buffer: Buffer): string {
  const byName = TYPES_BY_EXTENSION[name.split('.').pop()?.toLowerCase() ?? ''];
  const byBytes = SIGNATURES.find(([, magic]) => magic.every((byte, i) => buffer[i] === byte))?.[0];
  return byName ?? byBytes ?? 'application/octet-stream';
}

/** Like the server: the file is stored, then a file message is posted in the room by the uploader. */
export class MemoryUploadBridge extends UploadBridge {
  onFileMessage: (message: StoredMessage) => void = () => undefined;

  constructor(private readonly world: World) {
    super();
  }

  protected async getById(id: string): Promise<IUpload> {
    const upload = this.world.uploads.get(id);
    return (upload ? this.toIUpload(upload.id) : undefined) as IUpload;
  }

  protected async getBuffer(upload: IUpload): Promise<Buffer> {
    const stored = this.world.uploads.get(upload.id);
    if (!stored) throw new Error(`upload ${upload.id} not found`);
    return stored.buffer;
  }

  protected async createUpload(details: IUploadDetails, buffer: Buffer): Promise<IUpload> {
    const room = this.world.rooms.get(details.rid);
    const user = this.world.users.get(details.userId);
    if (!room || !user) throw new Error('upload needs an existing room and user');
    const id = newId();
    // The engine sends no type (IUploadDetails.type is unset): the server works it out.
    const type = fileType(details.name, buffer);
    const link = `/file-upload/${id}/${encodeURIComponent(details.name)}`;
    const image = type.startsWith('image/')
      ? { imageUrl: link, imageType: type, imageSize: buffer.length }
      : {};
    const message = this.world.storeMessage({
      room,
      sender: user,
      text: '',
      file: { _id: id, name: details.name, type },
      attachments: [
        { title: { value: details.name, link, displayDownloadLink: true }, type: 'file', ...image },
      ],
    } as never);
    this.world.uploads.set(id, {
      id,
      name: details.name,
      roomId: room.id,
      userId: user.id,
      size: buffer.length,
      type,
      buffer: Buffer.from(buffer),
      messageId: message.id,
    });
    this.onFileMessage(message);
    return this.toIUpload(id);
  }

  private toIUpload(id: string): IUpload {
    const upload = this.world.uploads.get(id);
    if (!upload) throw new Error(`upload ${id} not found`);
    return {
      id,
      name: upload.name,
      size: String(upload.size),
      type: upload.type,
      extension: upload.name.split('.').pop() ?? '',
      etag: id,
      path: `/file-upload/${id}/${upload.name}`,
      token: id,
      url: `/file-upload/${id}/${upload.name}`,
      progress: 1,
      uploading: false,
      complete: true,
      updatedAt: new Date(),
      uploadedAt: new Date(),
      store: 'GridFS:Uploads',
      room: this.world.rooms.get(upload.roomId),
      user: this.world.users.get(upload.userId),
    } as unknown as IUpload;
  }
}
