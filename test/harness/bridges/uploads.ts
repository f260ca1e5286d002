import type { IUpload } from '@rocket.chat/apps-engine/definition/uploads';
import type { IUploadDetails } from '@rocket.chat/apps-engine/definition/uploads/IUploadDetails';
import type * as UploadBridgeModule from '@rocket.chat/apps-engine/server/bridges/UploadBridge';
import { engineRequire } from '../engine';
import { newId, StoredMessage, World } from '../world';

const { UploadBridge } = engineRequire<typeof UploadBridgeModule>('server/bridges/UploadBridge');

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
    const message = this.world.storeMessage({
      room,
      sender: user,
      text: '',
      file: { _id: id, name: details.name, type: details.type },
      attachments: [
        { title: { value: details.name, link: `/file-upload/${id}/${details.name}` }, type: 'file' },
      ],
    } as never);
    this.world.uploads.set(id, {
      id,
      name: details.name,
      roomId: room.id,
      userId: user.id,
      size: buffer.length,
      type: details.type,
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
