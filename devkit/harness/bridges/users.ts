import type { IUser, IUserCreationOptions, UserType } from '@rocket.chat/apps-engine/definition/users';
import type * as UserBridgeModule from '@rocket.chat/apps-engine/server/bridges/UserBridge';
import { engineRequire } from '../engine';
import { newId, World } from '../world';

const { UserBridge } = engineRequire<typeof UserBridgeModule>('server/bridges/UserBridge');

export class MemoryUserBridge extends UserBridge {
  constructor(private readonly world: World) {
    super();
  }

  protected async getById(id: string): Promise<IUser> {
    return this.world.users.get(id) as IUser;
  }

  protected async getByUsername(username: string): Promise<IUser> {
    return this.world.userByUsername(username) as IUser;
  }

  protected async getAppUser(appId?: string): Promise<IUser | undefined> {
    return [...this.world.users.values()].find((u) => u.appId === appId);
  }

  protected async getActiveUserCount(): Promise<number> {
    return this.world.users.size;
  }

  protected async getUserUnreadMessageCount(): Promise<number> {
    return 0;
  }

  protected async getUserRoomIds(userId: string): Promise<string[]> {
    return [...this.world.members.entries()].filter(([, ids]) => ids.has(userId)).map(([roomId]) => roomId);
  }

  /** What the server does at install: the bot user `<nameSlug>.bot` with the `app` role. */
  protected async create(
    data: Partial<IUser>,
    appId: string,
    _options?: IUserCreationOptions,
  ): Promise<string> {
    const user = this.world.addUser(data.username ?? `bot-${newId()}`, {
      roles: data.roles ?? ['app'],
      type: (data.type as string | undefined) ?? 'app',
      name: data.name,
    });
    Object.assign(user, { appId });
    return user.id;
  }

  protected async remove(user: IUser): Promise<boolean> {
    return this.world.users.delete(user.id);
  }

  protected async update(user: IUser, updates: Partial<IUser>): Promise<boolean> {
    const stored = this.world.users.get(user.id);
    if (stored) Object.assign(stored, updates);
    return !!stored;
  }

  protected async deleteUsersCreatedByApp(
    appId: string,
    _type: UserType.APP | UserType.BOT,
  ): Promise<boolean> {
    for (const [id, user] of this.world.users) if (user.appId === appId) this.world.users.delete(id);
    return true;
  }

  protected async deactivate(userId: string): Promise<boolean> {
    const user = this.world.users.get(userId);
    if (user) user.isEnabled = false;
    return !!user;
  }
}
