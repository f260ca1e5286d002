/** An installed plugin: what its plugin_info/info.json declares, plus its `active` config. */
export interface SimPlugin {
  id: string;
  name: string;
  active: boolean;
  category?: string;
  description?: string;
  author?: string;
  require?: string;
  display?: string;
  mobile?: string;
  hasDependency?: boolean | number;
  hasOwnDeamon?: boolean | number;
  /** Static methods of the plugin class (`interact`, `cron5`, `deadCmd`…), shown in `functionality`. */
  functions?: string[];
}

/** jeedom/plugin-script plugin_info/info.json. */
export const SCRIPT_PLUGIN: SimPlugin = {
  id: 'script',
  name: 'Script',
  active: true,
  category: 'programming',
  author: 'Jeedom SAS',
  require: '4.3',
  description:
    "Plugin ajoutant le support des scripts dans Jeedom. Les scripts sont des programmes en Python/PHP/Shell/Ruby etc... qui permettent d'ajouter des fonctions à Jeedom",
};

/** jeedom/plugin-camera plugin_info/info.json. */
export const CAMERA_PLUGIN: SimPlugin = {
  id: 'camera',
  name: 'Caméra',
  active: true,
  category: 'security',
  author: 'Jeedom SAS',
  require: '4.2',
  display: 'panel',
  mobile: 'panel',
  hasDependency: true,
  hasOwnDeamon: true,
  functions: ['interact', 'cron5', 'cronHourly', 'deadCmd'],
  description:
    "Plugin permettant l'affichage des caméras IP. L'affichage vidéo de la caméra s'effectue par snapshots (captures) successives toutes les secondes. Le plugin est compatible avec les cameras RTSP.",
};

const CONTROLABLE = ['interact', 'cron', 'cron5', 'cron10', 'cron15', 'cron30', 'cronHourly', 'cronDaily'];
const FUNCTIONALITY_KEYS: Record<string, string> = { deadcmd: 'deadCmd', health: 'health' };

// Jeedom autoloads a plugin class only when the plugin is active, so method_exists() is false otherwise.
function functionality(plugin: SimPlugin): Record<string, { exists: boolean; controlable: number }> {
  const has = (fn: string) => plugin.active && (plugin.functions ?? []).includes(fn);
  const result: Record<string, { exists: boolean; controlable: number }> = {};
  for (const fn of CONTROLABLE) result[fn] = { exists: has(fn), controlable: 1 };
  for (const [key, fn] of Object.entries(FUNCTIONALITY_KEYS))
    result[key] = { exists: has(fn), controlable: 0 };
  return result;
}

/**
 * utils::o2a(plugin) as plugin::listPlugin returns it: every property of the PHP class, in
 * declaration order. There is no activation field: only `activateOnly: 1` tells what is active.
 */
export function pluginToArray(plugin: SimPlugin, language = 'fr_FR'): Record<string, unknown> {
  const category = plugin.category ?? '';
  const doc = `https://doc.jeedom.com/${language}/plugins/${category}/${plugin.id}/`;
  return {
    id: plugin.id,
    name: plugin.name,
    description: plugin.description ?? '',
    license: 'AGPL',
    installation: '',
    author: plugin.author ?? '',
    require: plugin.require ?? '',
    requireOsVersion: '',
    category,
    filepath: `/var/www/html/core/class/../../plugins/${plugin.id}/plugin_info/info.json`,
    index: plugin.id,
    display: plugin.display ?? '',
    mobile: plugin.mobile ?? '',
    eventjs: 0,
    hasDependency: plugin.hasDependency ?? 0,
    hasTtsEngine: 0,
    maxDependancyInstallTime: 30,
    hasOwnDeamon: plugin.hasOwnDeamon ?? 0,
    issue: '',
    changelog: `${doc}changelog`,
    documentation: doc,
    changelog_beta: `${doc}beta/changelog`,
    documentation_beta: `${doc}beta`,
    source: 'market',
    whiteListFolders: [],
    specialAttributes: { object: [], user: [], eqLogic: [] },
    info: [],
    include: { file: plugin.id, type: 'class' },
    functionality: functionality(plugin),
    usedSpace: 0,
  };
}

/** plugin::orderPlugin: by ASCII-lower-cased name (PHP strtolower leaves accents alone). */
export function comparePlugins(a: SimPlugin, b: SimPlugin): number {
  const al = a.name.replace(/[A-Z]/g, (c) => c.toLowerCase());
  const bl = b.name.replace(/[A-Z]/g, (c) => c.toLowerCase());
  return al === bl ? 0 : al > bl ? 1 : -1;
}
