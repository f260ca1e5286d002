import { createHash } from 'crypto';
import { DesiredEquipment } from './shape';

/** A stable hash of a desired shape: equal fingerprints mean there is nothing to write. */
export function fingerprint(desired: DesiredEquipment): string {
  return createHash('sha256').update(JSON.stringify(desired)).digest('hex');
}
