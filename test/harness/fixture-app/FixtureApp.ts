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
  IUIKitInteractionHandler,
  IUIKitResponse,
  UIKitBlockInteractionContext,
} from '@rocket.chat/apps-engine/definition/uikit';
import {
  answerPing,
  BenchEndpoint,
  EchoEndpoint,
  FixtureCommand,
  isPingFromSomeoneElse,
  isRelay,
  onBlockAction,
  PROCESSORS,
  relay,
} from './src/index';

/** A test-only app: each engine capability the harness simulates, reachable from a command, a message or a click. */
export class FixtureApp extends App implements IPostMessageSent, IUIKitInteractionHandler {
  constructor(info: IAppInfo, logger: ILogger, accessors: IAppAccessors) {
    super(info, logger, accessors);
  }

  protected async extendConfiguration(configuration: IConfigurationExtend): Promise<void> {
    await configuration.slashCommands.provideSlashCommand(new FixtureCommand());
    await configuration.api.provideApi({
      visibility: ApiVisibility.PUBLIC,
      security: ApiSecurity.UNSECURE,
      endpoints: [new EchoEndpoint(this), new BenchEndpoint(this)],
    });
    await configuration.scheduler.registerProcessors(PROCESSORS);
  }

  public async checkPostMessageSent(message: IMessage, read: IRead): Promise<boolean> {
    return isRelay(message) || isPingFromSomeoneElse(message, read);
  }

  public async executePostMessageSent(
    message: IMessage,
    _read: IRead,
    http: IHttp,
    _persistence: IPersistence,
    modify: IModify,
  ): Promise<void> {
    if (isRelay(message)) await relay(message, http, modify);
    else await answerPing(message, modify);
  }

  public async executeBlockActionHandler(
    context: UIKitBlockInteractionContext,
    read: IRead,
    _http: IHttp,
    _persistence: IPersistence,
    modify: IModify,
  ): Promise<IUIKitResponse> {
    return onBlockAction(context, read, modify);
  }
}
