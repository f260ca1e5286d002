/**
 * The side panel's sources: Jeedom's equipments and every call the app made, from the simulator (read
 * directly) or from a real Jeedom (read over its API with the given key, calls seen at the HTTP bridge).
 */
import type { ObservedCall } from '../../devkit/harness/bridges/http';
import type { JeedomSimulator } from '../../devkit/simulator';
import { pushCall, summarise, type CallView, type EquipmentView } from './view';

const APP_PREFIX = 'rocketchat:';

export interface JeedomSide {
  readonly mode: 'simulator' | 'jeedom';
  readonly url: string;
  readonly calls: CallView[];
  equipments(): EquipmentView[];
  stop(): void;
}

export class SimulatorSide implements JeedomSide {
  readonly mode = 'simulator' as const;
  readonly calls: CallView[] = [];
  private readonly unsubscribe: () => void;

  constructor(private readonly sim: JeedomSimulator) {
    // The simulator's log is already free of keys and passwords.
    this.unsubscribe = sim.onCall((entry) =>
      pushCall(this.calls, {
        at: entry.startedAt,
        method: entry.method,
        ms: entry.durationMs,
        ok: entry.ok,
        result: entry.ok
          ? summarise(entry.result)
          : (entry.error?.message ?? `HTTP ${entry.httpStatus ?? '—'}`),
      }),
    );
  }

  get url(): string {
    return this.sim.baseUrl;
  }

  equipments(): EquipmentView[] {
    const rows = this.sim.equipment.eqLogicRows();
    return rows.map((eq) => ({
      id: String(eq.id),
      name: eq.name,
      type: eq.eqType_name,
      object: this.sim.objects.byId(eq.object_id)?.name ?? '',
      enabled: Number(eq.isEnable) === 1,
      createdByApp: (eq.logicalId ?? '').startsWith(APP_PREFIX),
      cmds: this.sim.equipment.cmdRowsOf([eq.id]).map((cmd) => ({
        id: String(cmd.id),
        name: cmd.name ?? '',
        logicalId: cmd.logicalId ?? '',
        type: cmd.type ?? '',
        subType: cmd.subType ?? '',
        value: cmd.type === 'info' ? formatValue(this.sim.equipment.cmdValue(cmd.id), cmd.unite) : '',
      })),
    }));
  }

  stop(): void {
    this.unsubscribe();
  }
}

function formatValue(value: unknown, unit?: string | null): string {
  if (value === null || value === undefined) return '';
  return unit ? `${String(value)} ${unit}` : String(value);
}

const rpcCall = (body: string | undefined): { method?: unknown } | undefined => {
  try {
    return body ? (JSON.parse(body) as { method?: unknown }) : undefined;
  } catch {
    return undefined;
  }
};

/** The result as Jeedom answered it, summarised; nothing of the request (it holds the key) is kept. */
export function callFromHttp(call: ObservedCall, at: number): CallView {
  const request = rpcCall(call.requestBody);
  const method = typeof request?.method === 'string' ? request.method : `${call.method} ${call.url}`;
  if (call.error) return { at, method, ms: call.ms, ok: false, result: call.error };
  let response: { result?: unknown; error?: { message?: unknown } } | undefined;
  try {
    response = call.responseBody ? JSON.parse(call.responseBody) : undefined;
  } catch {
    response = undefined;
  }
  if (response?.error) return { at, method, ms: call.ms, ok: false, result: String(response.error.message) };
  const ok = call.status !== undefined && call.status < 400;
  return {
    at,
    method,
    ms: call.ms,
    ok,
    result: response ? summarise(response.result) : `HTTP ${call.status}`,
  };
}

interface RemoteEqLogic {
  id: string | number;
  name: string;
  logicalId?: string;
  isEnable?: string | number;
  object_id?: string | number | null;
}
interface RemoteCmd {
  id: string | number;
  name: string;
  logicalId?: string;
  type: string;
  subType: string;
  currentValue?: unknown;
  value?: unknown;
}

/** A real Jeedom: its script equipments the app created, re-read every few seconds. */
export class RemoteSide implements JeedomSide {
  readonly mode = 'jeedom' as const;
  readonly calls: CallView[] = [];
  private cached: EquipmentView[] = [];
  private readonly timer: NodeJS.Timeout;
  private readonly unsubscribe: () => void;

  constructor(
    readonly url: string,
    private readonly apiKey: string,
    observe: (observer: (call: ObservedCall) => void) => () => void,
    refreshMs = 5000,
  ) {
    this.unsubscribe = observe((call) => pushCall(this.calls, callFromHttp(call, Date.now())));
    this.timer = setInterval(() => void this.refresh(), refreshMs);
    void this.refresh();
  }

  equipments(): EquipmentView[] {
    return this.cached;
  }

  private async rpc<T>(method: string, params: Record<string, unknown>): Promise<T> {
    const endpoint = `${this.url.replace(/\/+$/, '')}/core/api/jeeApi.php`;
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params: { ...params, apikey: this.apiKey } }),
      signal: AbortSignal.timeout(5000),
    });
    const body = (await response.json()) as { result?: T; error?: { message?: string } };
    if (body.error) throw new Error(body.error.message ?? 'Jeedom error');
    return body.result as T;
  }

  private async refresh(): Promise<void> {
    try {
      const eqLogics = (await this.rpc<RemoteEqLogic[]>('eqLogic::byType', { type: 'script' })).filter((eq) =>
        String(eq.logicalId ?? '').startsWith(APP_PREFIX),
      );
      const views: EquipmentView[] = [];
      for (const eq of eqLogics) {
        const cmds = await this.rpc<RemoteCmd[]>('cmd::byEqLogicId', { eqLogic_id: eq.id });
        views.push({
          id: String(eq.id),
          name: eq.name,
          type: 'script',
          object: eq.object_id ? `#${eq.object_id}` : '',
          enabled: Number(eq.isEnable) === 1,
          createdByApp: true,
          cmds: cmds.map((cmd) => ({
            id: String(cmd.id),
            name: cmd.name,
            logicalId: cmd.logicalId ?? '',
            type: cmd.type,
            subType: cmd.subType,
            value: cmd.type === 'info' ? String(cmd.currentValue ?? cmd.value ?? '') : '',
          })),
        });
      }
      this.cached = views;
    } catch {
      // keep the last view: the call list shows what the app itself sees of Jeedom
    }
  }

  stop(): void {
    clearInterval(this.timer);
    this.unsubscribe();
  }
}
