/**
 * An in-memory Rocket.Chat: the state the bridges read and write, and what tests inspect.
 * Shapes follow the Apps-Engine definitions (IUser, IRoom, IMessage), as the real server's converters give them.
 */
import { randomUUID } from 'node:crypto';
import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

export type RoomKind = 'c' | 'p' | 'd';

export interface StoredMessage extends IMessage {
  id: string;
}

export interface Notice {
  /** The message id the app gave, if any: a later notice with the same id replaces it, as in the client. */
  id?: string;
  userId: string;
  roomId: string;
  text: string;
  threadId?: string;
  blocks?: unknown;
  at: number;
}

export interface PersistenceRecord {
  id: string;
  appId: string;
  associations: Array<{ model: string; id: string }>;
  data: object;
}

export interface Upload {
  id: string;
  name: string;
  roomId: string;
  userId: string;
  size: number;
  type: string;
  buffer: Buffer;
  messageId: string;
}

export function newId(): string {
  return randomUUID().replace(/-/g, '').slice(0, 17);
}

export class World {
  readonly users = new Map<string, IUser>();
  readonly rooms = new Map<string, IRoom>();
  readonly members = new Map<string, Set<string>>();
  readonly messages: StoredMessage[] = [];
  readonly notices: Notice[] = [];
  readonly persistence = new Map<string, PersistenceRecord>();
  readonly uploads = new Map<string, Upload>();
  readonly serverSettings = new Map<string, unknown>([
    ['Site_Url', 'http://127.0.0.1:3000'],
    ['Language', 'en'],
  ]);

  addUser(
    username: string,
    options: { roles?: string[]; language?: string; type?: string; name?: string } = {},
  ): IUser {
    const now = new Date();
    const user = {
      id: newId(),
      username,
      name: options.name ?? username,
      emails: [],
      type: options.type ?? 'user',
      isEnabled: true,
      roles: options.roles ?? ['user'],
      status: 'online',
      statusConnection: 'online',
      utcOffset: 0,
      createdAt: now,
      updatedAt: now,
      lastLoginAt: now,
      settings: options.language ? { preferences: { language: options.language } } : undefined,
    } as unknown as IUser;
    this.users.set(user.id, user);
    return user;
  }

  userByUsername(username: string): IUser | undefined {
    return [...this.users.values()].find((u) => u.username === username);
  }

  addRoom(kind: RoomKind, name: string, creator: IUser, memberIds: string[] = []): IRoom {
    const id = newId();
    const room = {
      id,
      slugifiedName: name,
      displayName: name,
      type: kind,
      creator,
      usernames: kind === 'd' ? [] : undefined,
      userIds: kind === 'd' ? [] : undefined,
      isDefault: false,
      isReadOnly: false,
      displaySystemMessages: true,
      messageCount: 0,
      createdAt: new Date(),
      updatedAt: new Date(),
    } as unknown as IRoom;
    this.rooms.set(id, room);
    this.members.set(id, new Set());
    for (const userId of [creator.id, ...memberIds]) this.join(id, userId);
    return room;
  }

  join(roomId: string, userId: string): void {
    this.members.get(roomId)?.add(userId);
    this.refreshMemberFields(roomId);
  }

  leave(roomId: string, userId: string): void {
    this.members.get(roomId)?.delete(userId);
    this.refreshMemberFields(roomId);
  }

  /**
   * `usernames`/`userIds` are what the server's room converter fills in from the room's `usernames`/`uids`,
   * which only direct messages have: for channels and groups membership must be asked for.
   */
  private refreshMemberFields(roomId: string): void {
    const room = this.rooms.get(roomId);
    if (!room || room.type !== 'd') return;
    const ids = [...(this.members.get(roomId) ?? [])];
    room.userIds = ids;
    (room as { usernames: string[] }).usernames = ids.map((id) => this.users.get(id)?.username ?? '');
  }

  /** A username change: the id stays; direct rooms list the new name, as the server updates them. */
  renameUser(userId: string, username: string): void {
    const user = this.users.get(userId);
    if (!user) throw new Error(`user ${userId} not found`);
    Object.assign(user, { username });
    for (const room of this.rooms.values()) if (room.type === 'd') this.refreshMemberFields(room.id);
  }

  /** Stores an ephemeral notice; one with the id of an earlier notice for the same person replaces it. */
  pushNotice(notice: Notice): void {
    const index = notice.id
      ? this.notices.findIndex((n) => n.id === notice.id && n.userId === notice.userId)
      : -1;
    if (index >= 0) this.notices.splice(index, 1);
    this.notices.push(notice);
  }

  membersOf(roomId: string): IUser[] {
    return [...(this.members.get(roomId) ?? [])]
      .map((id) => this.users.get(id))
      .filter((u): u is IUser => !!u);
  }

  directRoomOf(usernames: string[]): IRoom | undefined {
    const wanted = [...usernames].sort().join(',');
    return [...this.rooms.values()].find(
      (r) => r.type === 'd' && [...(r.usernames ?? [])].sort().join(',') === wanted,
    );
  }

  storeMessage(message: IMessage): StoredMessage {
    const stored = {
      ...message,
      id: message.id ?? newId(),
      createdAt: message.createdAt ?? new Date(),
    } as StoredMessage;
    this.messages.push(stored);
    return stored;
  }

  messageById(id: string): StoredMessage | undefined {
    return this.messages.find((m) => m.id === id);
  }
}
