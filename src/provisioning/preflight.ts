import { IHttp, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { endpointPath, publicUrl } from '../webhook/address';
import { webhookSecret } from '../webhook/secrets';
import { describeJeedomError } from '../i18n/describeError';
import { toLanguage, Translate, translator } from '../i18n/translate';
import { JeedomClient } from '../jeedom/JeedomClient';
import { isJeedomError } from '../jeedom/JeedomError';
import { SettingId } from '../settings/definitions';
import { readJeedomConfig } from '../settings/jeedomSettings';

export interface ProvisioningEnv {
  client: JeedomClient;
  /** `<public url>/api/apps/private/<appId>/<hash>/jeedom`, as the engine gave it */
  endpointUrl: string;
  secret: string;
  objectId: number | null;
  timeoutSeconds: number;
  /** Command names in Jeedom's own language (config `language`); undefined when Jeedom would not say. */
  jeedomT?: Translate;
}

type Preflight = { ok: true; env: ProvisioningEnv } | { ok: false; problems: string[] };

async function resolveObject(client: JeedomClient, wanted: unknown): Promise<number | null | undefined> {
  if (typeof wanted !== 'string' || wanted.trim() === '') return null;
  const objects = await client.objects();
  const key = wanted.trim().toLowerCase();
  const found = objects.find((o) => o.id === key) ?? objects.find((o) => o.name.trim().toLowerCase() === key);
  return found ? Number(found.id) : undefined;
}

async function jeedomChecks(
  client: JeedomClient,
  read: IRead,
  t: Translate,
): Promise<string[] | number | null> {
  const [active, admin, objectId] = await Promise.all([
    client.listPlugins(true),
    client.users().then(
      () => true,
      (error: unknown) => (isJeedomError(error) && error.kind === 'rights' ? false : Promise.reject(error)),
    ),
    resolveObject(
      client,
      await read.getEnvironmentReader().getSettings().getValueById(SettingId.JeedomObject),
    ),
  ]);
  const problems: string[] = [];
  if (!active.some((p) => p.id === 'script')) {
    const installed = await client.listPlugins(false);
    problems.push(
      t(installed.some((p) => p.id === 'script') ? 'status_plugin_inactive' : 'status_plugin_missing'),
    );
  }
  if (!admin) problems.push(t('status_key_not_admin'));
  if (objectId === undefined) problems.push(t('preflight_object_unknown'));
  return problems.length ? problems : (objectId ?? null);
}

/**
 * Jeedom's own language (`config::byKey language`: `fr_FR`, `en_US`, `de_DE`…): the names of the commands the
 * app creates follow it, as Jeedom's own do. A language we do not speak gives English; a box that will not say
 * (an error) gives undefined, and the caller keeps its own choice.
 */
async function jeedomLanguage(client: JeedomClient): Promise<Translate | undefined> {
  try {
    const value = await client.configValue('language');
    return translator(typeof value === 'string' ? (toLanguage(value) ?? 'en') : 'en');
  } catch (error) {
    if (isJeedomError(error)) return undefined;
    throw error;
  }
}

/**
 * Before any write to Jeedom: the script plugin active, an admin-capable key, an address Jeedom can call,
 * the configured object found. Each problem says exactly what to fix.
 */
export async function preflight(
  read: IRead,
  http: IHttp,
  persis: IPersistence,
  t: Translate,
  /** The invocation's deadline: the client given back keeps it for every later call. */
  deadlineAt?: number,
): Promise<Preflight> {
  const config = await readJeedomConfig(read);
  if (!config.ok) return { ok: false, problems: [t('chat_not_configured')] };
  const base = await publicUrl(read);
  if (!base) return { ok: false, problems: [t('preflight_public_url')] };
  const path = endpointPath();
  if (!path) return { ok: false, problems: [t('error_internal')] };
  const client = new JeedomClient(http, config.config, deadlineAt);
  let checked: string[] | number | null;
  try {
    checked = await jeedomChecks(client, read, t);
  } catch (error) {
    if (!isJeedomError(error)) throw error;
    return { ok: false, problems: [describeJeedomError(error, t, config.config.timeoutMs / 1000)] };
  }
  if (Array.isArray(checked)) return { ok: false, problems: checked };
  const jeedomT = await jeedomLanguage(client);
  const secret = await webhookSecret(read, persis);
  if (!secret) return { ok: false, problems: [t('error_internal')] };
  const endpointUrl = `${base}${path}`;
  const timeoutSeconds = config.config.timeoutMs / 1000;
  return { ok: true, env: { client, endpointUrl, secret, objectId: checked, timeoutSeconds, jeedomT } };
}
