const MASK = '***';
// Catches any key-looking query/JSON field, e.g. a camera localApiKey echoed in a URL.
const KEY_FIELD = /((?:[?&]api|api_?key|token|password|secret|hash)["']?\s*[:=]\s*["']?)[^"'&\s,}]+/gi;

/** Removes `secret` (raw and URL-encoded) and any `apikey=…`-style value from text bound for logs. */
export function scrubSecret(text: string, secret: string): string {
  let out = text;
  if (secret.length > 0) {
    out = out.split(secret).join(MASK);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) out = out.split(encoded).join(MASK);
  }
  return out.replace(KEY_FIELD, `$1${MASK}`);
}
