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
import {
  IUIKitInteractionHandler,
  IUIKitResponse,
  UIKitBlockInteractionContext,
} from '@rocket.chat/apps-engine/definition/uikit';
import {
  ASK_EXPIRE_JOB,
  AskHandlers,
  expireAsk,
  INFO_RETRY_JOB,
  JeedomCommand,
  JeedomEndpoint,
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

  /**
   * Nothing to change in a setting: no result keeps the new setting as it is (the engine saves
   * `result || newSetting`). Engine 1.62 logs this method's result with its own per-request logger, past the
   * redaction above: the default (the setting itself) would put the API key in the app's logs.
   */
  public async onPreSettingUpdate(): Promise<ISetting> {
    return null as unknown as ISetting;
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

  /** Ask buttons. */
  public async executeBlockActionHandler(
    context: UIKitBlockInteractionContext,
    read: IRead,
    http: IHttp,
    persis: IPersistence,
    modify: IModify,
  ): Promise<IUIKitResponse> {
    const data = context.getInteractionData();
    await new AskHandlers(this.getLogger()).button(data, { read, http, persis, modify });
    return context.getInteractionResponder().successResponse();
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
        id: INFO_RETRY_JOB,
        processor: async (job, read, modify, http, persis) =>
          this.provisioning().retryInfos({ read, http, persis, modify }, job.roomId),
      },
    ]);
  }
}
