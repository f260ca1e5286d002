import assert from 'node:assert/strict';
import { RocketChatHarness } from '../../devkit/harness/RocketChatHarness';
import { JeedomSimulator } from '../../devkit/simulator';
import { appZip } from './zip';

export interface House {
  rc: RocketChatHarness;
  sim: JeedomSimulator;
}

/** A Jeedom simulator and a Rocket.Chat with the app installed and pointed at it (URL and admin key). */
export async function startHouse(): Promise<House> {
  const sim = new JeedomSimulator();
  await sim.start();
  const rc = await RocketChatHarness.start({ zipPath: await appZip() });
  // The start-up sync (a recurring job due at once) ends before the suite sets anything: on a loaded machine it
  // otherwise read settings a suite set later, and created the equipments a suite's first sync expects to create.
  await rc.settled();
  await rc.setSetting('jeedom_url', sim.baseUrl);
  await rc.setSetting('jeedom_api_key', sim.keys.admin);
  return { rc, sim };
}

/**
 * Stops both, after the suite-wide secret check: no API key (nor the extra secrets a suite used) in any log
 * line, message, notice or URL the app produced.
 */
export async function stopHouse(house: House | undefined, extraSecrets: string[] = []): Promise<void> {
  if (!house) return;
  const leaks = house.rc.findSecrets([...Object.values(house.sim.keys), ...extraSecrets]);
  await house.rc.stop();
  await house.sim.stop();
  assert.deepEqual(leaks, [], 'no secret in any log line, message, notice or URL');
}
