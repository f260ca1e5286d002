import { IUser } from '@rocket.chat/apps-engine/definition/users';

/** Rocket.Chat's own `admin` role decides who may map people and read the full status (SPEC §8). */
export function isAdmin(user: IUser): boolean {
  return user.roles.includes('admin');
}
