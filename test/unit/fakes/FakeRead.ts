import type {
  IEnvironmentRead,
  IPersistenceRead,
  IRead,
  IRoomRead,
  IServerSettingRead,
  ISettingRead,
  IUserRead,
} from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

/** What a test's Rocket.Chat holds: people, rooms (with members), the app's and the server's settings. */
export interface FakeChat {
  users: IUser[];
  rooms: IRoom[];
  /** Member ids by room id. */
  members: Record<string, string[]>;
  settings: Record<string, unknown>;
  serverSettings: Record<string, unknown>;
}

export const emptyChat = (): FakeChat => ({
  users: [],
  rooms: [],
  members: {},
  settings: {},
  serverSettings: {},
});

/** Any accessor method a fake does not provide throws, naming it: a test never runs on a silent stub. */
export function only<T extends object>(name: string, provided: Partial<T>): T {
  return new Proxy(provided, {
    get(target, key) {
      if (key in target) return target[key as keyof typeof target];
      if (key === 'then') return undefined;
      return () => {
        throw new Error(`${name}.${String(key)} is not faked`);
      };
    },
  }) as T;
}

export function fakeUser(id: string, username = id, roles: string[] = ['user']): IUser {
  return { id, username, roles, name: username, type: 'user' } as IUser;
}

export function fakeRoom(id: string, name = id, type: 'c' | 'p' | 'd' = 'c'): IRoom {
  return { id, slugifiedName: name, displayName: name, type } as IRoom;
}

/** IRead over a FakeChat and one view of a FakeStore: only the readers the app's core uses. */
export function fakeRead(chat: FakeChat, persistence: IPersistenceRead): IRead {
  const users: Pick<IUserRead, 'getById' | 'getByUsername' | 'getUserRoomIds' | 'getAppUser'> = {
    getById: async (id) => chat.users.find((u) => u.id === id) as IUser,
    getByUsername: async (username) => chat.users.find((u) => u.username === username) as IUser,
    getUserRoomIds: async (userId) =>
      Object.entries(chat.members)
        .filter(([, ids]) => ids.includes(userId))
        .map(([roomId]) => roomId),
    getAppUser: async () => chat.users.find((u) => u.type === 'app'),
  };
  const rooms: Pick<IRoomRead, 'getById' | 'getMembers'> = {
    getById: async (id) => chat.rooms.find((r) => r.id === id),
    getMembers: async (roomId) =>
      (chat.members[roomId] ?? []).flatMap((id) => chat.users.filter((u) => u.id === id)),
  };
  const settings: Pick<ISettingRead, 'getValueById'> = {
    getValueById: async (id) => chat.settings[id],
  };
  const serverSettings: Pick<IServerSettingRead, 'getValueById'> = {
    getValueById: async (id) => chat.serverSettings[id],
  };
  const environment: Pick<IEnvironmentRead, 'getSettings' | 'getServerSettings'> = {
    getSettings: () => only<ISettingRead>('settings', settings),
    getServerSettings: () => only<IServerSettingRead>('serverSettings', serverSettings),
  };
  return only<IRead>('read', {
    getPersistenceReader: () => persistence,
    getUserReader: () => only<IUserRead>('userReader', users),
    getRoomReader: () => only<IRoomRead>('roomReader', rooms),
    getEnvironmentReader: () => only<IEnvironmentRead>('environmentReader', environment),
  });
}
