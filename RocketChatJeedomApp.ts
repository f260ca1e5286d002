import {
  IAppAccessors,
  IConfigurationExtend,
  IConfigurationModify,
  IHttp,
  ILogger,
  IModify,
  IPersistence,
  IRead,
} from '@rocket.chat/apps-engine/definition/accessors';
import { ApiSecurity, ApiVisibility } from '@rocket.chat/apps-engine/definition/api';
import { App } from '@rocket.chat/apps-engine/definition/App';
import { IMessage, IPostMessageSent } from '@rocket.chat/apps-engine/definition/messages';
import { IAppInfo } from '@rocket.chat/apps-engine/definition/metadata';
import { ISetting } from '@rocket.chat/apps-engine/definition/settings';
import {
  IPostRoomDeleted,
  IPostRoomUserJoined,
  IPostRoomUserLeave,
  IRoom,
  IRoomUserJoinedContext,
  IRoomUserLeaveContext,
} from '@rocket.chat/apps-engine/definition/rooms';
import { StartupType } from '@rocket.chat/apps-engine/definition/scheduler';
import { ISettingUpdateContext } from '@rocket.chat/apps-engine/definition/settings/ISettingUpdateContext';
import {
  IUIKitInteractionHandler,
  IUIKitResponse,
  UIKitBlockInteractionContext,
  UIKitViewSubmitInteractionContext,
} from '@rocket.chat/apps-engine/definition/uikit';
import {
  ADD_PERSON_JOB,
  ASK_EXPIRE_JOB,
  AskHandlers,
  AUDIT_REFUSED_JOB,
  decideLinkRequest,
  expireAsk,
  expireLinkRequest,
  flushRefusedCalls,
  ATTACH_JOB,
  checkSettingUpdate,
  currentLogger,
  forgetCachedSecret,
  INFO_RETRY_JOB,
  isOwnMessage,
  jobLogger,
  JeedomCommand,
  JeedomEndpoint,
  LINK_EXPIRE_JOB,
  PeopleHandlers,
  PostMessageSentHandler,
  ProvisioningHandlers,
  redactEveryLine,
  redactingLogger,
  retireGeneratedSecret,
  runAttachJob,
  SECRET_JOB,
  SETTINGS,
  SYNC_INTERVAL,
  SYNC_JOB,
  useProvidedEndpoints,
} from './src/index';

/** Wiring only: every behaviour lives in src/, by capability. */
export class RocketChatJeedomApp
  extends App
  implements
    IPostMessageSent,
    IPostRoomUserJoined,
    IPostRoomUserLeave,
    IPostRoomDeleted,
    IUIKitInteractionHandler
{
  constructor(info: IAppInfo, logger: ILogger, accessors: IAppAccessors) {
    super(info, logger, accessors);
  }

  /** The engine logs hook results through this logger: password settings must not reach the app's logs. */
  public getLogger(): ILogger {
    return redactingLogger(super.getLogger());
  }

  // (No type annotation: the bundle the compiler sees exports values, not types.)
  private provisioning() {
    return new ProvisioningHandlers(this.getID(), this.getLogger());
  }

  /** The bot's own posts (every endpoint notification) skip the message hook entirely. */
  public async checkPostMessageSent(message: IMessage, read: IRead): Promise<boolean> {
    return !(await isOwnMessage(message.sender, read.getUserReader()));
  }

  public async executePostMessageSent(
    message: IMessage,
    read: IRead,
    http: IHttp,
    persis: IPersistence,
    modify: IModify,
  ): Promise<void> {
    await new PostMessageSentHandler(this.getID(), this.getLogger()).handle(
      message,
      read,
      http,
      persis,
      modify,
    );
  }

  public async executePostRoomUserJoined(
    context: IRoomUserJoinedContext,
    read: IRead,
    http: IHttp,
    persis: IPersistence,
    modify?: IModify,
  ): Promise<void> {
    await this.provisioning().userJoined(context.joiningUser, context.room, { read, http, persis, modify });
  }

  public async executePostRoomUserLeave(
    context: IRoomUserLeaveContext,
    read: IRead,
    http: IHttp,
    persis: IPersistence,
  ): Promise<void> {
    await this.provisioning().roomGone(context.room, { read, http, persis }, context.leavingUser);
  }

  public async executePostRoomDeleted(
    room: IRoom,
    read: IRead,
    http: IHttp,
    persis: IPersistence,
  ): Promise<void> {
    await this.provisioning().roomGone(room, { read, http, persis });
  }

  /** Buttons: the people panel, link request cards, ask answers. */
  public async executeBlockActionHandler(
    context: UIKitBlockInteractionContext,
    read: IRead,
    http: IHttp,
    persis: IPersistence,
    modify: IModify,
  ): Promise<IUIKitResponse> {
    const data = context.getInteractionData();
    const responder = context.getInteractionResponder();
    const acc = { read, http, persis, modify };
    const people = await new PeopleHandlers().button(data, responder, acc);
    if (people) return people;
    if (!(await decideLinkRequest(data, acc))) await new AskHandlers(this.getLogger()).button(data, acc);
    return responder.successResponse();
  }

  /** The people panel's "link someone" modal. */
  public async executeViewSubmitHandler(
    context: UIKitViewSubmitInteractionContext,
    read: IRead,
    http: IHttp,
    persis: IPersistence,
    modify: IModify,
  ): Promise<IUIKitResponse> {
    const responder = context.getInteractionResponder();
    const result = await new PeopleHandlers().submit(context.getInteractionData(), responder, {
      read,
      http,
      persis,
      modify,
    });
    return result ?? responder.successResponse();
  }

  /**
   * A refused value keeps the old one, with a translated alert under the field. Engine 1.62 logs the result
   * with this request's own logger, past `getLogger()`'s wrapper: that logger is made to redact first.
   */
  public async onPreSettingUpdate(context: ISettingUpdateContext): Promise<ISetting> {
    redactEveryLine(super.getLogger());
    return checkSettingUpdate(context.oldSetting, context.newSetting) as ISetting;
  }

  public async onSettingUpdated(setting: ISetting, configurationModify: IConfigurationModify): Promise<void> {
    forgetCachedSecret();
    if (setting.id === 'webhook_secret')
      await configurationModify.scheduler.scheduleOnce({ id: SECRET_JOB, when: new Date() });
  }

  protected async extendConfiguration(configuration: IConfigurationExtend): Promise<void> {
    await Promise.all(SETTINGS.map((setting) => configuration.settings.provideSetting(setting)));
    // Built once, they log through the logger of the request at hand (the engine gives one per request).
    const logger = currentLogger(() => this.getLogger());
    await configuration.slashCommands.provideSlashCommand(new JeedomCommand(this, logger));
    // Jeedom → chat. PRIVATE: the URL carries this installation's hash, so whoever does not hold the address
    // cannot reach the app's runtime at all (README, Security). UNSECURE is the engine's only option: the
    // endpoint checks credentials itself.
    await configuration.api.provideApi({
      visibility: ApiVisibility.PRIVATE,
      security: ApiSecurity.UNSECURE,
      endpoints: [new JeedomEndpoint(this, logger)],
    });
    useProvidedEndpoints(() => this.getAccessors().providedApiEndpoints);
    // Provisioning jobs log through the job's own logger (engine 1.62 binds `this` to the app as the job sees it).
    const provisioning = (job: unknown) => new ProvisioningHandlers(this.getID(), jobLogger(job, logger));
    await configuration.scheduler.registerProcessors([
      {
        id: SYNC_JOB,
        // At start (enable, update, restart) and then periodically.
        startupSetting: { type: StartupType.RECURRING, interval: SYNC_INTERVAL },
        processor: async function (this: unknown, _job, read, modify, http, persis) {
          return provisioning(this).syncAll({ read, http, persis, modify });
        },
      },
      {
        id: ASK_EXPIRE_JOB,
        processor: async (job, read, modify, http, persis) =>
          expireAsk(String(job.askId ?? ''), { read, http, persis, modify }),
      },
      {
        id: LINK_EXPIRE_JOB,
        processor: async (job, read, modify, http, persis) =>
          expireLinkRequest(String(job.requestId ?? ''), { read, http, persis, modify }),
      },
      {
        id: AUDIT_REFUSED_JOB,
        processor: async (job, read, modify, _http, persis) =>
          flushRefusedCalls({ read, persis, modify }, job.minute),
      },
      {
        id: ATTACH_JOB,
        // A function, not an arrow: engine 1.62 binds `this` to the app as seen by this job (its logger).
        processor: async function (this: unknown, job, read, modify, http) {
          return runAttachJob(job, { read, modify, http, logger: jobLogger(this, logger) });
        },
      },
      {
        id: SECRET_JOB,
        processor: async (_job, read, _modify, _http, persis) => retireGeneratedSecret(read, persis),
      },
      {
        id: INFO_RETRY_JOB,
        processor: async function (this: unknown, job, read, modify, http, persis) {
          return provisioning(this).retryInfos({ read, http, persis, modify }, job.roomId);
        },
      },
      {
        id: ADD_PERSON_JOB,
        processor: async function (this: unknown, job, read, modify, http, persis) {
          return provisioning(this).addPerson({ read, http, persis, modify }, job.roomId, job.userId);
        },
      },
    ]);
  }
}
