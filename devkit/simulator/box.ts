// What the equipment side of the box is made of, passed to method modules and plugin hooks.
import type { EquipmentState } from './equipment';
import type { PhpObject } from './model';
import type { ObjectTable } from './objects';
import type { ScriptHttp } from './scriptHttp';
import type { SimState } from './state';

/** The methods a plugin's classes (`<id>`, `<id>Cmd`) override. Absent = the core behaviour. */
export interface PluginHooks {
  eqLogicPostSave?(box: Box, eqLogic: PhpObject): Promise<void>;
  cmdPreSave?(box: Box, cmd: PhpObject): void;
  cmdPostSave?(box: Box, cmd: PhpObject): Promise<void>;
  dontRemoveCmd?(cmd: PhpObject): boolean;
  /** cmd->execute($options); core cmd::execute() returns false. */
  execute?(box: Box, cmd: PhpObject, options: unknown): Promise<unknown>;
}

export interface Box {
  state: SimState;
  objects: ObjectTable;
  equipment: EquipmentState;
  http: ScriptHttp;
  /** Hooks by plugin id (lower case). */
  hooks: Readonly<Record<string, PluginHooks>>;
}

/**
 * class_exists($type) && class_exists($type . 'Cmd'): plugin classes autoload only while the plugin is active
 * (core.inc.php jeedomAutoload), and PHP class names are case-insensitive. Returns the plugin id.
 */
export function pluginClass(box: Box, type: unknown): string | null {
  if (typeof type !== 'string' && typeof type !== 'number') return null;
  const wanted = String(type).toLowerCase();
  for (const plugin of box.state.plugins.values()) {
    if (plugin.active && plugin.id.toLowerCase() === wanted) return plugin.id.toLowerCase();
  }
  return null;
}

export function hooksOf(box: Box, obj: PhpObject): PluginHooks {
  return (obj.cls !== null && box.hooks[obj.cls]) || {};
}
