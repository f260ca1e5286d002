export { JeedomSimulator } from './JeedomSimulator';
export type { SimKeys, SimulatorOptions } from './JeedomSimulator';
export { API_PATH, NOT_FOUND } from './server';
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
export { DEFAULT_OBJECTS, ObjectTable } from './objects';
export type { SimObject, SimObjectInput } from './objects';
export { EquipmentState } from './equipment';
export type {
  CmdEventListener,
  CmdExecuteListener,
  CmdRow,
  EqLogicRow,
  SimCmdEvent,
  SimCmdInput,
  SimEqLogicInput,
} from './equipment';
export type { DbIntegers } from './sql';
export type { ScriptRequest } from './scriptHttp';
export type { Box, PluginHooks } from './box';
export { SCRIPT_HOOKS } from './scriptPlugin';
export { CameraPlugin, SNAPSHOT_PATH, genKey } from './camera';
export type { SimCameraInput, SnapshotRequest } from './camera';
export { blockJpeg, cameraView } from './jpeg';
export type { Rgb } from './jpeg';
export { OBJECT_NOT_FOUND, registerObjectMethods } from './methods/object';
export { EQLOGIC_NOT_FOUND, TYPE_INCORRECT, registerEqLogicMethods } from './methods/eqLogic';
export {
  CMD_NOT_FOUND,
  CMD_NOT_FOUND_44,
  NO_CMD_RIGHTS,
  NOT_ALLOWED_TO_DO,
  registerCmdMethods,
} from './methods/cmd';
export { cleanComponanteName, phpUrlencode } from './phpFunctions';
export { DataStoreTable, dataStoreValue } from './dataStore';
export type { DataStoreRow } from './dataStore';
export {
  askOnlyElements,
  ScenarioTable,
  scenarioExport,
  scenarioHumanName,
  scenarioToArray,
  toHumanReadable,
} from './scenarios';
export type {
  ElementRow,
  ExpressionRow,
  ScenarioRow,
  SimElementInput,
  SimExpressionInput,
  SimScenarioInput,
  SimSubElementInput,
  SubElementRow,
} from './scenarios';
export { ScenarioEngine, UNFOUND_CMD } from './scenarioRun';
export type {
  AskOutcome,
  RunOptions,
  ScenarioError,
  ScenarioRunHandle,
  ScenarioRunOutcome,
} from './scenarioRun';
export {
  BAD_STATE,
  NO_SCENARIO_RIGHTS,
  SCENARIO_NOT_FOUND,
  registerScenarioMethods,
} from './methods/scenario';
export type { ScenarioDeps } from './methods/scenario';
export { registerDataStoreMethods } from './methods/datastore';
