/**
 * The Jeedom equipment a channel becomes (SPEC §5, contract): a `script` equipment whose action commands call
 * the app's endpoint and whose info commands hold the channel's last message and sender. Pure: built from
 * the room and the endpoint, compared and written by the sync.
 */

export const LOGICAL_ID_PREFIX = 'rocketchat:';
/** Jeedom's name column holds 127 bytes; a cut inside a UTF-8 character is refused. Room left for a suffix. */
export const MAX_NAME_BYTES = 110;
/** The script plugin counts attempts: 2 = one retry. */
const MAX_HTTP_RETRY = 2;
const HTTP_TIMEOUT_SECONDS = 5;
/** Per-person commands per channel: past this, people writing there for the first time get none. */
export const MAX_USER_COMMANDS = 100;

export interface RoomUser {
  rcUserId: string;
  username: string;
}

interface EndpointTarget {
  /** `<public url>/api/apps/public/<appId>/jeedom` */
  url: string;
  /** The room-scoped token (basic-auth password). */
  token: string;
}

export interface DesiredCmd {
  logicalId: string;
  name: string;
  type: 'action' | 'info';
  subType: 'message' | 'string';
  isVisible: number;
  configuration: Record<string, string | number>;
}

export interface DesiredEquipment {
  logicalId: string;
  name: string;
  eqType_name: 'script';
  object_id: number | null;
  isEnable: 1;
  isVisible: 1;
  configuration: { rocketchatRoomId: string };
  cmds: DesiredCmd[];
}

/** What Jeedom's cleanComponanteName would strip, removed up front so names compare equal after a save. */
export function jeedomName(raw: string, fallback: string): string {
  const cleaned = raw
    .replace(/<[^>]*>/g, '')
    .replace(/[&#[\]%\\/'"*<>]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return cutToBytes(cleaned || fallback, MAX_NAME_BYTES).trim();
}

/** The longest prefix of whole characters that fits in `max` UTF-8 bytes. */
export function cutToBytes(text: string, max: number): string {
  let bytes = 0;
  let out = '';
  for (const char of text) {
    const size = new TextEncoder().encode(char).length;
    if (bytes + size > max) break;
    bytes += size;
    out += char;
  }
  return out;
}

function query(roomId: string, rcUserId?: string): string {
  const user = rcUserId ? `&user=${encodeURIComponent(rcUserId)}` : '';
  return `room=${encodeURIComponent(roomId)}${user}&title=#title#&message=#message#&ts=#timestamp#`;
}

function httpAction(
  logicalId: string,
  name: string,
  endpoint: EndpointTarget,
  roomId: string,
  rcUserId?: string,
): DesiredCmd {
  return {
    logicalId,
    name,
    type: 'action',
    subType: 'message',
    isVisible: 1,
    configuration: {
      requestType: 'http',
      request: `${endpoint.url}?${query(roomId, rcUserId)}`,
      http_username: 'jeedom',
      http_password: endpoint.token,
      timeout: HTTP_TIMEOUT_SECONDS,
      maxHttpRetry: MAX_HTTP_RETRY,
      reponseMustContain: 'ok',
      noSslCheck: 0,
    },
  };
}

function info(logicalId: string, name: string): DesiredCmd {
  return {
    logicalId,
    name,
    type: 'info',
    subType: 'string',
    isVisible: 1,
    configuration: { requestType: 'http', request: '', repeatEventManagement: 'always' },
  };
}

export function userLogicalId(rcUserId: string): string {
  return `user:${rcUserId}`;
}

export interface ShapeInput {
  roomId: string;
  roomName: string;
  objectId: number | null;
  endpoint: EndpointTarget;
  users: RoomUser[];
  /** Localised command names for `send`, `lastMessage`, `lastSender`. */
  names: { send: string; lastMessage: string; lastSender: string };
}

export function desiredEquipment(input: ShapeInput): DesiredEquipment {
  const { roomId, endpoint, names } = input;
  return {
    logicalId: `${LOGICAL_ID_PREFIX}${roomId}`,
    name: jeedomName(input.roomName, `Rocket.Chat ${roomId}`),
    eqType_name: 'script',
    object_id: input.objectId,
    isEnable: 1,
    isVisible: 1,
    configuration: { rocketchatRoomId: roomId },
    cmds: [
      httpAction('send', names.send, endpoint, roomId),
      info('lastMessage', names.lastMessage),
      info('lastSender', names.lastSender),
      ...input.users.map((u) =>
        httpAction(
          userLogicalId(u.rcUserId),
          jeedomName(`@${u.username}`, u.rcUserId),
          endpoint,
          roomId,
          u.rcUserId,
        ),
      ),
    ],
  };
}
