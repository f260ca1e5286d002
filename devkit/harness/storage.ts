import type { AppStatus } from '@rocket.chat/apps-engine/definition/AppStatus';
import type { IAppInfo } from '@rocket.chat/apps-engine/definition/metadata';
import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';
import type { ILoggerStorageEntry } from '@rocket.chat/apps-engine/server/logging';
import type { IMarketplaceInfo } from '@rocket.chat/apps-engine/server/marketplace';
import type * as StorageModule from '@rocket.chat/apps-engine/server/storage';
import type { IAppStorageItem } from '@rocket.chat/apps-engine/server/storage';
import { randomBytes } from 'node:crypto';
import { engineRequire } from './engine';

const { AppMetadataStorage, AppSourceStorage, AppLogStorage } =
  engineRequire<typeof StorageModule>('server/storage');

/**
 * Installed apps' metadata, as the server keeps it in its `apps` collection; survives a reload of the manager.
 * Each installation gets its own random document id (`_id`), as MongoDB gives one: it is the private hash in
 * the URL of a private endpoint, so it must not be the app's (public) id. Lookups take either id.
 */
export class MemoryMetadataStorage extends AppMetadataStorage {
  readonly items = new Map<string, IAppStorageItem>();

  constructor() {
    super('memory');
  }
  /** The app's id for an app id or a document id. */
  private key(id: string): string {
    if (this.items.has(id)) return id;
    return [...this.items.values()].find((item) => item._id === id)?.id ?? id;
  }
  async create(item: IAppStorageItem): Promise<IAppStorageItem> {
    const _id = randomBytes(12).toString('hex');
    const stored = { ...item, _id, createdAt: new Date(), updatedAt: new Date() };
    this.items.set(item.id, stored);
    return stored;
  }
  async retrieveOne(id: string): Promise<IAppStorageItem | null> {
    return this.items.get(this.key(id)) ?? null;
  }
  async retrieveAll(): Promise<Map<string, IAppStorageItem>> {
    return new Map(this.items);
  }
  async retrieveAllPrivate(): Promise<Map<string, IAppStorageItem>> {
    return new Map([...this.items].filter(([, item]) => item.installationSource === 'private'));
  }
  async remove(id: string): Promise<{ success: boolean }> {
    return { success: this.items.delete(this.key(id)) };
  }
  async updatePartialAndReturnDocument(item: Partial<IAppStorageItem>): Promise<IAppStorageItem> {
    const id = this.key(item.id ?? item._id ?? '');
    const merged = { ...(this.items.get(id) as IAppStorageItem), ...item, updatedAt: new Date() };
    this.items.set(id, merged);
    return merged;
  }
  private patch(id: string, change: Partial<IAppStorageItem>): boolean {
    const item = this.items.get(this.key(id));
    if (item) Object.assign(item, change, { updatedAt: new Date() });
    return !!item;
  }
  async updateStatus(id: string, status: AppStatus): Promise<boolean> {
    return this.patch(id, { status });
  }
  async updateSetting(id: string, setting: ISetting): Promise<boolean> {
    const item = this.items.get(this.key(id));
    if (!item) return false;
    item.settings = { ...item.settings, [setting.id]: setting };
    return true;
  }
  async updateAppInfo(id: string, info: IAppInfo): Promise<boolean> {
    return this.patch(id, { info });
  }
  async updateMarketplaceInfo(id: string, marketplaceInfo: IMarketplaceInfo[]): Promise<boolean> {
    return this.patch(id, { marketplaceInfo });
  }
}

export class MemorySourceStorage extends AppSourceStorage {
  private readonly zips = new Map<string, Buffer>();

  async store(item: IAppStorageItem, zip: Buffer): Promise<string> {
    this.zips.set(item.id, zip);
    return `memory:${item.id}`;
  }
  async fetch(item: IAppStorageItem): Promise<Buffer> {
    const zip = this.zips.get(item.id);
    if (!zip) throw new Error(`no source stored for ${item.id}`);
    return zip;
  }
  async update(item: IAppStorageItem, zip: Buffer): Promise<string> {
    return this.store(item, zip);
  }
  async remove(item: IAppStorageItem): Promise<void> {
    this.zips.delete(item.id);
  }
}

/** The app's log lines, as Rocket.Chat's "View logs" shows them: one entry per handled request. */
export class MemoryLogStorage extends AppLogStorage {
  readonly entries: ILoggerStorageEntry[] = [];

  constructor() {
    super('memory');
  }
  async findPaginated(): Promise<{ logs: ILoggerStorageEntry[]; total: number }> {
    return { logs: [...this.entries], total: this.entries.length };
  }
  async storeEntries(entry: ILoggerStorageEntry): Promise<ILoggerStorageEntry> {
    this.entries.push(entry);
    return entry;
  }
  async getEntriesFor(appId: string): Promise<ILoggerStorageEntry[]> {
    return this.entries.filter((e) => e.appId === appId);
  }
  async removeEntriesFor(appId: string): Promise<void> {
    this.entries.splice(0, this.entries.length, ...this.entries.filter((e) => e.appId !== appId));
  }
}
