// jeedom/plugin-script core/class/script.class.php: the `refresh` cmd, scriptCmd::preSave(), and execute() for
// requestType `http` (script, xml, json and html requests are not simulated).
import type { Box, PluginHooks } from './box';
import { CMD, cmdConfig, cmdEqLogic, cmdsOf, newCmd, saveCmd, setCmdField } from './cmdModel';
import { checkAndUpdateCmd } from './cmdRuntime';
import { EQLOGIC } from './eqLogicModel';
import { jeedomError, PhpFatalError } from './errors';
import { get, getJsonAttr, printR, type PhpObject } from './model';
import {
  isPhpArray,
  phpIsBlank,
  phpLooseEquals,
  phpString,
  phpTruthy,
  phpUrlencode,
  trimChars,
} from './phpFunctions';
import { collationKey } from './sql';
import { setTags } from './scenarioTags';

// __('Rafraichir') in the plugin's i18n files.
const REFRESH_NAME: Record<string, string> = {
  fr_FR: 'Rafraichir',
  en_US: 'Refresh',
  de_DE: 'Aktualisieren',
  es_ES: 'Refrescar',
  it_IT: 'Aggiorna',
  pt_PT: 'Legal',
};

const isRefresh = (cmd: PhpObject) => phpLooseEquals(cmd.f.logicalId, 'refresh');

/** script::postSave(): an action `refresh` ("Rafraichir", subType other) unless the equipment has one. */
async function eqLogicPostSave(box: Box, eq: PhpObject): Promise<void> {
  const exists = box.equipment
    .cmdRowsOf([eq.f.id])
    .some((c) => collationKey(c.logicalId ?? '') === 'refresh');
  if (exists) return;
  const refresh = newCmd('script');
  setCmdField(refresh, 'logicalId', 'refresh');
  setCmdField(refresh, 'isVisible', 1);
  setCmdField(refresh, 'name', REFRESH_NAME[box.state.language] ?? REFRESH_NAME.fr_FR);
  setCmdField(refresh, 'type', 'action');
  setCmdField(refresh, 'subType', 'other');
  setCmdField(refresh, 'eqLogic_id', eq.f.id);
  await saveCmd(box, refresh);
}

/** scriptCmd::preSave(): not for `refresh`; actions need a request, every cmd a requestType. */
function cmdPreSave(_box: Box, cmd: PhpObject): void {
  if (isRefresh(cmd)) return;
  if (phpIsBlank(cmdConfig(cmd, 'request')) && cmd.f.type !== 'info')
    throw jeedomError(0, 'Le champ requête ne peut pas être vide');
  if (phpIsBlank(cmdConfig(cmd, 'requestType')))
    throw jeedomError(0, 'Le champ requête type ne peut pas être vide');
  if (cmdConfig(cmd, 'requestType') === 'xml' && cmd.f.type === 'action')
    throw jeedomError(0, 'Vous ne pouvez pas avoir un script de type XML et action');
}

/** scriptCmd::postSave(): an info with a request is refreshed at once (its equipment must exist). */
async function cmdPostSave(box: Box, cmd: PhpObject): Promise<void> {
  if (isRefresh(cmd)) return;
  const eq = cmdEqLogic(box, cmd);
  if (!eq) throw new PhpFatalError('Call to a member function getIsEnable() on null');
  if (!phpLooseEquals(get(EQLOGIC, eq, 'isEnable'), 1)) return;
  await refreshInfo(box, cmd, new Map());
}

/** refreshInfo(): infos with a non-empty request fetch it and update through checkAndUpdateCmd(). */
async function refreshInfo(box: Box, cmd: PhpObject, cache: Map<string, string>): Promise<void> {
  if (cmd.f.type !== 'info' || trimChars(phpString(cmdConfig(cmd, 'request'))) === '') return;
  const eq = cmdEqLogic(box, cmd);
  const value = await run(box, cmd, null, cache);
  if (eq) checkAndUpdateCmd(box, eq, cmd, value);
}

/** script->refreshAllInfo(): errors are only logged. */
async function refreshAllInfo(box: Box, eq: PhpObject | undefined): Promise<void> {
  if (!eq) return;
  const cache = new Map<string, string>();
  for (const cmd of cmdsOf(box, [eq.f.id]).filter((c) => c.f.type === 'info')) {
    cmd.extra.eqLogic = eq;
    try {
      await refreshInfo(box, cmd, cache);
    } catch {
      // log::add('script', 'error', …): nothing reaches the caller.
    }
  }
}

/** The option substitutions of execute() for an action. */
function applyOptions(cmd: PhpObject, request: string, options: unknown): string {
  const opts = (isPhpArray(options) ? options : {}) as Record<string, unknown>;
  const http = cmdConfig(cmd, 'requestType') === 'http';
  switch (cmd.f.subType) {
    case 'slider':
      return request.split('#slider#').join(phpString(opts.slider));
    case 'color':
      return request.split('#color#').join(http ? phpString(opts.color).slice(1) : phpString(opts.color));
    case 'select':
      return request.split('#select#').join(phpString(opts.select));
    case 'message':
      return applyMessage(request, opts, http);
  }
  return request;
}

function applyMessage(request: string, opts: Record<string, unknown>, http: boolean): string {
  const encode = (value: unknown) => {
    if (isPhpArray(value))
      throw new PhpFatalError('urlencode(): Argument #1 ($string) must be of type string, array given');
    return http ? phpUrlencode(phpString(value)) : phpString(value);
  };
  const [title, message] = [encode(opts.title), encode(opts.message)];
  if (phpLooseEquals(opts.message, '') && phpLooseEquals(opts.title, ''))
    throw jeedomError(0, 'Le message et le sujet ne peuvent pas être vide');
  return request.split('#title#').join(title).split('#message#').join(message);
}

/** replaceTags(): setTags(), then every `'` removed, then #eqLogic_id# and #cmd_id#. */
function replaceTags(box: Box, cmd: PhpObject, request: string): string {
  return setTags(box, request)
    .replace(/'/g, '')
    .split('#eqLogic_id#')
    .join(phpString(cmd.f.eqLogic_id))
    .split('#cmd_id#')
    .join(phpString(cmd.f.id));
}

async function httpRequest(box: Box, cmd: PhpObject, url: string, options: unknown): Promise<string> {
  const [user, password] = [cmdConfig(cmd, 'http_username'), cmdConfig(cmd, 'http_password')];
  const auth = !phpLooseEquals(user, '') && !phpLooseEquals(password, '');
  const fast =
    isPhpArray(options) && phpLooseEquals((options as Record<string, unknown>).speedAndNoErrorReport, true);
  const call = {
    cmdId: Number(cmd.f.id),
    url,
    username: auth ? phpString(user) : '',
    password: auth ? phpString(password) : '',
    timeout: fast ? 0.1 : cmdConfig(cmd, 'timeout', 2),
    maxRetry: fast ? 1 : cmdConfig(cmd, 'maxHttpRetry', 3),
    allowEmptyReply: phpLooseEquals(cmdConfig(cmd, 'allowEmptyResponse'), 1),
    noReportError: fast || phpLooseEquals(cmdConfig(cmd, 'doNotReportHttpError'), 1),
  };
  const body = await box.http.exec(call);
  // The fast path throws its answer away: $result stays false.
  return fast ? '' : trimChars(body);
}

/** scriptCmd::execute() minus the refresh branch. */
async function run(box: Box, cmd: PhpObject, options: unknown, cache: Map<string, string>): Promise<unknown> {
  let request = phpString(cmdConfig(cmd, 'request')).split('#API#').join(box.state.coreKey);
  if (trimChars(request) === '')
    throw jeedomError(0, `La requête ne peut pas être vide : ${printR(CMD, cmd)}`);
  const hasOptions = isPhpArray(options) ? Object.keys(options).length > 0 : !phpIsBlank(options);
  if (hasOptions && cmd.f.type === 'action') request = applyOptions(cmd, request, options);
  request = replaceTags(box, cmd, request);
  const type = phpString(cmdConfig(cmd, 'requestType'));
  if (['script', 'xml', 'json', 'html'].includes(type))
    throw new Error(`Simulator: script requestType "${type}" is not simulated`);
  if (type !== 'http') return null;
  const url = request.replace(/"/g, '%22').replace(/ /g, '%20').split('json::').join('');
  const cached = cmd.f.type === 'info' ? cache.get(url) : undefined;
  const result = cached ?? (await httpRequest(box, cmd, url, options));
  if (cmd.f.type === 'info') cache.set(url, result);
  const must = trimChars(phpString(cmdConfig(cmd, 'reponseMustContain')));
  if (must !== '' && !result.includes(must)) {
    const shown = phpString(cmdConfig(cmd, 'reponseMustContain'));
    throw jeedomError(0, `La réponse ne contient pas "${shown}" : "${result}"`);
  }
  return cmd.f.type === 'info' ? result : null;
}

async function execute(box: Box, cmd: PhpObject, options: unknown): Promise<unknown> {
  const eq = cmdEqLogic(box, cmd);
  if (isRefresh(cmd)) {
    await refreshAllInfo(box, eq);
    return null;
  }
  const result = await run(box, cmd, options, new Map());
  if (cmd.f.type !== 'action') return result;
  const delay = eq ? getJsonAttr(get(EQLOGIC, eq, 'configuration'), 'delayBeforeRefrehInfo') : '';
  if (phpTruthy(delay)) await box.http.wait(Number(delay) * 1000);
  await refreshAllInfo(box, eq);
  return null;
}

export const SCRIPT_HOOKS: PluginHooks = {
  eqLogicPostSave,
  cmdPreSave,
  cmdPostSave,
  dontRemoveCmd: isRefresh,
  execute,
};
