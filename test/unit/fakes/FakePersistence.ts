import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';

type Association = { model: string; id: string };

export interface StoredRecord {
  id: string;
  associations: Association[];
  data: object;
}

const plain = (associations: RocketChatAssociationRecord[]): Association[] =>
  associations.map((a) => ({ model: String(a.getModel()), id: a.getID() }));

/** Reads and removes match records holding every given association (Rocket.Chat's `$all`). */
const holdsAll = (record: StoredRecord, wanted: Association[]) =>
  wanted.every((w) => record.associations.some((a) => a.model === w.model && a.id === w.id));

/** Updates match the same associations, in the same order, and no others (Rocket.Chat's query). */
const same = (record: StoredRecord, wanted: Association[]) =>
  record.associations.length === wanted.length &&
  wanted.every((w, i) => record.associations[i].model === w.model && record.associations[i].id === w.id);

/**
 * One app's storage in memory, with Rocket.Chat's matching rules (as devkit's persistence bridge has them).
 * Each `view()` is one contender's IPersistence and IPersistenceRead over the same records; a paused view
 * holds every call until the test lets it through with `step()`, so two contenders interleave exactly as a
 * test says.
 */
export class FakeStore {
  readonly records = new Map<string, StoredRecord>();
  private nextId = 1;

  view(name = 'default', paused = false): StoreView {
    return new StoreView(this, name, paused);
  }

  /** Records holding every one of these association ids (whatever their model). */
  find(...ids: string[]): StoredRecord[] {
    return [...this.records.values()].filter((r) =>
      ids.every((id) => r.associations.some((a) => a.id === id)),
    );
  }

  create(data: object, associations: RocketChatAssociationRecord[]): string {
    const id = `rec${this.nextId++}`;
    this.records.set(id, { id, associations: plain(associations), data: structuredClone(data) });
    return id;
  }

  read(associations: RocketChatAssociationRecord[]): object[] {
    const wanted = plain(associations);
    return [...this.records.values()].filter((r) => holdsAll(r, wanted)).map((r) => structuredClone(r.data));
  }

  update(associations: RocketChatAssociationRecord[], data: object, upsert: boolean): string {
    const wanted = plain(associations);
    const found = [...this.records.values()].find((r) => same(r, wanted));
    if (found) {
      found.data = structuredClone(data);
      return '';
    }
    return upsert ? this.create(data, associations) : '';
  }

  remove(associations: RocketChatAssociationRecord[]): object[] {
    const wanted = plain(associations);
    const found = [...this.records.values()].filter((r) => holdsAll(r, wanted));
    for (const r of found) this.records.delete(r.id);
    return found.map((r) => r.data);
  }
}

export interface PendingCall {
  readonly view: string;
  readonly op: string;
}

export class StoreView implements IPersistence, IPersistenceRead {
  /** Every call this view made, in order (`op`), for assertions on the number of round trips. */
  readonly log: string[] = [];
  private readonly waiting: Array<{ op: string; run: () => void }> = [];
  private arrived?: () => void;

  constructor(
    private readonly store: FakeStore,
    readonly name: string,
    private paused: boolean,
  ) {}

  /** Runs this view's next call once it is made; resolves with its name after it ran. */
  async step(): Promise<string> {
    while (!this.waiting.length) await new Promise<void>((resolve) => (this.arrived = resolve));
    const next = this.waiting.shift() as { op: string; run: () => void };
    next.run();
    // Let the caller see the result and make its next call before the test goes on.
    await new Promise((resolve) => setImmediate(resolve));
    return next.op;
  }

  /** Stops holding calls (the ones waiting run now). */
  resume(): void {
    this.paused = false;
    for (const call of this.waiting.splice(0)) call.run();
  }

  private gate<T>(op: string, work: () => T): Promise<T> {
    this.log.push(op);
    if (!this.paused) return Promise.resolve().then(work);
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({
        op,
        run: () => {
          try {
            resolve(work());
          } catch (error) {
            reject(error as Error);
          }
        },
      });
      this.arrived?.();
    });
  }

  create(data: object): Promise<string> {
    return this.gate('create', () => this.store.create(data, []));
  }
  createWithAssociation(data: object, association: RocketChatAssociationRecord): Promise<string> {
    return this.gate('create', () => this.store.create(data, [association]));
  }
  createWithAssociations(data: object, associations: RocketChatAssociationRecord[]): Promise<string> {
    return this.gate('create', () => this.store.create(data, associations));
  }
  update(id: string, data: object): Promise<string> {
    return this.gate('update', () => {
      const found = this.store.records.get(id);
      if (found) found.data = structuredClone(data);
      return found ? id : '';
    });
  }
  updateByAssociation(
    association: RocketChatAssociationRecord,
    data: object,
    upsert = false,
  ): Promise<string> {
    return this.gate('update', () => this.store.update([association], data, upsert));
  }
  updateByAssociations(
    associations: RocketChatAssociationRecord[],
    data: object,
    upsert = false,
  ): Promise<string> {
    return this.gate('update', () => this.store.update(associations, data, upsert));
  }
  remove(id: string): Promise<object> {
    return this.gate('remove', () => {
      const found = this.store.records.get(id);
      this.store.records.delete(id);
      return found?.data as object;
    });
  }
  removeByAssociation(association: RocketChatAssociationRecord): Promise<object[]> {
    return this.gate('remove', () => this.store.remove([association]));
  }
  removeByAssociations(associations: RocketChatAssociationRecord[]): Promise<object[]> {
    return this.gate('remove', () => this.store.remove(associations));
  }
  read(id: string): Promise<object> {
    return this.gate('read', () => structuredClone(this.store.records.get(id)?.data) as object);
  }
  readByAssociation(association: RocketChatAssociationRecord): Promise<object[]> {
    return this.gate('read', () => this.store.read([association]));
  }
  readByAssociations(associations: RocketChatAssociationRecord[]): Promise<object[]> {
    return this.gate('read', () => this.store.read(associations));
  }
}
