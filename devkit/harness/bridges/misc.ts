import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import type { AppInterface } from '@rocket.chat/apps-engine/definition/metadata';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';
import type { ISlashCommand } from '@rocket.chat/apps-engine/definition/slashcommands';
import type { IUIKitInteraction } from '@rocket.chat/apps-engine/definition/uikit';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { AppManager } from '@rocket.chat/apps-engine/server/AppManager';
import type * as ApiBridgeModule from '@rocket.chat/apps-engine/server/bridges/ApiBridge';
import type * as AppActivationBridgeModule from '@rocket.chat/apps-engine/server/bridges/AppActivationBridge';
import type * as AppDetailChangesBridgeModule from '@rocket.chat/apps-engine/server/bridges/AppDetailChangesBridge';
import type * as CommandBridgeModule from '@rocket.chat/apps-engine/server/bridges/CommandBridge';
import type * as EnvBridgeModule from '@rocket.chat/apps-engine/server/bridges/EnvironmentalVariableBridge';
import type { IInternalBridge } from '@rocket.chat/apps-engine/server/bridges/IInternalBridge';
import type { IInternalFederationBridge } from '@rocket.chat/apps-engine/server/bridges/IInternalFederationBridge';
import type { IListenerBridge } from '@rocket.chat/apps-engine/server/bridges/IListenerBridge';
import type * as ServerSettingBridgeModule from '@rocket.chat/apps-engine/server/bridges/ServerSettingBridge';
import type * as ThreadBridgeModule from '@rocket.chat/apps-engine/server/bridges/ThreadBridge';
import type * as UiInteractionBridgeModule from '@rocket.chat/apps-engine/server/bridges/UiInteractionBridge';
import type { AppApi } from '@rocket.chat/apps-engine/server/managers/AppApi';
import { generateKeyPairSync } from 'node:crypto';
import { engineRequire } from '../engine';
import { World } from '../world';

const { CommandBridge } = engineRequire<typeof CommandBridgeModule>('server/bridges/CommandBridge');
const { ApiBridge } = engineRequire<typeof ApiBridgeModule>('server/bridges/ApiBridge');
const { AppActivationBridge } = engineRequire<typeof AppActivationBridgeModule>(
  'server/bridges/AppActivationBridge',
);
const { AppDetailChangesBridge } = engineRequire<typeof AppDetailChangesBridgeModule>(
  'server/bridges/AppDetailChangesBridge',
);
const { EnvironmentalVariableBridge } = engineRequire<typeof EnvBridgeModule>(
  'server/bridges/EnvironmentalVariableBridge',
);
const { ServerSettingBridge } = engineRequire<typeof ServerSettingBridgeModule>(
  'server/bridges/ServerSettingBridge',
);
const { ThreadBridge } = engineRequire<typeof ThreadBridgeModule>('server/bridges/ThreadBridge');
const { UiInteractionBridge } = engineRequire<typeof UiInteractionBridgeModule>(
  'server/bridges/UiInteractionBridge',
);

export class MemoryCommandBridge extends CommandBridge {
  readonly commands = new Map<string, { appId: string; enabled: boolean; command: ISlashCommand }>();

  protected async doesCommandExist(command: string): Promise<boolean> {
    return this.commands.has(command);
  }
  protected async enableCommand(command: string): Promise<void> {
    const entry = this.commands.get(command);
    if (entry) entry.enabled = true;
  }
  protected async disableCommand(command: string): Promise<void> {
    const entry = this.commands.get(command);
    if (entry) entry.enabled = false;
  }
  protected async modifyCommand(command: ISlashCommand, appId: string): Promise<void> {
    this.commands.set(command.command, { appId, enabled: true, command });
  }
  protected async registerCommand(command: ISlashCommand, appId: string): Promise<void> {
    this.commands.set(command.command, { appId, enabled: true, command });
  }
  protected async unregisterCommand(command: string): Promise<void> {
    this.commands.delete(command);
  }
}

export class MemoryApiBridge extends ApiBridge {
  readonly apis: Array<{ appId: string; api: AppApi }> = [];

  protected async registerApi(api: AppApi, appId: string): Promise<void> {
    this.apis.push({ appId, api });
  }
  protected async unregisterApis(appId: string): Promise<void> {
    this.apis.splice(0, this.apis.length, ...this.apis.filter((a) => a.appId !== appId));
  }
}

export class SilentActivationBridge extends AppActivationBridge {
  protected async appAdded(): Promise<void> {}
  protected async appUpdated(): Promise<void> {}
  protected async appRemoved(): Promise<void> {}
  protected async appStatusChanged(): Promise<void> {}
  protected async actionsChanged(): Promise<void> {}
}

export class SilentDetailChangesBridge extends AppDetailChangesBridge {
  protected onAppSettingsChange(): void {}
}

export class MemoryEnvironmentBridge extends EnvironmentalVariableBridge {
  readonly values = new Map<string, string>();

  protected async getValueByName(name: string): Promise<string | undefined> {
    return this.values.get(name);
  }
  protected async isReadable(name: string): Promise<boolean> {
    return this.values.has(name);
  }
  protected async isSet(name: string): Promise<boolean> {
    return this.values.has(name);
  }
}

export class MemoryServerSettingBridge extends ServerSettingBridge {
  constructor(private readonly world: World) {
    super();
  }

  private toSetting(id: string): ISetting {
    const value = this.world.serverSettings.get(id);
    return {
      id,
      type: 'string',
      packageValue: value,
      value,
      required: false,
      public: true,
      i18nLabel: id,
    } as ISetting;
  }
  protected async getAll(): Promise<ISetting[]> {
    return [...this.world.serverSettings.keys()].map((id) => this.toSetting(id));
  }
  protected async getOneById(id: string): Promise<ISetting> {
    return this.toSetting(id);
  }
  protected async hideGroup(): Promise<void> {}
  protected async hideSetting(): Promise<void> {}
  protected async isReadableById(id: string): Promise<boolean> {
    return this.world.serverSettings.has(id);
  }
  protected async updateOne(setting: ISetting): Promise<void> {
    this.world.serverSettings.set(setting.id, setting.value);
  }
  protected async incrementValue(id: string, value: number): Promise<void> {
    this.world.serverSettings.set(id, Number(this.world.serverSettings.get(id) ?? 0) + value);
  }
}

export class MemoryThreadBridge extends ThreadBridge {
  constructor(private readonly world: World) {
    super();
  }
  protected async getById(threadId: string): Promise<IMessage[]> {
    return this.world.messages.filter((m) => m.id === threadId || m.threadId === threadId);
  }
}

export class RecordingUiInteractionBridge extends UiInteractionBridge {
  readonly interactions: Array<{ userId: string; interaction: IUIKitInteraction }> = [];
  protected async notifyUser(user: IUser, interaction: IUIKitInteraction): Promise<void> {
    this.interactions.push({ userId: user.id, interaction });
  }
}

/** What the server calls into the engine for its own events. */
export class ForwardingListenerBridge implements IListenerBridge {
  constructor(private readonly manager: () => AppManager) {}
  async messageEvent(int: AppInterface, message: IMessage): Promise<void | boolean | IMessage> {
    return this.manager()
      .getListenerManager()
      .executeListener(int as never, message as never) as Promise<void | boolean | IMessage>;
  }
  async roomEvent(int: AppInterface, room: IRoom): Promise<void | boolean | IRoom> {
    return this.manager()
      .getListenerManager()
      .executeListener(int as never, room as never) as Promise<void | boolean | IRoom>;
  }
  async uiKitInteractionEvent(int: AppInterface, action: unknown): Promise<void | boolean> {
    return this.manager()
      .getListenerManager()
      .executeListener(int as never, action as never) as Promise<void | boolean>;
  }
}

export class MemoryInternalBridge implements IInternalBridge {
  constructor(private readonly world: World) {}
  async doGetUsernamesOfRoomById(roomId: string): Promise<string[]> {
    return this.doGetUsernamesOfRoomByIdSync(roomId);
  }
  doGetUsernamesOfRoomByIdSync(roomId: string): string[] {
    return this.world.membersOf(roomId).map((u) => u.username);
  }
  async doGetWorkspacePublicKey(): Promise<ISetting> {
    return { id: 'Cloud_Workspace_PublicKey', value: '' } as ISetting;
  }
}

let keyPair: { privateKey: string; publicKey: string } | undefined;

/** The engine signs installed apps with the server's federation key pair. */
export class LocalFederationBridge implements IInternalFederationBridge {
  private keys() {
    keyPair ??= generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    return keyPair;
  }
  async getPrivateKey(): Promise<string> {
    return this.keys().privateKey;
  }
  async getPublicKey(): Promise<string> {
    return this.keys().publicKey;
  }
}
