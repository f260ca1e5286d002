import type { IHttp, IHttpRequest, IHttpResponse } from '@rocket.chat/apps-engine/definition/accessors';
import type { z } from 'zod';

import type { JeedomConfig } from './config';
import { scrubSecret } from '../logging/scrubSecret';
import { JeedomError } from './JeedomError';
import { buildRpcRequest, parseRpcResponse, type RpcRequest } from './rpc';

/** Any zod schema producing T, transforms included (their input type differs from T). */
export type ResultSchema<T> = z.ZodType<T, z.ZodTypeDef, unknown>;

// Below the 1 s the spec allows past the timeout before the user must hear back.
const DEADLINE_MARGIN_MS = 500;
// "network timeout at", "timed out after 30000ms", ETIMEDOUT, "The operation was aborted", ECONNABORTED…
const TIMEOUT_HINT = /timed?\s?out|abort/i;
const MAX_DETAIL_LENGTH = 300;

/**
 * JSON-RPC over the app's IHttp accessor to Jeedom's core/api/jeeApi.php: one request, one timeout, the answer
 * parsed by the caller's schema, every failure a JeedomError. Only `JeedomClient` (and its tests) use it.
 */
export class RpcTransport {
  private nextId = 1;
  private readonly scrub = (text: string): string => scrubSecret(text, this.config.apiKey);

  /**
   * `deadlineAt` (epoch ms) shares one timeout among several calls, e.g. a login check then the interaction:
   * each call gets what is left of it, and the user still hears back within the timeout.
   */
  constructor(
    private readonly http: IHttp,
    readonly config: JeedomConfig,
    readonly deadlineAt?: number,
  ) {}

  /** This call's time: the configured timeout, or what is left of a shared deadline (at least 100 ms). */
  private budgetMs(): number {
    if (this.deadlineAt === undefined) return this.config.timeoutMs;
    return Math.max(100, Math.min(this.config.timeoutMs, this.deadlineAt - Date.now()));
  }

  async send<T>(
    method: string,
    params: Record<string, unknown>,
    schema: ResultSchema<T>,
    withKey: boolean,
  ): Promise<T> {
    const request = buildRpcRequest(this.nextId++, method, params, withKey ? this.config.apiKey : undefined);
    const budgetMs = this.budgetMs();
    const response = await this.withDeadline(this.post(request, budgetMs), method, budgetMs);
    return parseRpcResponse(response, schema, { method, scrub: this.scrub });
  }

  private async post(request: RpcRequest, budgetMs: number): Promise<IHttpResponse> {
    try {
      return await this.http.post(this.config.apiUrl, this.requestOptions(request, budgetMs));
    } catch (error) {
      throw this.transportError(error, request.method);
    }
  }

  private requestOptions(request: RpcRequest, budgetMs: number): IHttpRequest {
    const options: IHttpRequest = {
      data: request,
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      timeout: budgetMs,
    };
    // The bridge skips TLS checks on strictSSL:false (and, oddly, on rejectUnauthorized:true): send only the former.
    if (!this.config.tlsVerify) options.strictSSL = false;
    return options;
  }

  /** A bridge that ignores `timeout` (or a runtime cap we do not control) must still end in `timeout`. */
  private async withDeadline<T>(work: Promise<T>, method: string, budgetMs: number): Promise<T> {
    const ms = budgetMs + DEADLINE_MARGIN_MS;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        reject(
          new JeedomError('timeout', `Jeedom did not answer ${method} within ${ms} ms`, {
            reason: 'deadline',
            method,
            timeoutSeconds: this.config.timeoutMs / 1000,
          }),
        );
      }, ms);
    });
    try {
      return await Promise.race([work, deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  private transportError(error: unknown, method: string): JeedomError {
    const detail = this.scrub(errorText(error)).slice(0, MAX_DETAIL_LENGTH);
    if (TIMEOUT_HINT.test(detail)) {
      return new JeedomError('timeout', `Jeedom timed out on ${method}: ${detail}`, {
        reason: 'bridge_timeout',
        method,
        timeoutSeconds: this.config.timeoutMs / 1000,
      });
    }
    return new JeedomError('unreachable', `Jeedom is unreachable on ${method}: ${detail}`, {
      reason: 'network',
      method,
    });
  }
}

function errorText(error: unknown): string {
  if (typeof error === 'string') return error;
  if (typeof error === 'object' && error !== null) {
    const message = (error as { message?: unknown }).message;
    if (typeof message === 'string') return message;
  }
  return 'unknown error';
}
