import { IHttp } from '@rocket.chat/apps-engine/definition/accessors';
import { JeedomConfig } from './config';
import { JeedomClient } from './JeedomClient';
import { isJeedomError, JeedomError } from './JeedomError';

/** Whether a snapshot failed because no camera has that name or id (not because Jeedom failed). */
export function isUnknownCamera(error: unknown): error is JeedomError {
  return isJeedomError(error) && error.kind === 'not_found' && /^no camera /.test(error.message);
}

/** The names of Jeedom's cameras, to tell someone who asked for one that does not exist; [] if unreadable. */
export async function cameraNames(http: IHttp, config: JeedomConfig): Promise<string[]> {
  try {
    const cameras = await new JeedomClient(http, config).cameras();
    return cameras.map((c) => c.name).sort((a, b) => a.localeCompare(b));
  } catch (error) {
    if (isJeedomError(error)) return [];
    throw error;
  }
}
