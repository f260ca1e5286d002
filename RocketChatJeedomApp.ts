import {
  IAppAccessors,
  IConfigurationExtend,
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
import {
  IPostRoomDeleted,
  IPostRoomUserJoined,
  IPostRoomUserLeave,
  IRoom,
  IRoomUserJoinedContext,
  IRoomUserLeaveContext,
} from '@rocket.chat/apps-engine/definition/rooms';
import { StartupType } from '@rocket.chat/apps-engine/definition/scheduler';
import {
  IUIKitInteractionHandler,
  IUIKitResponse,
  UIKitBlockInteractionContext,
  UIKitViewSubmitInteractionContext,
} from '@rocket.chat/apps-engine/definition/uikit';
import {
  ASK_EXPIRE_JOB,
  AskHandlers,
  AUDIT_REFUSED_JOB,
  decideLinkRequest,
  expireAsk,
  expireLinkRequest,
  flushRefusedCalls,
  INFO_RETRY_JOB,
  JeedomCommand,
  JeedomEndpoint,
  LINK_EXPIRE_JOB,
  PeopleHandlers,
  PostMessageSentHandler,
  ProvisioningHandlers,
  redactingLogger,
  SETTINGS,
  SYNC_INTERVAL,
  SYNC_JOB,
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

  protected async extendConfiguration(configuration: IConfigurationExtend): Promise<void> {
    await Promise.all(SETTINGS.map((setting) => configuration.settings.provideSetting(setting)));
    await configuration.slashCommands.provideSlashCommand(new JeedomCommand(this.getID(), this.getLogger()));
    // Jeedom → chat. UNSECURE is the engine's only option: the endpoint checks credentials itself.
    await configuration.api.provideApi({
      visibility: ApiVisibility.PUBLIC,
      security: ApiSecurity.UNSECURE,
      endpoints: [new JeedomEndpoint(this, this.getLogger())],
    });
    await configuration.scheduler.registerProcessors([
      {
        id: SYNC_JOB,
        // At start (enable, update, restart) and then periodically.
        startupSetting: { type: StartupType.RECURRING, interval: SYNC_INTERVAL },
        processor: async (_job, read, modify, http, persis) =>
          this.provisioning().syncAll({ read, http, persis, modify }),
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
        id: INFO_RETRY_JOB,
        processor: async (job, read, modify, http, persis) =>
          this.provisioning().retryInfos({ read, http, persis, modify }, job.roomId),
      },
    ]);
  }
}
