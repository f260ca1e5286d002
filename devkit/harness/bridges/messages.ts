import type { IMessage, Reaction } from '@rocket.chat/apps-engine/definition/messages';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type * as MessageBridgeModule from '@rocket.chat/apps-engine/server/bridges/MessageBridge';
import { engineRequire } from '../engine';
import { StoredMessage, World } from '../world';

const { MessageBridge } = engineRequire<typeof MessageBridgeModule>('server/bridges/MessageBridge');

export class MemoryMessageBridge extends MessageBridge {
  /** The server runs apps' message hooks for app-created messages too: the harness plugs them in here. */
  onCreated: (message: StoredMessage) => void = () => undefined;

  /**
   * Awaited before an edit is applied; throwing drops the edit. Restart tests hold an edit here to stop the
   * app between two of its steps (the server never saw that edit).
   */
  beforeUpdate: (message: IMessage) => Promise<void> | void = () => undefined;

  /** Awaited once a new message is stored, before the app hears back: holds the app just after a post. */
  afterCreate: (message: StoredMessage) => Promise<void> | void = () => undefined;

  constructor(private readonly world: World) {
    super();
  }

  protected async create(message: IMessage): Promise<string> {
    const room = this.world.rooms.get(message.room.id);
    if (!room) throw new Error(`room ${message.room.id} not found`);
    const stored = this.world.storeMessage({ ...message, room });
    this.onCreated(stored);
    await this.afterCreate(stored);
    return stored.id;
  }

  protected async update(message: IMessage): Promise<void> {
    await this.beforeUpdate(message);
    const stored = message.id ? this.world.messageById(message.id) : undefined;
    if (!stored) throw new Error(`message ${message.id} not found`);
    Object.assign(stored, message, { room: stored.room, editedAt: new Date() });
  }

  protected async notifyUser(user: IUser, message: IMessage): Promise<void> {
    this.world.pushNotice({
      ...(message.id ? { id: message.id } : {}),
      userId: user.id,
      roomId: message.room.id,
      text: message.text ?? '',
      threadId: message.threadId,
      blocks: message.blocks,
      at: Date.now(),
    });
  }

  protected async notifyRoom(room: IRoom, message: IMessage): Promise<void> {
    for (const user of this.world.membersOf(room.id)) await this.notifyUser(user, message);
  }

  protected async typing(): Promise<void> {
    return undefined;
  }

  protected async getById(messageId: string): Promise<IMessage> {
    return this.world.messageById(messageId) as IMessage;
  }

  protected async delete(message: IMessage): Promise<void> {
    const index = this.world.messages.findIndex((m) => m.id === message.id);
    if (index >= 0) this.world.messages.splice(index, 1);
  }

  protected async addReaction(_messageId: string, _userId: string, _reaction: Reaction): Promise<void> {
    throw new Error('reactions are not simulated');
  }

  protected async removeReaction(_messageId: string, _userId: string, _reaction: Reaction): Promise<void> {
    throw new Error('reactions are not simulated');
  }
}
