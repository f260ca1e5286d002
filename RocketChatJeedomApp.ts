import {
  IAppAccessors,
  IConfigurationExtend,
  IHttp,
  ILogger,
  IModify,
  IPersistence,
  IRead,
} from '@rocket.chat/apps-engine/definition/accessors';
import { App } from '@rocket.chat/apps-engine/definition/App';
import { IMessage, IPostMessageSent } from '@rocket.chat/apps-engine/definition/messages';
import { IAppInfo } from '@rocket.chat/apps-engine/definition/metadata';
import { JeedomCommand, PostMessageSentHandler, redactingLogger, SETTINGS } from './src/index';

/** Wiring only: every behaviour lives in src/, by capability. */
export class RocketChatJeedomApp extends App implements IPostMessageSent {
  constructor(info: IAppInfo, logger: ILogger, accessors: IAppAccessors) {
    super(info, logger, accessors);
  }

  /** The engine logs hook results through this logger: password settings must not reach the app's logs. */
  public getLogger(): ILogger {
    return redactingLogger(super.getLogger());
  }

  public async executePostMessageSent(
    message: IMessage,
    read: IRead,
    http: IHttp,
    _persistence: IPersistence,
    modify: IModify,
  ): Promise<void> {
    await new PostMessageSentHandler(this.getLogger()).handle(message, read, http, modify);
  }

  protected async extendConfiguration(configuration: IConfigurationExtend): Promise<void> {
    await Promise.all(SETTINGS.map((setting) => configuration.settings.provideSetting(setting)));
    await configuration.slashCommands.provideSlashCommand(new JeedomCommand(this.getLogger()));
  }
}
