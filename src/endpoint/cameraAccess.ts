import { JeedomClient } from '../jeedom/JeedomClient';

/**
 * `camera=` with a room token (SPEC §6): only a camera that is enabled and visible in Jeedom. A room token
 * sits in the equipment's commands and, base64-encoded, in the server's request log: whoever reads either
 * must not reach a camera Jeedom's admin chose to hide. The master secret reaches every camera.
 */
export async function cameraAllowed(client: JeedomClient, wanted: string): Promise<boolean> {
  const cameras = await client.cameras();
  const key = wanted.trim().toLowerCase();
  const camera =
    cameras.find((c) => c.id === key) ?? cameras.find((c) => c.name.trim().toLowerCase() === key);
  return !!camera && camera.isEnable && camera.isVisible;
}
