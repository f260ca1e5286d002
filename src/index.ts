// The only module the main class imports: the build bundles this file (and zod) into one unit.
export { JeedomCommand } from './commands/JeedomCommand';
export { PostMessageSentHandler } from './handlers/PostMessageSentHandler';
export { redactingLogger } from './logging/redactingLogger';
export { SETTINGS } from './settings/definitions';
