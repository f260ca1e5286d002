// jeeApi `eqLogic::*`: finders filtered by the `r` right of restrict profiles, and eqLogic::save.
import { pluginClass, type Box } from '../box';
import {
  CMD,
  cmdsOf,
  dontRemoveCmd,
  exportApi,
  loadCmd,
  newCmd,
  removeCmd,
  saveCmd,
  setCmdField,
} from '../cmdModel';
import {
  EQLOGIC,
  eqLogicToArray,
  loadEqLogic,
  loadEqLogicRow,
  newEqLogic,
  saveEqLogic,
  setEqLogicField,
  setterContext,
} from '../eqLogicModel';
import { jeedomError, PhpFatalError } from '../errors';
import { a2o, type PhpObject } from '../model';
import { floatsToStrings, isPhpArray, phpIsBlank, phpString } from '../phpFunctions';
import type { MethodContext, MethodRegistry, Params } from '../types';
import { echoParam, eqLogicHasRight, typeName } from './shared';

export const EQLOGIC_NOT_FOUND = 'EqLogic introuvable :';
export const TYPE_INCORRECT = 'Type incorrect (classe commande inexistante)';

function readable(box: Box, ctx: MethodContext, eqs: PhpObject[]): PhpObject[] {
  const user = ctx.user;
  return user === null ? eqs : eqs.filter((eq) => eqLogicHasRight(box, user, eq, 'r'));
}

function byType(box: Box, type: unknown): PhpObject[] {
  if (type === null || type === undefined) return [];
  return box.equipment.eqLogicRows(phpString(type)).map((row) => loadEqLogicRow(box, row));
}

/** byId and fullById: 602 when missing, code 1 naming the method without the `r` right. */
function readOne(box: Box, params: Params, ctx: MethodContext): PhpObject {
  const eq = loadEqLogic(box, params.id);
  if (!eq) throw jeedomError(-32602, `${EQLOGIC_NOT_FOUND} ${echoParam(params.id)}`);
  if (ctx.user && !eqLogicHasRight(box, ctx.user, eq, 'r'))
    throw jeedomError(-32001, `Vous n'êtes pas autorisé à effectuer cette action ${ctx.method}`);
  return eq;
}

/** An equipment with its cmds; byTypeAndId omits `cmds` when there is none, fullById never does. */
function withCmds(box: Box, eq: PhpObject, alwaysCmds: boolean): Record<string, unknown> {
  const cmds = cmdsOf(box, [eq.f.id]).map((cmd) => {
    cmd.extra.eqLogic = eq;
    return exportApi(box, cmd);
  });
  return { ...eqLogicToArray(box, eq), ...(alwaysCmds || cmds.length ? { cmds } : {}) };
}

function byTypeAndId(box: Box, params: Params, ctx: MethodContext): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const type of isPhpArray(params.eqType) ? Object.values(params.eqType) : []) {
    result[phpString(type)] = readable(box, ctx, byType(box, type)).map((eq) => withCmds(box, eq, false));
  }
  for (const id of isPhpArray(params.id) ? Object.values(params.id) : []) {
    const eq = loadEqLogic(box, id);
    // Jeedom calls methods on the missing object: a PHP Error.
    if (!eq) throw new PhpFatalError('Call to a member function getCmd() on null');
    if (ctx.user && !eqLogicHasRight(box, ctx.user, eq, 'r')) continue;
    result[phpString(id)] = withCmds(box, eq, false);
  }
  return result;
}

/** The class check: `<type>` and `<type>Cmd` must exist, i.e. an installed and active plugin. */
function checkedClass(box: Box, type: unknown): string {
  const name = typeName(type);
  const cls = phpIsBlank(type) ? null : pluginClass(box, name);
  if (cls === null) throw jeedomError(0, `${TYPE_INCORRECT}${echoParam(`${name}Cmd`)}`);
  return cls;
}

/** The `cmd` list replaces the equipment's cmds: loaded by id or created, ordered, then the rest removed. */
async function replaceCmds(
  box: Box,
  eq: PhpObject,
  cls: string,
  list: unknown,
  before: PhpObject[],
): Promise<void> {
  const kept = new Set<string>();
  const entries = isPhpArray(list) ? Object.values(list) : [];
  for (const [order, info] of entries.entries()) {
    const id = isPhpArray(info) ? (info as Params).id : undefined;
    const cmd = (id !== undefined && id !== null ? loadCmd(box, id) : undefined) ?? newCmd(cls);
    setCmdField(cmd, 'eqLogic_id', eq.f.id);
    setCmdField(cmd, 'order', order);
    a2o(CMD, cmd, floatsToStrings(info), setterContext(box));
    await saveCmd(box, cmd);
    kept.add(phpString(cmd.f.id));
  }
  for (const old of before) {
    if (!kept.has(phpString(old.f.id)) && !dontRemoveCmd(box, old)) removeCmd(box, old);
  }
}

/** eqLogic::save in jeeApi's order: class check, load or create, admin check, a2o, save twice, cmds. */
async function save(box: Box, params: Params, ctx: MethodContext): Promise<unknown> {
  const cls = checkedClass(box, params.eqType_name);
  const found = params.id !== undefined && params.id !== null ? loadEqLogic(box, params.id) : undefined;
  const eq = found ?? newEqLogic(cls);
  if (!found) setEqLogicField(eq, 'eqType_name', params.eqType_name);
  ctx.requireRights('admin', 'not_allowed');
  a2o(EQLOGIC, eq, floatsToStrings(params), setterContext(box));
  await saveEqLogic(box, eq);
  const before = cmdsOf(box, [eq.f.id]);
  await saveEqLogic(box, eq);
  if (params.cmd !== undefined && params.cmd !== null) await replaceCmds(box, eq, cls, params.cmd, before);
  return eqLogicToArray(box, eq);
}

export function registerEqLogicMethods(registry: MethodRegistry, box: Box): void {
  const list = (find: (params: Params) => PhpObject[]) => (params: Params, ctx: MethodContext) =>
    readable(box, ctx, find(params)).map((eq) => eqLogicToArray(box, eq));
  registry.register('eqLogic::all', {
    rights: 'any',
    handler: list(() => box.equipment.eqLogicRows().map((row) => loadEqLogicRow(box, row))),
  });
  registry.register('eqLogic::byType', { rights: 'any', handler: list((p) => byType(box, p.type)) });
  registry.register('eqLogic::byObjectId', {
    rights: 'any',
    handler: list((p) =>
      box.equipment.eqLogicRowsOfObject(p.object_id).map((row) => loadEqLogicRow(box, row)),
    ),
  });
  registry.register('eqLogic::byId', {
    rights: 'any',
    handler: (params, ctx) => eqLogicToArray(box, readOne(box, params, ctx)),
  });
  registry.register('eqLogic::fullById', {
    rights: 'any',
    handler: (params, ctx) => withCmds(box, readOne(box, params, ctx), true),
  });
  registry.register('eqLogic::byTypeAndId', { rights: 'any', handler: (p, ctx) => byTypeAndId(box, p, ctx) });
  registry.register('eqLogic::save', { rights: 'any', handler: (p, ctx) => save(box, p, ctx) });
}
