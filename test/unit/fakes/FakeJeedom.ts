import type { IHttpResponse } from '@rocket.chat/apps-engine/definition/accessors';
import { FakeCall, FakeHttp, rpcError, rpcResult } from './FakeHttp';

interface Cmd {
  id: string;
  logicalId: string;
  name: string;
  type: string;
  subType: string;
  eqLogic_id: string;
  value?: string;
}

interface EqLogic {
  id: string;
  name: string;
  logicalId: string;
  object_id: string | null;
  eqType_name: string;
  isEnable: number;
  isVisible: number;
  configuration: Record<string, unknown>;
}

export interface RpcCall {
  method: string;
  params: Record<string, unknown>;
}

/**
 * The few JSON-RPC methods the app's core uses (equipments, commands, variables), over FakeHttp: enough for
 * unit tests of sync, infos and answers. The devkit simulator is the faithful one; this one is small and fast.
 * `before` runs before each answer: advance a fake clock, or return a reply to answer instead (a fault).
 */
export class FakeJeedom {
  readonly eqLogics: EqLogic[] = [];
  readonly cmds: Cmd[] = [];
  readonly variables = new Map<string, string>();
  /** `user::all` entries (the real answer also carries each key as `hash`). */
  readonly users: Array<{ login: string; profils: string; enable: string; hash: string }> = [];
  readonly calls: RpcCall[] = [];
  before?: (call: RpcCall) => IHttpResponse | Promise<IHttpResponse> | undefined;
  private nextId = 100;
  readonly http = new FakeHttp((call) => this.answer(call));

  methods(): string[] {
    return this.calls.map((c) => c.method);
  }

  private async answer(call: FakeCall): Promise<IHttpResponse> {
    const rpc = JSON.parse(JSON.stringify(call.options.data)) as RpcCall & { id: number };
    const params = { ...rpc.params };
    delete params.apikey;
    const logged = { method: rpc.method, params };
    this.calls.push(logged);
    const instead = await this.before?.(logged);
    if (instead) return instead;
    try {
      return rpcResult(this.run(logged), rpc.id);
    } catch (error) {
      return rpcError(-32000, (error as Error).message, rpc.id);
    }
  }

  private id(): string {
    return String(this.nextId++);
  }

  private run({ method, params }: RpcCall): unknown {
    switch (method) {
      case 'user::all':
        return this.users;
      case 'eqLogic::byType':
        return this.eqLogics.filter((e) => e.eqType_name === params.type);
      case 'eqLogic::all':
        return this.eqLogics;
      case 'eqLogic::byId':
        return this.eqLogic(String(params.id));
      case 'eqLogic::fullById': {
        const eq = this.eqLogic(String(params.id));
        return { ...eq, cmds: this.cmds.filter((c) => c.eqLogic_id === eq.id) };
      }
      case 'eqLogic::save':
        return this.saveEqLogic(params);
      case 'cmd::save':
        return this.saveCmd(params);
      case 'cmd::event': {
        const cmd = this.cmds.find((c) => c.id === String(params.id));
        if (!cmd) throw new Error('Commande introuvable');
        cmd.value = String(params.value);
        return 'ok';
      }
      case 'datastore::save':
        this.variables.set(String(params.key), String(params.value));
        return 'ok';
      case 'datastore::byTypeLinkIdKey':
        return { value: this.variables.get(String(params.key)) ?? '' };
      default:
        throw new Error(`Aucune méthode correspondante : ${method}`);
    }
  }

  private eqLogic(id: string): EqLogic {
    const eq = this.eqLogics.find((e) => e.id === id);
    if (!eq) throw new Error('EqLogic introuvable');
    return eq;
  }

  private saveEqLogic(params: Record<string, unknown>): EqLogic {
    const { cmd, id, ...fields } = params as { cmd?: Array<Record<string, unknown>>; id?: string };
    let eq = id ? this.eqLogic(String(id)) : undefined;
    if (!eq) {
      eq = {
        id: this.id(),
        name: '',
        logicalId: '',
        object_id: null,
        eqType_name: '',
        isEnable: 1,
        isVisible: 1,
        configuration: {},
      };
      this.eqLogics.push(eq);
    }
    Object.assign(eq, fields);
    if (cmd) {
      const kept = cmd.map((c) => this.saveCmd({ ...c, eqLogic_id: (eq as EqLogic).id }));
      // A list replaces the commands: those not in it are removed, as Jeedom does.
      for (const old of this.cmds.filter((c) => c.eqLogic_id === (eq as EqLogic).id))
        if (!kept.includes(old)) this.cmds.splice(this.cmds.indexOf(old), 1);
    }
    return eq;
  }

  private saveCmd(params: Record<string, unknown>): Cmd {
    const existing = params.id ? this.cmds.find((c) => c.id === String(params.id)) : undefined;
    const cmd: Cmd = existing ?? {
      id: this.id(),
      logicalId: '',
      name: '',
      type: '',
      subType: '',
      eqLogic_id: '',
    };
    Object.assign(cmd, {
      logicalId: String(params.logicalId ?? cmd.logicalId),
      name: String(params.name ?? cmd.name),
      type: String(params.type ?? cmd.type),
      subType: String(params.subType ?? cmd.subType),
      eqLogic_id: String(params.eqLogic_id ?? cmd.eqLogic_id),
    });
    if (!existing) this.cmds.push(cmd);
    return cmd;
  }
}
