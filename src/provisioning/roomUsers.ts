import { RoomUser } from './shape';

const USER_PREFIX = 'user:';

/** Rocket.Chat ids of the people who have a `user:<id>` command, from a command list's logicalIds. */
export function userIdsFromCmds(cmdIds: Record<string, string>): string[] {
  return Object.keys(cmdIds)
    .filter((logicalId) => logicalId.startsWith(USER_PREFIX))
    .map((logicalId) => logicalId.slice(USER_PREFIX.length));
}

/**
 * The people behind a command list's per-user commands, each with the username we know, else the one `lookup`
 * finds (Rocket.Chat's current one), else the id: a person deleted from Rocket.Chat keeps their command (same
 * logicalId), named after the id.
 */
export async function usersFromCmds(
  cmdIds: Record<string, string>,
  known: readonly RoomUser[],
  lookup: (rcUserId: string) => Promise<string | undefined>,
): Promise<RoomUser[]> {
  const users: RoomUser[] = [];
  for (const rcUserId of userIdsFromCmds(cmdIds)) {
    const username = known.find((u) => u.rcUserId === rcUserId)?.username ?? (await lookup(rcUserId));
    users.push({ rcUserId, username: username ?? rcUserId });
  }
  return users;
}

/** One entry per person, in first-seen order; a later entry for the same person wins (a newer username). */
export function mergeUsers(users: readonly RoomUser[], extra: readonly RoomUser[]): RoomUser[] {
  const byId = new Map(users.map((u) => [u.rcUserId, u]));
  for (const u of extra) byId.set(u.rcUserId, u);
  return [...byId.values()];
}
