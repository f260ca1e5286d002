// The only module the main class imports: the build bundles this file (and zod) into one unit.
export { expireAsk } from './asks/answerAsk';
export { ASK_EXPIRE_JOB } from './asks/offerAsk';
export { AskHandlers } from './handlers/AskHandlers';
export { AUDIT_REFUSED_JOB, flushRefusedCalls } from './audit/refused';
export { decideLinkRequest, expireLinkRequest, LINK_EXPIRE_JOB } from './people/linkRequests';
export { PeopleHandlers } from './people/PeopleHandlers';
export { JeedomCommand } from './commands/JeedomCommand';
export { JeedomEndpoint } from './endpoint/JeedomEndpoint';
export { PostMessageSentHandler } from './handlers/PostMessageSentHandler';
export { ProvisioningHandlers, SYNC_INTERVAL, SYNC_JOB } from './handlers/ProvisioningHandlers';
export { currentLogger, jobLogger, redactEveryLine, redactingLogger } from './logging/redactingLogger';
export { INFO_RETRY_JOB } from './provisioning/infoUpdates';
export { SETTINGS } from './settings/definitions';
export { useProvidedEndpoints } from './webhook/address';
export { forgetCachedSecret, retireGeneratedSecret, SECRET_JOB } from './webhook/secrets';
export { isOwnMessage } from './chat/botIdentity';
export { checkSettingUpdate } from './settings/validate';
export { ATTACH_JOB, runAttachJob } from './endpoint/attachments';
