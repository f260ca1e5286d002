import { roomToken, sameSecret } from './secrets';

export const BASIC_USER = 'jeedom';

/** `Authorization: Basic base64(user:password)` → its parts; anything else → undefined. */
export function parseBasicAuth(header: unknown): { user: string; password: string } | undefined {
  if (typeof header !== 'string') return undefined;
  const match = /^\s*Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export type Grant = 'master' | 'room' | 'none';

/**
 * The master secret opens every room; a room token (HMAC of the room id) opens only its room. Both
 * comparisons always run, in constant time, so timing tells nothing about which one failed.
 */
export function authorize(header: unknown, secret: string, roomId: string | undefined): Grant {
  const credentials = parseBasicAuth(header);
  if (!credentials) return 'none';
  const userOk = sameSecret(credentials.user, BASIC_USER);
  const master = sameSecret(credentials.password, secret);
  const room = roomId !== undefined && sameSecret(credentials.password, roomToken(secret, roomId));
  if (!userOk) return 'none';
  if (master) return 'master';
  return room ? 'room' : 'none';
}
