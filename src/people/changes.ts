import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { AuditAccessors, recordAudit } from '../audit/audit';
import { auditPerson } from '../audit/events';
import { UserMapping, UserMappingStore } from '../storage/UserMappingStore';

type Person = Pick<IUser, 'id' | 'username'>;

/**
 * Bots and app users cannot be people of the house: the bot itself, other apps' users, integrations.
 * (Linking `@jeedom.bot` would let a scenario's own message run interactions.)
 */
export function isBotAccount(user: IUser): boolean {
  const type = String((user as { type?: unknown }).type ?? '');
  const roles = user.roles ?? [];
  return (
    type === 'bot' ||
    type === 'app' ||
    !!(user as { appId?: unknown }).appId ||
    roles.includes('bot') ||
    roles.includes('app')
  );
}

/** Links a person to a Jeedom login (Jeedom's spelling), interactions on; audited with who did it. */
export async function linkPerson(
  acc: AuditAccessors,
  user: Person,
  login: string,
  by: Person,
): Promise<void> {
  await UserMappingStore.save(acc.persis, {
    rcUserId: user.id,
    rcUsername: user.username,
    jeedomLogin: login,
    interactionsEnabled: true,
    updatedAt: new Date().toISOString(),
    updatedBy: by.username,
  });
  await recordAudit(acc, { kind: 'link', by: auditPerson(by), user: auditPerson(user), login });
}

/** Removes a person's link; false when there was none (nothing audited then). */
export async function unlinkPerson(acc: AuditAccessors, user: Person, by: Person): Promise<boolean> {
  const mapping = await new UserMappingStore(acc.read.getPersistenceReader()).get(user.id);
  const removed = await UserMappingStore.remove(acc.persis, user.id);
  if (removed)
    await recordAudit(acc, {
      kind: 'unlink',
      by: auditPerson(by),
      user: auditPerson(user),
      login: mapping?.jeedomLogin ?? '',
    });
  return removed;
}

/** Interactions on or off for a linked person, keeping the link; audited. */
export async function allowPerson(
  acc: AuditAccessors,
  mapping: UserMapping,
  user: Person,
  enabled: boolean,
  by: Person,
): Promise<void> {
  await UserMappingStore.save(acc.persis, {
    ...mapping,
    rcUsername: user.username,
    interactionsEnabled: enabled,
    updatedAt: new Date().toISOString(),
    updatedBy: by.username,
  });
  await recordAudit(acc, { kind: 'allow', by: auditPerson(by), user: auditPerson(user), enabled });
}

/** The linked people with their CURRENT username (read by id: a rename shows at once). */
export async function linkedPeople(
  acc: Pick<AuditAccessors, 'read'>,
): Promise<Array<UserMapping & { username: string }>> {
  const mappings = await new UserMappingStore(acc.read.getPersistenceReader()).all();
  const users = acc.read.getUserReader();
  const rows = await Promise.all(
    mappings.map(async (m) => {
      const user = await users.getById(m.rcUserId).catch(() => undefined);
      return { ...m, username: user?.username ?? m.rcUsername };
    }),
  );
  return rows.sort((a, b) => a.username.localeCompare(b.username));
}
