import type { IHttp } from '@rocket.chat/apps-engine/definition/accessors';
import { z } from 'zod';

import type { JeedomConfig } from './config';
import {
  cameraListSchema,
  cmdListSchema,
  cmdSavedSchema,
  cmdSchema,
  eqLogicFullSchema,
  eqLogicListSchema,
  eqLogicSchema,
  objectListSchema,
  objectSchema,
  type JeedomCamera,
  type JeedomCmd,
  type JeedomCmdSaved,
  type JeedomEqLogic,
  type JeedomEqLogicFull,
  type JeedomObject,
} from './equipment';
import { scenarioExportSchema, scenarioListSchema, type JeedomScenario } from './scenarios';
import { pingSchema, pluginListSchema, versionSchema, type JeedomPlugin } from './schemas';
import { RpcTransport, type ResultSchema } from './transport';
import { loginCheck, userListSchema, type JeedomUser, type LoginCheck } from './users';

// `{reply, …extra}` or `true` (a reply command answered instead); 4.5 turns an empty result into "ok".
const replySchema = z.union([
  z.literal(true).transform(() => undefined),
  z.literal('ok').transform(() => undefined),
  z.object({ reply: z.string().catch('') }).transform((r) => r.reply),
]);

// `datastore::byTypeLinkIdKey` answers the variable's record, or its bare value on some versions.
const variableSchema = z.union([z.object({ value: z.unknown() }).transform((r) => r.value), z.unknown()]);

const anything = z.unknown();

/** What the app saves of an equipment: `eqLogic::save` takes these fields, and `cmd` replaces the list. */
type EquipmentSave = Record<string, unknown> & { name: string; eqType_name: string };

/**
 * Jeedom's API as the app uses it, one typed method per JSON-RPC method, each answer parsed by its own schema
 * (Jeedom 4.4 and 4.5 alike): nothing outside this class names a JSON-RPC method or parses an answer.
 *
 * `deadlineAt` (epoch ms) shares one time budget among all the calls of one invocation (a hook, a command, a
 * job): each call gets the configured timeout or what is left of the budget, whichever is shorter.
 */
export class JeedomClient {
  private readonly rpc: RpcTransport;

  constructor(
    private readonly http: IHttp,
    readonly config: JeedomConfig,
    readonly deadlineAt?: number,
  ) {
    this.rpc = new RpcTransport(http, config, deadlineAt);
  }

  /** The same box with another key (a person's own, so Jeedom applies their rights), same deadline. */
  withKey(apiKey: string): JeedomClient {
    return new JeedomClient(this.http, { ...this.config, apiKey }, this.deadlineAt);
  }

  private call<T>(method: string, params: Record<string, unknown>, schema: ResultSchema<T>): Promise<T> {
    return this.rpc.send(method, params, schema, true);
  }

  /** Reachability only: Jeedom answers it before checking any key, so none is sent. */
  ping(): Promise<'pong'> {
    return this.rpc.send('ping', {}, pingSchema, false);
  }

  version(): Promise<string> {
    return this.call('version', {}, versionSchema);
  }

  /** Installed plugins, or only the active ones: entries carry no activation flag of their own. */
  listPlugins(activeOnly: boolean): Promise<JeedomPlugin[]> {
    return this.call('plugin::listPlugin', { activateOnly: activeOnly ? 1 : 0 }, pluginListSchema);
  }

  /** `config::byKey`: a core setting, e.g. `language` (`fr_FR`). */
  configValue(key: string): Promise<unknown> {
    return this.call('config::byKey', { key }, anything);
  }

  /** Every user (admin key only: a refusal for rights means the key is not an admin's). Keys are dropped. */
  async users(): Promise<JeedomUser[]> {
    const users = await this.call('user::all', {}, userListSchema);
    return users.map(({ login, profils, enabled }) => ({ login, profils, enabled }));
  }

  /** Whether a login exists and is enabled, with its own key for the one call that needs it. */
  async checkLogin(login: string): Promise<LoginCheck> {
    return loginCheck(await this.call('user::all', {}, userListSchema), login);
  }

  objects(): Promise<JeedomObject[]> {
    return this.call('object::all', {}, objectListSchema);
  }

  object(id: string): Promise<JeedomObject> {
    return this.call('object::byId', { id }, objectSchema);
  }

  /** Every equipment this key may see, all plugins. */
  equipments(): Promise<JeedomEqLogic[]> {
    return this.call('eqLogic::all', {}, eqLogicListSchema);
  }

  /** The script plugin's equipments: the app's channels are among them. */
  scriptEquipments(): Promise<JeedomEqLogic[]> {
    return this.call('eqLogic::byType', { type: 'script' }, eqLogicListSchema);
  }

  equipment(id: string): Promise<JeedomEqLogic> {
    return this.call('eqLogic::byId', { id }, eqLogicSchema);
  }

  /** An equipment with its commands. */
  equipmentWithCmds(id: string): Promise<JeedomEqLogicFull> {
    return this.call('eqLogic::fullById', { id }, eqLogicFullSchema);
  }

  /** Creates (no `id`) or updates an equipment; a `cmd` list makes Jeedom replace the commands with it. */
  saveEquipment(equipment: EquipmentSave): Promise<JeedomEqLogic> {
    return this.call('eqLogic::save', equipment, eqLogicSchema);
  }

  /** The camera plugin's equipments, with their local keys. */
  cameras(): Promise<JeedomCamera[]> {
    return this.call('eqLogic::byType', { type: 'camera' }, cameraListSchema);
  }

  cmds(): Promise<JeedomCmd[]> {
    return this.call('cmd::all', {}, cmdListSchema);
  }

  cmd(id: string): Promise<JeedomCmd> {
    return this.call('cmd::byId', { id }, cmdSchema);
  }

  /** Adds one command to an equipment (no `id`: Jeedom creates it), without rewriting the others. */
  saveCmd(cmd: Record<string, unknown> & { eqLogic_id: string }): Promise<JeedomCmdSaved> {
    return this.call('cmd::save', cmd, cmdSavedSchema);
  }

  /** Sets an info command's value, as an event (history, triggers). */
  async cmdEvent(id: string, value: string): Promise<void> {
    await this.call('cmd::event', { id, value }, anything);
  }

  /** Runs an action command with this key's rights. */
  async execCmd(id: string): Promise<void> {
    await this.call('cmd::execCmd', { id }, anything);
  }

  scenarios(): Promise<JeedomScenario[]> {
    return this.call('scenario::all', {}, scenarioListSchema);
  }

  /** A scenario's export (its elements as nested objects), to find what it asks. */
  async scenarioExport(id: string): Promise<unknown> {
    return (await this.call('scenario::export', { id }, scenarioExportSchema)).export;
  }

  /** A scenario variable's value (`datastore` of type scenario, linkId -1). */
  variable(key: string): Promise<unknown> {
    return this.call('datastore::byTypeLinkIdKey', { type: 'scenario', linkId: -1, key }, variableSchema);
  }

  async saveVariable(key: string, value: string): Promise<void> {
    await this.call('datastore::save', { type: 'scenario', linkId: -1, key, value }, anything);
  }

  /** An interaction (`interact::tryToReply`) for this Jeedom profile: its text reply, or none. */
  interact(query: string, profile: string): Promise<string | undefined> {
    return this.call('interact::tryToReply', { query, profile }, replySchema);
  }
}
