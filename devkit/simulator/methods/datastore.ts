// jeeApi `datastore::*`: read and write a dataStore row (a scenario variable: type `scenario`, linkId -1).
import type { DataStoreTable } from '../dataStore';
import type { MethodRegistry } from '../types';

export function registerDataStoreMethods(registry: MethodRegistry, dataStore: DataStoreTable): void {
  // utils::o2a(false) of a missing row is [] ("ok" on 4.5).
  registry.register('datastore::byTypeLinkIdKey', {
    rights: 'admin_or_user',
    handler: (p) => {
      const row = dataStore.find(p.type, p.linkId, p.key);
      return row ? dataStore.toArray(row) : [];
    },
  });
  // postSave() (scenarios triggered by variable(<key>), info cmds computed from it) is not simulated.
  registry.register('datastore::save', {
    rights: 'admin',
    handler: (p) => {
      dataStore.save(p.type, p.linkId, p.key, p.value);
      return 'ok';
    },
  });
}
