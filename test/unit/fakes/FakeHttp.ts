import { RequestMethod } from '@rocket.chat/apps-engine/definition/accessors/IHttp';
import type { IHttp, IHttpRequest, IHttpResponse } from '@rocket.chat/apps-engine/definition/accessors';

export interface FakeCall {
  readonly method: RequestMethod;
  readonly url: string;
  readonly options: IHttpRequest;
}

/** Decides what the fake "server" does with a call: answer, throw, or never settle. */
export type FakeReply = (call: FakeCall) => IHttpResponse | Promise<IHttpResponse>;

/** A scripted IHttp that records every call. */
export class FakeHttp implements IHttp {
  readonly calls: FakeCall[] = [];

  constructor(private readonly reply: FakeReply) {}

  get(url: string, options?: IHttpRequest): Promise<IHttpResponse> {
    return this.handle(RequestMethod.GET, url, options);
  }

  post(url: string, options?: IHttpRequest): Promise<IHttpResponse> {
    return this.handle(RequestMethod.POST, url, options);
  }

  put(url: string, options?: IHttpRequest): Promise<IHttpResponse> {
    return this.handle(RequestMethod.PUT, url, options);
  }

  del(url: string, options?: IHttpRequest): Promise<IHttpResponse> {
    return this.handle(RequestMethod.DELETE, url, options);
  }

  patch(url: string, options?: IHttpRequest): Promise<IHttpResponse> {
    return this.handle(RequestMethod.PATCH, url, options);
  }

  /** The JSON-RPC object the client sent last (what the bridge would serialise from `data`). */
  lastRpc(): { jsonrpc: unknown; id: unknown; method: unknown; params: Record<string, unknown> } {
    const call = this.calls[this.calls.length - 1];
    if (call === undefined) throw new Error('no call recorded');
    return JSON.parse(JSON.stringify(call.options.data));
  }

  private async handle(
    method: RequestMethod,
    url: string,
    options: IHttpRequest = {},
  ): Promise<IHttpResponse> {
    const call = { method, url, options };
    this.calls.push(call);
    return this.reply(call);
  }
}

export function textReply(content: string, statusCode = 200, contentType = 'text/html'): IHttpResponse {
  return {
    url: 'http://fake',
    method: RequestMethod.POST,
    statusCode,
    headers: { 'content-type': contentType },
    content,
  };
}

/** What the bridge returns for a JSON answer: raw `content` plus parsed `data`. */
export function jsonReply(body: unknown, statusCode = 200): IHttpResponse {
  return { ...textReply(JSON.stringify(body), statusCode, 'application/json'), data: body };
}

export function rpcResult(result: unknown, id: number | string = 1): IHttpResponse {
  return jsonReply({ jsonrpc: '2.0', id, result });
}

/** 4.4 answers errors to a raw-body request with id 99999. */
export function rpcError(code: number, message: string, id: number | string = 99999): IHttpResponse {
  return jsonReply({ jsonrpc: '2.0', id, error: { code, message } });
}

export const replyWith =
  (response: IHttpResponse): FakeReply =>
  () =>
    response;

export const throwError =
  (message: string): FakeReply =>
  () => {
    throw new Error(message);
  };

export const neverReply: FakeReply = () => new Promise<IHttpResponse>(() => undefined);
