import { JeedomClient } from './JeedomClient';
import { isJeedomError, JeedomError } from './JeedomError';

/** Whether a snapshot failed because no camera has that name or id (not because Jeedom failed). */
export function isUnknownCamera(error: unknown): error is JeedomError {
  return isJeedomError(error) && error.kind === 'not_found' && /^no camera /.test(error.message);
}

/** The names of Jeedom's cameras, to tell someone who asked for one that does not exist; [] if unreadable. */
export async function cameraNames(client: JeedomClient): Promise<string[]> {
  try {
    const cameras = await client.cameras();
    return cameras.map((c) => c.name).sort((a, b) => a.localeCompare(b));
  } catch (error) {
    if (isJeedomError(error)) return [];
    throw error;
  }
}
