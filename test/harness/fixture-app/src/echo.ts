import { ApiEndpoint, IApiRequest, IApiResponse } from '@rocket.chat/apps-engine/definition/api';

/** `/api/apps/public/<appId>/echo`: what the app received, never the header values themselves. */
export class EchoEndpoint extends ApiEndpoint {
  public path = 'echo';

  public async get(request: IApiRequest): Promise<IApiResponse> {
    return this.echo(request);
  }

  public async post(request: IApiRequest): Promise<IApiResponse> {
    return this.echo(request);
  }

  private echo({ method, query, content, headers }: IApiRequest): IApiResponse {
    return this.json({
      status: 200,
      content: { method, query, content: content ?? null, authorization: 'authorization' in headers },
    });
  }
}
