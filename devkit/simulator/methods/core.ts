import { phpLooseEqualsString } from '../php';
import { comparePlugins, pluginToArray, type SimPlugin } from '../plugins';
import type { SimState } from '../state';
import type { MethodRegistry, Params } from '../types';

/** getmicrotime(): seconds as a float, microsecond resolution. */
function microtime(): number {
  return (performance.timeOrigin + performance.now()) / 1000;
}

// `orderByCaterogy` (sic): plugins grouped by category, categories sorted, '' shown as 'Autre'.
function byCategory(plugins: SimPlugin[], state: SimState): Record<string, unknown[]> {
  const groups: Record<string, unknown[]> = {};
  for (const plugin of plugins) {
    const category = plugin.category || 'Autre';
    (groups[category] ??= []).push(pluginToArray(plugin, state.language));
  }
  return Object.fromEntries(
    Object.keys(groups)
      .sort()
      .map((key) => [key, groups[key]]),
  );
}

/** plugin::listPlugin: installed plugins, or only active ones with `activateOnly: 1`. */
function listPlugin(params: Params, state: SimState): unknown {
  const activeOnly = phpLooseEqualsString(params.activateOnly, '1');
  const plugins = [...state.plugins.values()].filter((p) => !activeOnly || p.active).sort(comparePlugins);
  if (phpLooseEqualsString(params.orderByCaterogy, '1')) return byCategory(plugins, state);
  return plugins.map((plugin) => pluginToArray(plugin, state.language));
}

/**
 * config::byKey: a core or plugin configuration value, with no rights check at all (as the real API). The
 * simulator keeps one key, `language` (the box language, `fr_FR` by default as core/config/default.config.ini);
 * any other key answers its `default` parameter, else ''.
 */
function configByKey(params: Params, state: SimState): unknown {
  const plugin = typeof params.plugin === 'string' && params.plugin !== '' ? params.plugin : 'core';
  if (plugin === 'core' && params.key === 'language') return state.language;
  return params.default ?? '';
}

export function registerCoreMethods(registry: MethodRegistry): void {
  registry.register('config::byKey', {
    rights: 'any',
    handler: (params, ctx) => configByKey(params, ctx.state),
  });
  registry.register('ping', { rights: 'none', handler: () => 'pong' });
  registry.register('version', { rights: 'any', handler: (_params, ctx) => ctx.state.version });
  registry.register('datetime', { rights: 'any', handler: () => microtime() });
  registry.register('jeedom::isOk', { rights: 'any', handler: (_params, ctx) => ctx.state.healthy });
  registry.register('plugin::listPlugin', {
    rights: 'any',
    handler: (params, ctx) => listPlugin(params, ctx.state),
  });
}
