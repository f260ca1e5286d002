import { errorText, FixtureContext } from './chat';

/** `fetch <url>`: a GET through IHttp; the reply is the status code, or the error the app saw. */
export async function fetchUrl({ args, http, reply }: FixtureContext): Promise<void> {
  const url = args[0] ?? '';
  try {
    const response = await http.get(url, { timeout: 2000 });
    await reply(`GET ${url} → ${response.statusCode}`);
  } catch (error) {
    await reply(`GET ${url} failed: ${errorText(error)}`);
  }
}
