// jeeApi `object::*` (alias `jeeObject::*`): any key, no rights filtering.
import type { Box } from '../box';
import { jeedomError } from '../errors';
import type { MethodRegistry } from '../types';
import { echoParam } from './shared';

export const OBJECT_NOT_FOUND = 'Objet introuvable :';

export function registerObjectMethods(registry: MethodRegistry, box: Box): void {
  for (const prefix of ['object', 'jeeObject']) {
    registry.register(`${prefix}::all`, {
      rights: 'any',
      handler: () => box.objects.all().map((object) => box.objects.toArray(object)),
    });
    registry.register(`${prefix}::byId`, {
      rights: 'any',
      handler: (params) => {
        const object = box.objects.byId(params.id);
        if (!object) throw jeedomError(-32601, `${OBJECT_NOT_FOUND} ${echoParam(params.id)}`);
        return box.objects.toArray(object);
      },
    });
  }
}
