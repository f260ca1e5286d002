import { IHttp, IModify, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { ApiEndpoint, IApiRequest, IApiResponse } from '@rocket.chat/apps-engine/definition/api';
import { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import { createHash, timingSafeEqual } from 'crypto';
import { post } from './chat';

/**
 * The benchmark's baseline (`npm run bench`): the least an app can do for the same jobs as Jeedom's
 * endpoint and DM replies, in the same engine — one basic-auth comparison and one post; one HTTP call and
 * one reply.
 */
export const BENCH_CREDENTIAL = 'jeedom:bench-baseline-secret-0123456789';

const digest = (text: string) => createHash('sha256').update(text).digest();

export class BenchEndpoint extends ApiEndpoint {
  public path = 'bench';

  public async get(request: IApiRequest, _e: unknown, read: IRead, modify: IModify): Promise<IApiResponse> {
    const header = String(request.headers.authorization ?? '');
    const given = Buffer.from(header.replace(/^Basic\s+/i, ''), 'base64').toString('utf8');
    if (!timingSafeEqual(digest(given), digest(BENCH_CREDENTIAL))) return { status: 401 };
    const room = await read.getRoomReader().getById(String(request.query.room ?? ''));
    if (!room) return { status: 404 };
    await post(modify, room, String(request.query.message ?? ''));
    return this.json({ status: 200, content: { status: 'ok' } });
  }
}

/** `relay <url>`: one POST to that address, then one reply. No accessor call to decide. */
export function isRelay(message: IMessage): boolean {
  return (message.text ?? '').startsWith('relay ');
}

export async function relay(message: IMessage, http: IHttp, modify: IModify): Promise<void> {
  const url = (message.text ?? '').slice('relay '.length).trim();
  const response = await http.post(url, {
    content: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'version', params: {} }),
    headers: { 'Content-Type': 'application/json' },
    timeout: 5_000,
  });
  await post(modify, message.room, `relayed ${response.statusCode}`, message.threadId);
}
