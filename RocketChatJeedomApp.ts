import { IAppAccessors, IConfigurationExtend, ILogger } from '@rocket.chat/apps-engine/definition/accessors';
import { App } from '@rocket.chat/apps-engine/definition/App';
import { IAppInfo } from '@rocket.chat/apps-engine/definition/metadata';
import { JeedomCommand, redactingLogger, SETTINGS } from './src/index';

/** Wiring only: every behaviour lives in src/, by capability. */
export class RocketChatJeedomApp extends App {
  constructor(info: IAppInfo, logger: ILogger, accessors: IAppAccessors) {
    super(info, logger, accessors);
  }

  /** The engine logs hook results through this logger: password settings must not reach the app's logs. */
  public getLogger(): ILogger {
    return redactingLogger(super.getLogger());
  }

  protected async extendConfiguration(configuration: IConfigurationExtend): Promise<void> {
    await Promise.all(SETTINGS.map((setting) => configuration.settings.provideSetting(setting)));
    await configuration.slashCommands.provideSlashCommand(new JeedomCommand(this.getLogger()));
  }
}
