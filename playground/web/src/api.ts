/** The playground server's API: the live state as server-sent events, and the actions. */
import type { PlaygroundState } from '../../server/view';

export function subscribe(onState: (state: PlaygroundState) => void): () => void {
  const source = new EventSource('./api/events');
  source.onmessage = (event: MessageEvent<string>) => onState(JSON.parse(event.data) as PlaygroundState);
  return () => source.close();
}

/** A refusal from the server: `code` names the page's translation, `params` fill it. */
export class RefusedError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly params: Record<string, string>,
  ) {
    super(message);
  }
}

export async function post(path: string, body: unknown = {}): Promise<{ roomId?: string }> {
  const response = await fetch(`./api/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) {
    const answer = (await response.json().catch(() => ({}))) as {
      error?: string;
      code?: string;
      params?: Record<string, string>;
    };
    throw new RefusedError(
      answer.error ?? `HTTP ${response.status}`,
      answer.code ?? 'internal',
      answer.params ?? {},
    );
  }
  return (await response.json()) as { roomId?: string };
}
