// jeedom/plugin-camera: cameras as camera::preSave()/postSave() leave them, the daily key rotation
// (camera::cronDayly) and core/php/snapshot.php. Recording, streams and resizing are not simulated.
import { randomInt } from 'node:crypto';
import { pluginClass, type Box } from './box';
import type { EqLogicRow } from './equipment';
import { cameraView } from './jpeg';
import { phpNow } from './phpDate';
import { phpLooseEquals, phpString } from './phpFunctions';
import { NOT_FOUND } from './server';
import { init, type HttpInput, type Reply } from './transport';

export const SNAPSHOT_PATH = '/plugins/camera/core/php/snapshot.php';

export interface SimCameraInput {
  name: string;
  /** The room (jeeObject id); none by default. */
  objectId?: number | null;
  /** Default true. */
  enabled?: boolean;
  /** Shown on Jeedom's dashboard; default true. */
  visible?: boolean;
  /** Extra `configuration` keys (ip, username, password…). */
  configuration?: Record<string, unknown>;
}

/** One call of snapshot.php. The key never appears: only whether one was sent and whether it matched. */
export interface SnapshotRequest {
  at: number;
  /** The `id` parameter as sent. */
  id: string;
  /** `[redacted]` when a key was sent, '' when none. */
  apikey: string;
  thumbnail?: string;
  width?: string;
  mobile?: string;
  status: number;
  /** Body length: 0 for every refusal, as the real file answers them. */
  bytes: number;
  outcome: 'image' | 'no image' | 'unknown camera' | 'wrong key' | 'plugin inactive' | 'plugin missing';
}

const MASK = '[redacted]';
const KEY_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
// Shorter keys set by a test by hand are not masked by value: they would blank innocent text.
const MIN_MASKED_KEY = 8;

/** config::genKey(): 64 characters from [a-zA-Z0-9]. */
export function genKey(): string {
  return Array.from({ length: 64 }, () => KEY_CHARS[randomInt(KEY_CHARS.length)]).join('');
}

/** What PHP prints for die() before any header(): an empty page. */
const DIED: Reply = { status: 200, headers: { 'Content-Type': 'text/html; charset=UTF-8' }, body: '' };
/** An uncaught Error (class `camera` not autoloaded: plugin inactive), display_errors off. */
const FATAL: Reply = { status: 500, headers: { 'Content-Type': 'text/html; charset=UTF-8' }, body: '' };

// camera::postSave(): the plugin's own cmds, as the French UI names them.
const CAMERA_CMDS = [
  { logicalId: 'urlFlux', name: 'Flux video', type: 'info', subType: 'string', isVisible: 0 },
  { logicalId: 'recordState', name: 'Status enregistrement', type: 'info', subType: 'binary', isVisible: 0 },
  {
    logicalId: 'stopRecordCmd',
    name: 'Arrêter enregistrement',
    type: 'action',
    subType: 'other',
    order: 999,
  },
  { logicalId: 'takeSnapshot', name: 'Capture', type: 'action', subType: 'other', order: 999 },
  { logicalId: 'sendSnapshot', name: 'Enregistrer', type: 'action', subType: 'message', isVisible: 0 },
] as const;

export class CameraPlugin {
  private readonly log: SnapshotRequest[] = [];
  /** Images set by tests; null = the camera does not answer (getSnapshot() returns false). */
  private readonly images = new Map<number, Uint8Array | null>();
  /** Every key ever issued, rotated ones included: a stale key in a log is still a leak. */
  private readonly issued = new Set<string>();

  constructor(private readonly box: Box) {}

  /** A camera as saving it in the UI leaves it: preSave() defaults, a fresh key, postSave()'s cmds. */
  add(input: SimCameraInput): number {
    const key = this.newKey();
    const now = phpNow();
    const id = this.box.equipment.addEqLogic({
      name: input.name,
      eqType_name: 'camera',
      object_id: input.objectId ?? null,
      isEnable: input.enabled === false ? 0 : 1,
      isVisible: input.visible === false ? 0 : 1,
      category: { security: 1 },
      configuration: {
        ip: '192.168.1.64',
        urlStream: '/cgi-bin/snapshot.jpg',
        username: '',
        password: '',
        ...input.configuration,
        localApiKey: key,
        'normal::refresh': 1,
        'thumbnail::refresh': 5,
        'normal::compress': 70,
        'thumbnail::compress': 30,
        maxReccordTime: 600,
        hasPullFunction: 0,
        createtime: now,
        updatetime: now,
      },
    });
    for (const cmd of CAMERA_CMDS) {
      this.box.equipment.addCmd({ ...cmd, eqLogic_id: id, configuration: { request: '-' } });
    }
    return id;
  }

  /** What camera::cronDayly() does to each camera: a new config::genKey(), then save(). */
  rotateKey(id: number): string {
    const row = this.camera(id);
    const key = this.newKey();
    row.configuration = { ...row.configuration, localApiKey: key, updatetime: phpNow() };
    this.box.equipment.updateEqLogic(
      row,
      'UPDATE `eqLogic` SET `configuration` = :configuration WHERE id = :id',
    );
    return key;
  }

  /** The current key, as `eqLogic::byType {type:'camera'}` returns it (decrypted). */
  key(id: number): string {
    return phpString(this.camera(id).configuration.localApiKey);
  }

  /** What the camera gives next: bytes, or null for no answer (snapshot.php then sends an empty JPEG). */
  setImage(id: number, image: Uint8Array | null): void {
    this.camera(id);
    this.images.set(id, image);
  }

  get requests(): SnapshotRequest[] {
    return this.log.map((r) => ({ ...r }));
  }

  clearRequests(): void {
    this.log.length = 0;
  }

  /** Keys that must never reach a log: every issued key and any key a camera row holds. */
  secrets(): string[] {
    const inRows = this.box.equipment
      .eqLogicRows('camera')
      .map((row) => phpString(row.configuration.localApiKey ?? ''));
    return [...new Set([...this.issued, ...inRows])].filter((key) => key.length >= MIN_MASKED_KEY);
  }

  /** core/php/snapshot.php, in its order: plugin class, camera::byId(), type check, key check, image. */
  snapshot(input: HttpInput): Reply {
    const [reply, outcome] = this.answer(input);
    const sent = (name: string) => input.query.has(name) || !!input.form?.has(name);
    const optional = (name: string) => (sent(name) ? { [name]: init(input, name) } : {});
    this.log.push({
      at: Date.now(),
      id: init(input, 'id'),
      apikey: init(input, 'apikey') === '' ? '' : MASK,
      ...optional('thumbnail'),
      ...optional('width'),
      ...optional('mobile'),
      status: reply.status,
      bytes: Buffer.byteLength(reply.body),
      outcome,
    });
    return reply;
  }

  private answer(input: HttpInput): [Reply, SnapshotRequest['outcome']] {
    if (!this.box.state.plugins.has('camera')) return [NOT_FOUND, 'plugin missing'];
    if (pluginClass(this.box, 'camera') === null) return [FATAL, 'plugin inactive'];
    const row = this.box.equipment.eqLogicRow(init(input, 'id'));
    if (!row || !phpLooseEquals(row.eqType_name, 'camera')) return [DIED, 'unknown camera'];
    if (!phpLooseEquals(row.configuration.localApiKey ?? '', init(input, 'apikey')))
      return [DIED, 'wrong key'];
    const image = this.images.has(row.id) ? this.images.get(row.id) : cameraView(row.id);
    // header('Content-Type: image/jpeg') is sent before getSnapshot(); a failed capture then dies.
    const body = image ?? new Uint8Array(0);
    return [{ status: 200, headers: { 'Content-Type': 'image/jpeg' }, body }, image ? 'image' : 'no image'];
  }

  private camera(id: number): EqLogicRow {
    const row = this.box.equipment.eqLogic(id);
    if (!row || row.eqType_name !== 'camera') throw new Error(`No simulated camera ${id}`);
    return row;
  }

  /** preSave(): a key equal to another camera's is replaced, so keys stay unique. */
  private newKey(): string {
    const taken = new Set(this.box.equipment.eqLogicRows('camera').map((r) => r.configuration.localApiKey));
    let key = genKey();
    while (taken.has(key)) key = genKey();
    this.issued.add(key);
    return key;
  }
}
