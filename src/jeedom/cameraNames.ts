import { IHttp } from '@rocket.chat/apps-engine/definition/accessors';
import { z } from 'zod';
import { JeedomConfig } from './config';
import { JeedomClient } from './JeedomClient';
import { isJeedomError, JeedomError } from './JeedomError';
import { listResult } from './schemas';

// Names only: the cameras' configurations hold their keys, which the schema drops.
const namesSchema = listResult(z.object({ name: z.string() }));

/** Whether a snapshot failed because no camera has that name or id (not because Jeedom failed). */
export function isUnknownCamera(error: unknown): error is JeedomError {
  return isJeedomError(error) && error.kind === 'not_found' && /^no camera /.test(error.message);
}

/** The names of Jeedom's cameras, to tell someone who asked for one that does not exist; [] if unreadable. */
export async function cameraNames(http: IHttp, config: JeedomConfig): Promise<string[]> {
  try {
    const cameras = await new JeedomClient(http, config).call(
      'eqLogic::byType',
      { type: 'camera' },
      namesSchema,
    );
    return cameras.map((c) => c.name).sort((a, b) => a.localeCompare(b));
  } catch (error) {
    if (isJeedomError(error)) return [];
    throw error;
  }
}
