import { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { IApiEndpointMetadata } from '@rocket.chat/apps-engine/definition/api';
import { SettingId } from '../settings/definitions';

/** The endpoint's own path segment; the engine puts it after the app's (private) base path. */
export const ENDPOINT_PATH = 'jeedom';

type EndpointSource = () => readonly IApiEndpointMetadata[] | undefined;

let provided: EndpointSource = () => [];

/**
 * The main class hands over the app's provided endpoints (`getAccessors().providedApiEndpoints`): the
 * engine fills them after registration, with the private hash of this installation in `computedPath`.
 */
export function useProvidedEndpoints(source: EndpointSource): void {
  provided = source;
}

/** `/api/apps/private/<appId>/<hash>/jeedom` as the engine computed it; never built by hand. */
export function endpointPath(): string | undefined {
  return provided()?.find((e) => e.path === ENDPOINT_PATH)?.computedPath;
}

function usableUrl(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  try {
    const url = new URL(raw.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href.replace(/\/+$/, '') : undefined;
  } catch {
    return undefined;
  }
}

/** `public_url`, else the server's Site URL: where Jeedom's script commands will call the app. */
export async function publicUrl(read: IRead): Promise<string | undefined> {
  const own = await read.getEnvironmentReader().getSettings().getValueById(SettingId.PublicUrl);
  if (typeof own === 'string' && own.trim() !== '') return usableUrl(own);
  return usableUrl(await read.getEnvironmentReader().getServerSettings().getValueById('Site_Url'));
}

/** The full address Jeedom calls, or undefined when the server's address or the endpoint is not known yet. */
export async function endpointUrl(read: IRead): Promise<string | undefined> {
  const path = endpointPath();
  const base = path ? await publicUrl(read) : undefined;
  return base && path ? `${base}${path}` : undefined;
}
