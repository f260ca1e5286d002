import type { AppManager } from '@rocket.chat/apps-engine/server/AppManager';
import type * as AppBridgesModule from '@rocket.chat/apps-engine/server/bridges/AppBridges';
import { engineRequire } from '../engine';
import { World } from '../world';
import { RealHttpBridge } from './http';
import { MemoryMessageBridge } from './messages';
import {
  ForwardingListenerBridge,
  LocalFederationBridge,
  MemoryApiBridge,
  MemoryCommandBridge,
  MemoryEnvironmentBridge,
  MemoryInternalBridge,
  MemoryServerSettingBridge,
  MemoryThreadBridge,
  RecordingUiInteractionBridge,
  SilentActivationBridge,
  SilentDetailChangesBridge,
} from './misc';
import { MemoryPersistenceBridge } from './persistence';
import { MemoryRoomBridge } from './rooms';
import { TimerSchedulerBridge } from './scheduler';
import { MemoryUploadBridge } from './uploads';
import { MemoryUserBridge } from './users';

const { AppBridges } = engineRequire<typeof AppBridgesModule>('server/bridges/AppBridges');

/** Bridges the app never uses here (livechat, email, video conferences…): any call is recorded and does nothing. */
function inert(name: string, record: (call: string) => void): never {
  return new Proxy({}, { get: (_t, prop) => async () => record(`${name}.${String(prop)}`) }) as never;
}

export class HarnessBridges extends AppBridges {
  readonly users: MemoryUserBridge;
  readonly messages: MemoryMessageBridge;
  readonly rooms: MemoryRoomBridge;
  readonly persistence: MemoryPersistenceBridge;
  readonly http = new RealHttpBridge();
  readonly scheduler = new TimerSchedulerBridge();
  readonly uploads: MemoryUploadBridge;
  readonly commands = new MemoryCommandBridge();
  readonly apis = new MemoryApiBridge();
  readonly environment = new MemoryEnvironmentBridge();
  readonly serverSettings: MemoryServerSettingBridge;
  readonly threads: MemoryThreadBridge;
  readonly uiInteractions = new RecordingUiInteractionBridge();
  readonly listener: ForwardingListenerBridge;
  readonly internal: MemoryInternalBridge;
  readonly inertCalls: string[] = [];
  private readonly activation = new SilentActivationBridge();
  private readonly detailChanges = new SilentDetailChangesBridge();
  private readonly federation = new LocalFederationBridge();

  constructor(world: World, manager: () => AppManager) {
    super();
    this.users = new MemoryUserBridge(world);
    this.messages = new MemoryMessageBridge(world);
    this.rooms = new MemoryRoomBridge(world);
    this.persistence = new MemoryPersistenceBridge(world);
    this.uploads = new MemoryUploadBridge(world);
    this.serverSettings = new MemoryServerSettingBridge(world);
    this.threads = new MemoryThreadBridge(world);
    this.listener = new ForwardingListenerBridge(manager);
    this.internal = new MemoryInternalBridge(world);
  }

  /** A restart loses what the server keeps in process memory only: commands, routes, job processors. */
  forgetProcessMemory(): void {
    this.commands.commands.clear();
    this.apis.apis.splice(0);
    this.scheduler.forgetProcessors();
  }

  private unused(name: string): never {
    return inert(name, (call) => this.inertCalls.push(call));
  }

  getCommandBridge() {
    return this.commands;
  }
  getApiBridge() {
    return this.apis;
  }
  getAppDetailChangesBridge() {
    return this.detailChanges;
  }
  getEnvironmentalVariableBridge() {
    return this.environment;
  }
  getHttpBridge() {
    return this.http;
  }
  getListenerBridge() {
    return this.listener;
  }
  getMessageBridge() {
    return this.messages;
  }
  getPersistenceBridge() {
    return this.persistence;
  }
  getAppActivationBridge() {
    return this.activation;
  }
  getRoomBridge() {
    return this.rooms;
  }
  getInternalBridge() {
    return this.internal;
  }
  getInternalFederationBridge() {
    return this.federation;
  }
  getServerSettingBridge() {
    return this.serverSettings;
  }
  getUploadBridge() {
    return this.uploads;
  }
  getUserBridge() {
    return this.users;
  }
  getUiInteractionBridge() {
    return this.uiInteractions;
  }
  getSchedulerBridge() {
    return this.scheduler;
  }
  getThreadBridge() {
    return this.threads;
  }
  getContactBridge() {
    return this.unused('contact');
  }
  getLivechatBridge() {
    return this.unused('livechat');
  }
  getEmailBridge() {
    return this.unused('email');
  }
  getCloudWorkspaceBridge() {
    return this.unused('cloudWorkspace');
  }
  getVideoConferenceBridge() {
    return this.unused('videoConference');
  }
  getOAuthAppsBridge() {
    return this.unused('oauthApps');
  }
  getModerationBridge() {
    return this.unused('moderation');
  }
  getRoleBridge() {
    return this.unused('role');
  }
  getOutboundMessageBridge() {
    return this.unused('outboundMessage');
  }
  getExperimentalBridge() {
    return this.unused('experimental');
  }
}
