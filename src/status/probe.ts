import { JeedomClient } from '../jeedom/JeedomClient';
import { isJeedomError, JeedomError } from '../jeedom/JeedomError';

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: JeedomError };

export type PluginState = 'active' | 'inactive' | 'missing';

export interface JeedomProbe {
  version: Outcome<string>;
  /** Only asked when the key works: admin rights, read from an admin-only method. */
  admin?: Outcome<boolean>;
  scriptPlugin?: Outcome<PluginState>;
}

async function attempt<T>(work: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (isJeedomError(error)) return { ok: false, error };
    throw error;
  }
}

/** `user::all` is admin-only and read-only: a refusal for rights means the key is not an admin's. */
async function hasAdminRights(client: JeedomClient): Promise<boolean> {
  try {
    await client.users();
    return true;
  } catch (error) {
    if (isJeedomError(error) && error.kind === 'rights') return false;
    throw error;
  }
}

/** Active plugins first: the usual case costs one call; the installed list only tells inactive from missing. */
async function scriptPluginState(client: JeedomClient): Promise<PluginState> {
  const active = await client.listPlugins(true);
  if (active.some((p) => p.id === 'script')) return 'active';
  const installed = await client.listPlugins(false);
  return installed.some((p) => p.id === 'script') ? 'inactive' : 'missing';
}

/**
 * What /jeedom status reports: reachability and version first; rights and plugin only when the key works
 * and the reader is to see them.
 */
export async function probeJeedom(client: JeedomClient, withDetails: boolean): Promise<JeedomProbe> {
  const version = await attempt(() => client.version());
  if (!version.ok || !withDetails) return { version };
  const [admin, scriptPlugin] = await Promise.all([
    attempt(() => hasAdminRights(client)),
    attempt(() => scriptPluginState(client)),
  ]);
  return { version, admin, scriptPlugin };
}
