export { JeedomSimulator } from './JeedomSimulator';
export type { SimKeys, SimulatorOptions } from './JeedomSimulator';
export { API_PATH } from './server';
export type { RouteHandler } from './server';
export type { HttpInput, Reply } from './transport';
export type { CallEntry, CallListener } from './callLog';
export { MISSING_ID } from './dialect';
export { coreErrors, JeedomError, jeedomError, MESSAGES, PhpFatalError } from './errors';
export { BAN_PAGE, GARBAGE_BODY } from './faults';
export type { Fault, FaultKind } from './faults';
export { registerCoreMethods } from './methods/core';
export { registerUserMethods } from './methods/users';
export {
  NOT_ALLOWED as INTERACT_NOT_ALLOWED,
  NOT_UNDERSTOOD,
  registerInteractMethods,
} from './methods/interact';
export { CAMERA_PLUGIN, SCRIPT_PLUGIN, pluginToArray } from './plugins';
export type { SimPlugin } from './plugins';
export {
  DEFAULT_CORE_KEY,
  DEFAULT_PLUGINS,
  DEFAULT_USERS,
  DEFAULT_VERSION,
  SimState,
  dialectOf,
} from './state';
export type { Dialect, Profile, SimInteraction, SimUser, StateOptions } from './state';
export type {
  Denial,
  MethodContext,
  MethodHandler,
  MethodRegistry,
  MethodSpec,
  Params,
  Rights,
} from './types';
