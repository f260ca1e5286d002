import { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import { pruneOldCalls } from '../storage/PostedCallStore';
import { AskStore } from '../storage/AskStore';

/**
 * The periodic job's storage clean-up: endpoint call records past their minute, questions a week past their
 * timeout. It needs nothing from Jeedom, so it runs whatever Jeedom's state: records would otherwise pile up
 * exactly while Jeedom is down or misconfigured.
 */
export async function cleanUpStorage(
  reader: IPersistenceRead,
  persis: IPersistence,
  now = Date.now(),
): Promise<{ calls: number; asks: number }> {
  const asks = await AskStore.prune(reader, persis, now);
  const calls = await pruneOldCalls(reader, persis, now);
  return { calls, asks };
}
