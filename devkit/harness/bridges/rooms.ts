import type { IMessageRaw } from '@rocket.chat/apps-engine/definition/messages';
import type { IRoom, IRoomRaw } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type * as RoomBridgeModule from '@rocket.chat/apps-engine/server/bridges/RoomBridge';
import { engineRequire } from '../engine';
import { newId, World } from '../world';

const { RoomBridge } = engineRequire<typeof RoomBridgeModule>('server/bridges/RoomBridge');

export class MemoryRoomBridge extends RoomBridge {
  constructor(private readonly world: World) {
    super();
  }

  /** Used by apps for DMs: members come as usernames, like the server's bridge. */
  protected async create(room: IRoom, members: string[]): Promise<string> {
    const creator = this.world.users.get(room.creator.id) ?? room.creator;
    const created = this.world.addRoom(
      room.type as 'c' | 'p' | 'd',
      room.slugifiedName || `dm-${newId()}`,
      creator,
    );
    for (const username of members) {
      const user = this.world.userByUsername(username);
      if (user) this.world.join(created.id, user.id);
    }
    return created.id;
  }

  protected async getById(roomId: string): Promise<IRoom> {
    return this.world.rooms.get(roomId) as IRoom;
  }

  protected async getByName(roomName: string): Promise<IRoom> {
    return [...this.world.rooms.values()].find((r) => r.slugifiedName === roomName) as IRoom;
  }

  protected async getCreatorById(roomId: string): Promise<IUser | undefined> {
    return this.world.rooms.get(roomId)?.creator;
  }

  protected async getCreatorByName(roomName: string): Promise<IUser | undefined> {
    return (await this.getByName(roomName))?.creator;
  }

  protected async getDirectByUsernames(usernames: string[]): Promise<IRoom | undefined> {
    return this.world.directRoomOf(usernames);
  }

  protected async getMembers(roomId: string): Promise<IUser[]> {
    return this.world.membersOf(roomId);
  }

  protected async getAllRooms(): Promise<IRoomRaw[]> {
    return [...this.world.rooms.values()] as unknown as IRoomRaw[];
  }

  protected async update(room: IRoom, members: string[]): Promise<void> {
    const stored = this.world.rooms.get(room.id);
    if (!stored) throw new Error(`room ${room.id} not found`);
    Object.assign(stored, { displayName: room.displayName, slugifiedName: room.slugifiedName });
    for (const username of members) {
      const user = this.world.userByUsername(username);
      if (user) this.world.join(room.id, user.id);
    }
  }

  protected async createDiscussion(): Promise<string> {
    throw new Error('discussions are not simulated');
  }

  protected async delete(roomId: string): Promise<void> {
    this.world.rooms.delete(roomId);
    this.world.members.delete(roomId);
  }

  protected async getModerators(): Promise<IUser[]> {
    return [];
  }

  protected async getOwners(roomId: string): Promise<IUser[]> {
    const creator = this.world.rooms.get(roomId)?.creator;
    return creator ? [creator] : [];
  }

  protected async getLeaders(): Promise<IUser[]> {
    return [];
  }

  protected async getMessages(roomId: string): Promise<IMessageRaw[]> {
    return this.world.messages.filter((m) => m.room.id === roomId) as unknown as IMessageRaw[];
  }

  protected async removeUsers(roomId: string, usernames: string[]): Promise<void> {
    for (const username of usernames) {
      const user = this.world.userByUsername(username);
      if (user) this.world.leave(roomId, user.id);
    }
  }

  protected async getUnreadByUser(): Promise<IMessageRaw[]> {
    return [];
  }

  protected async getUserUnreadMessageCount(): Promise<number> {
    return 0;
  }
}
