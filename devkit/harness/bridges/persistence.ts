import type { RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';
import type * as PersistenceBridgeModule from '@rocket.chat/apps-engine/server/bridges/PersistenceBridge';
import { engineRequire } from '../engine';
import { newId, PersistenceRecord, World } from '../world';

const { PersistenceBridge } = engineRequire<typeof PersistenceBridgeModule>(
  'server/bridges/PersistenceBridge',
);

type Association = { model: string; id: string };

/** Over JSON-RPC the associations arrive as plain `{model, id}` objects. */
function plain(associations: RocketChatAssociationRecord[]): Association[] {
  return (associations as unknown as Association[]).map((a) => ({
    model: String(a.model),
    id: String(a.id),
  }));
}

/** Reads and removes match records holding every given association ($all). */
function matches(record: PersistenceRecord, appId: string, wanted: Association[]): boolean {
  return (
    record.appId === appId &&
    wanted.every((w) => record.associations.some((a) => a.model === w.model && a.id === w.id))
  );
}

/** Updates query `{associations}` as is: the same associations, in the same order, and no others. */
function sameAssociations(record: PersistenceRecord, appId: string, wanted: Association[]): boolean {
  return (
    record.appId === appId &&
    record.associations.length === wanted.length &&
    wanted.every((w, i) => record.associations[i].model === w.model && record.associations[i].id === w.id)
  );
}

/**
 * Rocket.Chat's AppPersistenceBridge semantics (apps/meteor/app/apps/server/bridges/persistence.ts), quirks
 * included: `update(id)` is not implemented there, and an update by associations returns '' unless it inserted.
 */
export class MemoryPersistenceBridge extends PersistenceBridge {
  constructor(private readonly world: World) {
    super();
  }

  private records(appId: string, associations: RocketChatAssociationRecord[]): PersistenceRecord[] {
    const wanted = plain(associations);
    return [...this.world.persistence.values()].filter((r) => matches(r, appId, wanted));
  }

  protected async purge(appId: string): Promise<void> {
    for (const [id, record] of this.world.persistence)
      if (record.appId === appId) this.world.persistence.delete(id);
  }

  protected async create(data: object, appId: string): Promise<string> {
    return this.createWithAssociations(data, [], appId);
  }

  protected async createWithAssociations(
    data: object,
    associations: RocketChatAssociationRecord[],
    appId: string,
  ): Promise<string> {
    const id = newId();
    this.world.persistence.set(id, {
      id,
      appId,
      associations: plain(associations),
      data: structuredClone(data),
    });
    return id;
  }

  protected async readById(id: string, appId: string): Promise<object> {
    const record = this.world.persistence.get(id);
    return (record?.appId === appId ? structuredClone(record.data) : undefined) as object;
  }

  protected async readByAssociations(
    associations: RocketChatAssociationRecord[],
    appId: string,
  ): Promise<object[]> {
    return this.records(appId, associations).map((r) => structuredClone(r.data));
  }

  protected async remove(id: string, appId: string): Promise<object | undefined> {
    const record = this.world.persistence.get(id);
    if (!record || record.appId !== appId) return undefined;
    this.world.persistence.delete(id);
    return record.data;
  }

  protected async removeByAssociations(
    associations: RocketChatAssociationRecord[],
    appId: string,
  ): Promise<object[] | undefined> {
    const found = this.records(appId, associations);
    if (!found.length) return undefined;
    for (const record of found) this.world.persistence.delete(record.id);
    return found.map((r) => r.data);
  }

  protected async update(): Promise<string> {
    throw new Error('Not implemented.');
  }

  protected async updateByAssociations(
    associations: RocketChatAssociationRecord[],
    data: object,
    upsert: boolean,
    appId: string,
  ): Promise<string> {
    const wanted = plain(associations);
    const record = [...this.world.persistence.values()].find((r) => sameAssociations(r, appId, wanted));
    if (record) {
      record.data = structuredClone(data);
      return '';
    }
    return upsert ? this.createWithAssociations(data, associations, appId) : '';
  }
}
