// The `eqLogic` and `cmd` tables, the cache entries Jeedom keeps beside them (cmd values, eqLogic status),
// the per-cmd event history tests read, and restrict users' per-equipment rights.
import type { ObjectTable } from './objects';
import { deepClone, type PhpArray } from './phpFunctions';
import {
  collationKey,
  compareCollated,
  compareNullable,
  duplicateEntry,
  sqlNumber,
  type DbIntegers,
} from './sql';

export interface EqLogicRow {
  id: number;
  name: string;
  logicalId: string | null;
  generic_type: string | null;
  object_id: number | null;
  eqType_name: string;
  isVisible: number | null;
  isEnable: number | null;
  configuration: PhpArray;
  timeout: number | null;
  category: PhpArray;
  display: PhpArray;
  order: number | null;
  comment: string | null;
  tags: string | null;
}

export interface CmdRow {
  id: number;
  logicalId: string | null;
  generic_type: string | null;
  eqType: string | null;
  name: string | null;
  order: number | null;
  type: string | null;
  subType: string | null;
  eqLogic_id: number;
  isHistorized: string;
  unite: string | null;
  configuration: PhpArray;
  template: PhpArray;
  display: PhpArray;
  value: string | null;
  isVisible: number | null;
  alert: PhpArray;
}

/** One cmd::event that reached the history (silently dropped ones never do). */
export interface SimCmdEvent {
  value: unknown;
  /** The collectDate, `Y-m-d H:i:s` (the `datetime` param when given). */
  at: string;
  /** Epoch ms when the simulator handled it. */
  receivedAt: number;
  /** Same value as the cached one. */
  repeat: boolean;
  /** The cache changed and scenarios/listeners ran: a new value, or a repeat with repeatEventManagement `always`. */
  triggered: boolean;
}

export type SimEqLogicInput = Pick<EqLogicRow, 'name' | 'eqType_name'> & Partial<EqLogicRow>;
export type SimCmdInput = Pick<CmdRow, 'eqLogic_id' | 'name' | 'type' | 'subType'> & Partial<CmdRow>;
export type CmdEventListener = (cmdId: number, event: SimCmdEvent) => void;
/** An action cmd about to run its plugin's execute(), with the options as prepared (`#<id>#` replaced). */
export type CmdExecuteListener = (cmdId: number, options: unknown) => void;

// Shortest http_password worth masking by value: shorter ones would blank innocent text in logs.
const MIN_MASKED_PASSWORD = 6;

export class EquipmentState {
  /** How PDO returns INT columns (see DbIntegers). */
  integers: DbIntegers = 'string';
  private readonly eqLogics = new Map<number, EqLogicRow>();
  private readonly cmds = new Map<number, CmdRow>();
  private nextEqLogicId = 1;
  private nextCmdId = 1;
  private readonly cmdCaches = new Map<number, PhpArray>();
  private readonly eqStatuses = new Map<number, PhpArray>();
  private readonly histories = new Map<number, SimCmdEvent[]>();
  private readonly rights = new Map<string, Map<number, string>>();
  private readonly listeners = new Set<CmdEventListener>();
  private readonly executeListeners = new Set<CmdExecuteListener>();

  constructor(private readonly objects: ObjectTable) {}

  // ----- tables, as DB::save() and the finders see them

  eqLogicRow(id: unknown): EqLogicRow | undefined {
    return findById(this.eqLogics, id);
  }

  cmdRow(id: unknown): CmdRow | undefined {
    return findById(this.cmds, id);
  }

  /** eqLogic::all / byType: LEFT JOIN object, ORDER BY ob.name, el.name; byType compares with the collation. */
  eqLogicRows(type?: string): EqLogicRow[] {
    const objectName = (row: EqLogicRow) => this.objects.byId(row.object_id)?.name ?? null;
    return [...this.eqLogics.values()]
      .filter((row) => type === undefined || collationKey(row.eqType_name) === collationKey(type))
      .sort((a, b) => compareCollated(objectName(a), objectName(b)) || compareCollated(a.name, b.name));
  }

  /** eqLogic::byObjectId (enabled only): ORDER BY `order`, category. */
  eqLogicRowsOfObject(objectId: unknown): EqLogicRow[] {
    const wanted = objectId === null || objectId === undefined ? null : sqlNumber(objectId);
    return [...this.eqLogics.values()]
      .filter((row) =>
        wanted === null ? row.object_id === null || row.object_id === -1 : row.object_id === wanted,
      )
      .filter((row) => row.isEnable === 1)
      .sort((a, b) => compareNullable(a.order, b.order));
  }

  /** cmd::byEqLogicId: ORDER BY `order`, `name`. */
  cmdRowsOf(eqLogicIds: readonly unknown[]): CmdRow[] {
    const wanted = new Set(eqLogicIds.map(sqlNumber));
    return [...this.cmds.values()]
      .filter((row) => wanted.has(row.eqLogic_id))
      .sort((a, b) => compareNullable(a.order, b.order) || compareCollated(a.name, b.name));
  }

  /** cmd::all: ORDER BY id. */
  allCmdRows(): CmdRow[] {
    return [...this.cmds.values()];
  }

  /** An INSERT: the auto-increment value is taken even when the unique key then refuses the row (InnoDB). */
  insertEqLogic(row: Omit<EqLogicRow, 'id'>, query: string): number {
    const id = this.nextEqLogicId++;
    this.checkEqLogicKey({ ...row, id }, query);
    this.eqLogics.set(id, deepClone({ ...row, id }));
    return id;
  }

  /** An UPDATE … WHERE id: nothing happens when the row is gone. */
  updateEqLogic(row: EqLogicRow, query: string): void {
    if (!this.eqLogics.has(row.id)) return;
    this.checkEqLogicKey(row, query);
    this.eqLogics.set(row.id, deepClone(row));
  }

  insertCmd(row: Omit<CmdRow, 'id'>, query: string): number {
    const id = this.nextCmdId++;
    this.checkCmdKey({ ...row, id }, query);
    this.cmds.set(id, deepClone({ ...row, id }));
    return id;
  }

  updateCmd(row: CmdRow, query: string): void {
    if (!this.cmds.has(row.id)) return;
    this.checkCmdKey(row, query);
    this.cmds.set(row.id, deepClone(row));
  }

  /** cmd::remove(): the row, its cache and its history go. */
  deleteCmd(id: number): void {
    this.cmds.delete(id);
    this.cmdCaches.delete(id);
    this.histories.delete(id);
  }

  // UNIQUE KEY `unique` (name, object_id): NULL object_id never collides.
  private checkEqLogicKey(row: EqLogicRow, query: string): void {
    if (row.object_id === null) return;
    const clash = [...this.eqLogics.values()].some(
      (other) =>
        other.id !== row.id &&
        other.object_id === row.object_id &&
        collationKey(other.name) === collationKey(row.name),
    );
    if (clash) throw duplicateEntry(`${row.name}-${row.object_id}`, query);
  }

  // UNIQUE KEY `unique` (eqLogic_id, name).
  private checkCmdKey(row: CmdRow, query: string): void {
    if (row.name === null) return;
    const name = collationKey(row.name);
    const clash = [...this.cmds.values()].some(
      (other) =>
        other.id !== row.id &&
        other.eqLogic_id === row.eqLogic_id &&
        other.name !== null &&
        collationKey(other.name) === name,
    );
    if (clash) throw duplicateEntry(`${row.eqLogic_id}-${row.name}`, query);
  }

  // ----- cache entries (cache::byKey('cmdCacheAttr<id>'), 'eqLogicStatusAttr<id>')

  cmdCache(id: unknown): PhpArray {
    return { ...(this.cmdCaches.get(Number(id)) ?? {}) };
  }

  setCmdCache(id: unknown, values: PhpArray): void {
    const next = { ...this.cmdCache(id) };
    for (const [key, value] of Object.entries(values)) {
      if (value === null || value === undefined) delete next[key];
      else next[key] = value;
    }
    this.cmdCaches.set(Number(id), next);
  }

  eqStatus(id: unknown): PhpArray {
    return { ...(this.eqStatuses.get(Number(id)) ?? {}) };
  }

  setEqStatus(id: unknown, values: PhpArray): void {
    const next = { ...this.eqStatus(id) };
    for (const [key, value] of Object.entries(values)) {
      if (value === null || value === undefined) delete next[key];
      else next[key] = value;
    }
    this.eqStatuses.set(Number(id), next);
  }

  // ----- event history

  recordEvent(cmdId: number, event: SimCmdEvent): void {
    const list = this.histories.get(cmdId) ?? [];
    list.push(event);
    this.histories.set(cmdId, list);
    for (const listener of this.listeners) {
      try {
        listener(cmdId, event);
      } catch {
        // An observer's bug must not change what the box does.
      }
    }
  }

  /** Every cmd::event of an info cmd that reached its history, oldest first. */
  events(cmdId: number): SimCmdEvent[] {
    return deepClone(this.histories.get(cmdId) ?? []);
  }

  /** Live notification of each recorded event; returns the unsubscribe function. */
  onEvent(listener: CmdEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notifyExecute(cmdId: number, options: unknown): void {
    for (const listener of this.executeListeners) {
      try {
        listener(cmdId, deepClone(options));
      } catch {
        // An observer's bug must not change what the box does.
      }
    }
  }

  /** Live notification of each action execCmd (after the equipment check); returns the unsubscribe function. */
  onExecute(listener: CmdExecuteListener): () => void {
    this.executeListeners.add(listener);
    return () => this.executeListeners.delete(listener);
  }

  // ----- rights of restrict profiles (user rights `eqLogic<id>`: r, w, x)

  setRights(login: string, eqLogicId: number, rights: string): void {
    const byEq = this.rights.get(login) ?? new Map<number, string>();
    byEq.set(eqLogicId, rights);
    this.rights.set(login, byEq);
  }

  rightsOf(login: string, eqLogicId: unknown): string {
    return this.rights.get(login)?.get(Number(eqLogicId)) ?? '';
  }

  /** Basic-auth passwords stored in cmds: the call log masks them wherever they appear. */
  secrets(): string[] {
    return [...this.cmds.values()]
      .map((cmd) => cmd.configuration.http_password)
      .filter((p): p is string => typeof p === 'string' && p.length >= MIN_MASKED_PASSWORD);
  }

  // ----- for tests: the box as an admin left it in the UI

  /** A direct INSERT (no plugin hooks): an equipment made elsewhere, e.g. a camera. */
  addEqLogic(input: SimEqLogicInput): number {
    const id = input.id ?? this.nextEqLogicId;
    this.nextEqLogicId = Math.max(this.nextEqLogicId, id + 1);
    this.eqLogics.set(id, { ...defaultEqLogic(), ...deepClone(input), id });
    return id;
  }

  addCmd(input: SimCmdInput): number {
    const id = input.id ?? this.nextCmdId;
    this.nextCmdId = Math.max(this.nextCmdId, id + 1);
    const eqType = input.eqType ?? this.eqLogics.get(input.eqLogic_id)?.eqType_name ?? null;
    this.cmds.set(id, { ...defaultCmd(), ...deepClone(input), eqType, id });
    return id;
  }

  /** Deleted in the UI: the equipment and its cmds are gone (ids are not reused). */
  removeEqLogic(id: number): void {
    for (const cmd of this.cmdRowsOf([id])) this.deleteCmd(cmd.id);
    this.eqLogics.delete(id);
    this.eqStatuses.delete(id);
  }

  eqLogic(id: number): EqLogicRow | undefined {
    const row = this.eqLogics.get(id);
    return row && deepClone(row);
  }

  cmd(id: number): CmdRow | undefined {
    const row = this.cmds.get(id);
    return row && deepClone(row);
  }

  /** The cached value of an info cmd (what cmd::execCmd answers), undefined when never set. */
  cmdValue(id: number): unknown {
    return this.cmdCaches.get(id)?.value;
  }
}

// byId(): `if ($_id == '') return;`, then `WHERE id = :id`.
function findById<T extends { id: number }>(rows: Map<number, T>, id: unknown): T | undefined {
  if (id === null || id === undefined || id === false || id === '') return undefined;
  const wanted = sqlNumber(id);
  return wanted === undefined ? undefined : rows.get(wanted);
}

function defaultEqLogic(): Omit<EqLogicRow, 'id' | 'name' | 'eqType_name'> {
  return {
    logicalId: '',
    generic_type: null,
    object_id: null,
    isVisible: 0,
    isEnable: 0,
    configuration: {},
    timeout: null,
    category: {},
    display: {},
    order: 9999,
    comment: null,
    tags: null,
  };
}

function defaultCmd(): Omit<CmdRow, 'id' | 'eqLogic_id' | 'name' | 'type' | 'subType'> {
  return {
    logicalId: null,
    generic_type: null,
    eqType: null,
    order: 0,
    isHistorized: '0',
    unite: '',
    configuration: {},
    template: { dashboard: 'core::default', mobile: 'core::default' },
    display: {},
    value: null,
    isVisible: 1,
    alert: {},
  };
}
