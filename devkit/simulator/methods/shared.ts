// Rights and echoes shared by the object, eqLogic and cmd methods of jeeApi.
import type { Box } from '../box';
import { cmdEqLogic } from '../cmdModel';
import { PhpFatalError } from '../errors';
import type { PhpObject } from '../model';
import { secureXSS } from '../php';
import { isPhpArray, phpString } from '../phpFunctions';
import type { SimUser } from '../state';

/** eqLogic->hasRight($right, $user): admin and user profiles see everything, restrict only its rights. */
export function eqLogicHasRight(box: Box, user: SimUser, eq: PhpObject, right: 'r' | 'w' | 'x'): boolean {
  if (user.profile === 'admin' || user.profile === 'user') return true;
  return box.equipment.rightsOf(user.login, eq.f.id).includes(right);
}

/** cmd->hasRight($user): `x` on the equipment for an action, `r` otherwise. */
export function cmdHasRight(box: Box, user: SimUser, cmd: PhpObject): boolean {
  const eq = cmdEqLogic(box, cmd);
  if (!eq) throw new PhpFatalError('Call to a member function hasRight() on null');
  return eqLogicHasRight(box, user, eq, cmd.f.type === 'action' ? 'x' : 'r');
}

/** secureXSS($params['id']) in a message: arrays are a TypeError, null prints nothing. */
export function echoParam(value: unknown): string {
  if (isPhpArray(value))
    throw new PhpFatalError('htmlspecialchars(): Argument #1 ($string) must be of type string');
  return secureXSS(phpString(value));
}

/** class_exists() needs a string: an array is a TypeError. */
export function typeName(value: unknown): string {
  if (isPhpArray(value))
    throw new PhpFatalError('class_exists(): Argument #1 ($class) must be of type string, array given');
  return phpString(value);
}
