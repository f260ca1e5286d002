/** The playground server's API: the live state as server-sent events, and the actions. */
import type { PlaygroundState } from '../../server/view';

export function subscribe(onState: (state: PlaygroundState) => void): () => void {
  const source = new EventSource('./api/events');
  source.onmessage = (event: MessageEvent<string>) => onState(JSON.parse(event.data) as PlaygroundState);
  return () => source.close();
}

export async function post(path: string, body: unknown = {}): Promise<{ roomId?: string }> {
  const response = await fetch(`./api/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) {
    const answer = (await response.json().catch(() => ({}))) as { error?: string };
    throw new Error(answer.error ?? `HTTP ${response.status}`);
  }
  return (await response.json()) as { roomId?: string };
}
