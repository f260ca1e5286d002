// jeeApi `cmd::*`: finders, execCmd, event, save.
import { createHash } from 'node:crypto';
import { pluginClass, type Box } from '../box';
import { CMD, cmdConfig, cmdsOf, exportApi, loadCmd, loadCmdRow, newCmd, saveCmd } from '../cmdModel';
import { cmdEvent, execCmd, readInfo } from '../cmdRuntime';
import { setterContext } from '../eqLogicModel';
import { jeedomError, PhpFatalError } from '../errors';
import { a2o, o2a, type PhpObject } from '../model';
import {
  floatsToStrings,
  isPhpArray,
  phpIsBlank,
  phpLooseEquals,
  phpString,
  trimChars,
} from '../phpFunctions';
import type { MethodContext, MethodRegistry, Params } from '../types';
import { cmdHasRight, echoParam, typeName } from './shared';
import { TYPE_INCORRECT } from './eqLogic';

export const CMD_NOT_FOUND = 'Commande introuvable :';
export const CMD_NOT_FOUND_44 = 'Cmd introuvable :';
export const NO_CMD_RIGHTS = "Vous n'avez pas les droits sur cette commande";
export const NOT_ALLOWED_TO_DO = "Vous n'êtes pas autorisé à faire cette action";

function readable(box: Box, ctx: MethodContext, cmds: PhpObject[]): Record<string, unknown>[] {
  const user = ctx.user;
  return cmds.filter((cmd) => user === null || cmdHasRight(box, user, cmd)).map((cmd) => exportApi(box, cmd));
}

function byId(box: Box, params: Params, ctx: MethodContext): unknown {
  const cmd = loadCmd(box, params.id);
  const text = ctx.dialect === '4.5' ? CMD_NOT_FOUND : CMD_NOT_FOUND_44;
  if (!cmd) throw jeedomError(-32701, `${text} ${echoParam(params.id)}`);
  if (ctx.user && !cmdHasRight(box, ctx.user, cmd)) throw jeedomError(-32701, NO_CMD_RIGHTS);
  return exportApi(box, cmd);
}

/** The checks before running one cmd: an access code (SHA-512) and a confirmation for flagged actions. */
function checkGuards(cmd: PhpObject, params: Params): void {
  const code = phpString(cmdConfig(cmd, 'actionCodeAccess'));
  if (cmd.f.type === 'action' && trimChars(code) !== '') {
    const sent = createHash('sha512')
      .update(phpString(params.codeAccess ?? ''))
      .digest('hex');
    if (sent !== code) throw jeedomError(-32005, "Cette action nécessite un code d'accès");
  }
  if (
    cmd.f.type === 'action' &&
    phpLooseEquals(cmdConfig(cmd, 'actionConfirm'), 1) &&
    !phpLooseEquals(params.confirmAction, 1)
  )
    throw jeedomError(-32006, 'Cette action nécessite une confirmation');
}

async function runOne(box: Box, cmd: PhpObject, params: Params): Promise<unknown> {
  checkGuards(cmd, params);
  if (cmd.f.type !== 'info') return void (await execCmd(box, cmd, params.options));
  return readInfo(box, cmd);
}

function found(box: Box, id: unknown): PhpObject {
  const cmd = loadCmd(box, id);
  if (!cmd) throw jeedomError(-32702, `${CMD_NOT_FOUND} ${echoParam(id)}`);
  return cmd;
}

/** cmd::execCmd: one id (refused without right), or several (skipped without right; infos answered by id). */
async function execute(box: Box, params: Params, ctx: MethodContext): Promise<unknown> {
  if (!isPhpArray(params.id)) {
    const cmd = found(box, params.id);
    if (ctx.user && !cmdHasRight(box, ctx.user, cmd)) throw jeedomError(0, NOT_ALLOWED_TO_DO);
    return (await runOne(box, cmd, params)) ?? [];
  }
  const result: Record<string, unknown> = {};
  for (const id of Object.values(params.id)) {
    const cmd = found(box, id);
    if (ctx.user && !cmdHasRight(box, ctx.user, cmd)) continue;
    const answer = await runOne(box, cmd, params);
    if (cmd.f.type === 'info') result[phpString(id)] = answer;
  }
  return result;
}

function event(box: Box, params: Params, ctx: MethodContext): undefined {
  const cmd = loadCmd(box, params.id);
  if (!cmd) throw jeedomError(-32702, `Commande introuvable : ${echoParam(params.id)}`);
  if (ctx.user && !cmdHasRight(box, ctx.user, cmd)) throw jeedomError(-32701, NO_CMD_RIGHTS);
  cmdEvent(box, cmd, params.value ?? null, params.datetime ?? null);
  return undefined;
}

/**
 * cmd::save: with `id`, that cmd (cmd right; an unknown id is a PHP Error for a user); without, a class check,
 * admin only, and a core `cmd` object: the plugin's preSave()/postSave() do not run.
 */
async function save(box: Box, params: Params, ctx: MethodContext): Promise<unknown> {
  let cmd: PhpObject | undefined;
  if (params.id !== undefined && params.id !== null) {
    cmd = loadCmd(box, params.id);
    if (ctx.user && !cmd) throw new PhpFatalError('Call to a member function hasRight() on null');
    if (ctx.user && cmd && !cmdHasRight(box, ctx.user, cmd)) throw jeedomError(0, NOT_ALLOWED_TO_DO);
  } else {
    const type = typeName(params.eqType_name);
    if (phpIsBlank(params.eqType_name) || pluginClass(box, type) === null)
      throw jeedomError(0, `${TYPE_INCORRECT}${echoParam(`${type}Cmd`)}`);
  }
  if (!cmd) {
    if (ctx.user && ctx.user.profile !== 'admin')
      throw jeedomError(-32001, "Vous n'êtes pas autorisé à effectuer cette action");
    cmd = newCmd(null);
  }
  a2o(CMD, cmd, floatsToStrings(params), setterContext(box));
  await saveCmd(box, cmd);
  return o2a(CMD, cmd);
}

export function registerCmdMethods(registry: MethodRegistry, box: Box): void {
  registry.register('cmd::all', {
    rights: 'any',
    handler: (_p, ctx) =>
      readable(
        box,
        ctx,
        box.equipment.allCmdRows().map((row) => loadCmdRow(box, row)),
      ),
  });
  registry.register('cmd::byEqLogicId', {
    rights: 'any',
    handler: (p, ctx) => {
      const ids = isPhpArray(p.eqLogic_id) ? Object.values(p.eqLogic_id) : [p.eqLogic_id];
      return readable(box, ctx, cmdsOf(box, ids));
    },
  });
  registry.register('cmd::byId', { rights: 'any', handler: (p, ctx) => byId(box, p, ctx) });
  registry.register('cmd::execCmd', { rights: 'any', handler: (p, ctx) => execute(box, p, ctx) });
  registry.register('cmd::event', { rights: 'any', handler: (p, ctx) => event(box, p, ctx) });
  registry.register('cmd::save', { rights: 'any', handler: (p, ctx) => save(box, p, ctx) });
}
