// jeeApi `scenario::*`: all, byId, changeState, export (import and save are not simulated).
import type { Box } from '../box';
import { jeedomError } from '../errors';
import { phpLooseEquals } from '../phpFunctions';
import type { ScenarioEngine } from '../scenarioRun';
import { scenarioExport, scenarioToArray, type ScenarioRow, type ScenarioTable } from '../scenarios';
import type { MethodContext, MethodRegistry, Params } from '../types';
import { echoParam } from './shared';

export const SCENARIO_NOT_FOUND = 'Scénario introuvable :';
export const NO_SCENARIO_RIGHTS = "Vous n'avez pas les droits sur ce scénario";
export const BAD_STATE =
  'Le paramètre "state" ne peut être vide et doit avoir pour valeur [run,stop,enable,disable]';

export interface ScenarioDeps {
  box: Box;
  scenarios: ScenarioTable;
  engine: ScenarioEngine;
}

/** byId, then the right: `notFound` is -32703 for byId, -32702 for changeState and export. */
function found(deps: ScenarioDeps, params: Params, ctx: MethodContext, notFound: number, right: 'r' | 'w') {
  const row = deps.scenarios.byId(params.id);
  if (!row) throw jeedomError(notFound, `${SCENARIO_NOT_FOUND} ${echoParam(params.id)}`);
  if (ctx.user && !deps.scenarios.hasRight(ctx.user, row, right))
    throw jeedomError(-32701, NO_SCENARIO_RIGHTS);
  return row;
}

function changeState(deps: ScenarioDeps, row: ScenarioRow, state: unknown): unknown {
  if (phpLooseEquals(state, 'stop')) {
    deps.engine.stop(row);
    return true;
  }
  // 4.5 adds the tags trigger=api and trigger_message first; launch() runs it in its own process: true.
  if (phpLooseEquals(state, 'run')) return deps.engine.launch(row).launched;
  if (phpLooseEquals(state, 'enable') || phpLooseEquals(state, 'disable')) {
    row.isActive = phpLooseEquals(state, 'enable') ? 1 : 0;
    return true;
  }
  throw jeedomError(0, BAD_STATE);
}

export function registerScenarioMethods(registry: MethodRegistry, deps: ScenarioDeps): void {
  const { box, scenarios } = deps;
  registry.register('scenario::all', {
    rights: 'any',
    handler: (_p, ctx) =>
      scenarios
        .all(box)
        .filter((row) => ctx.user === null || scenarios.hasRight(ctx.user, row, 'r'))
        .map((row) => scenarioToArray(box, row)),
  });
  registry.register('scenario::byId', {
    rights: 'any',
    handler: (p, ctx) => scenarioToArray(box, found(deps, p, ctx, -32703, 'r')),
  });
  registry.register('scenario::changeState', {
    rights: 'any',
    handler: (p, ctx) => changeState(deps, found(deps, p, ctx, -32702, 'w'), p.state),
  });
  registry.register('scenario::export', {
    rights: 'any',
    handler: (p, ctx) => scenarioExport(box, scenarios, found(deps, p, ctx, -32702, 'w')),
  });
}
