import { IHttp } from '@rocket.chat/apps-engine/definition/accessors';
import { z } from 'zod';
import { JeedomConfig } from '../jeedom/config';
import { JeedomClient } from '../jeedom/JeedomClient';
import { jeedomId, listResult } from '../jeedom/schemas';

const flag = z.union([z.number(), z.string(), z.boolean()]).transform((v) => Number(v) === 1 || v === true);
const camerasSchema = listResult(
  z.object({ id: jeedomId, name: z.string(), isEnable: flag.catch(false), isVisible: flag.catch(false) }),
);

/**
 * `camera=` with a room token (SPEC §6): only a camera that is enabled and visible in Jeedom. A room token
 * sits in the equipment's commands and, base64-encoded, in the server's request log: whoever reads either
 * must not reach a camera Jeedom's admin chose to hide. The master secret reaches every camera.
 */
export async function cameraAllowed(http: IHttp, config: JeedomConfig, wanted: string): Promise<boolean> {
  const cameras = await new JeedomClient(http, config).call(
    'eqLogic::byType',
    { type: 'camera' },
    camerasSchema,
  );
  const key = wanted.trim().toLowerCase();
  const camera =
    cameras.find((c) => c.id === key) ?? cameras.find((c) => c.name.trim().toLowerCase() === key);
  return !!camera && camera.isEnable && camera.isVisible;
}
