/**
 * What a file is, read from its first bytes, never from the name or the declared type: only images (not
 * SVG), video, audio, PDF and plain text are posted, under a name whose extension follows what was found.
 */
interface FileKind {
  mime: string;
  ext: string;
}

const ascii = (bytes: Uint8Array, at: number, text: string) =>
  bytes.length >= at + text.length && [...text].every((c, i) => bytes[at + i] === c.charCodeAt(0));

const starts = (bytes: Uint8Array, ...values: number[]) =>
  bytes.length >= values.length && values.every((v, i) => bytes[i] === v);

function riff(bytes: Uint8Array): FileKind | undefined {
  if (!ascii(bytes, 0, 'RIFF')) return undefined;
  if (ascii(bytes, 8, 'WEBP')) return { mime: 'image/webp', ext: 'webp' };
  if (ascii(bytes, 8, 'WAVE')) return { mime: 'audio/wav', ext: 'wav' };
  if (ascii(bytes, 8, 'AVI ')) return { mime: 'video/x-msvideo', ext: 'avi' };
  return undefined;
}

/** ISO base media (`....ftyp<brand>`): MP4, QuickTime, M4A. */
function isoMedia(bytes: Uint8Array): FileKind | undefined {
  if (!ascii(bytes, 4, 'ftyp')) return undefined;
  const brand = String.fromCharCode(...bytes.slice(8, 12));
  if (brand === 'qt  ') return { mime: 'video/quicktime', ext: 'mov' };
  if (brand === 'M4A ' || brand === 'M4B ') return { mime: 'audio/mp4', ext: 'm4a' };
  if (/^(heic|heix|mif1|avif)$/.test(brand)) return undefined;
  return { mime: 'video/mp4', ext: 'mp4' };
}

function binary(bytes: Uint8Array): FileKind | undefined {
  if (starts(bytes, 0xff, 0xd8, 0xff)) return { mime: 'image/jpeg', ext: 'jpg' };
  if (starts(bytes, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return { mime: 'image/png', ext: 'png' };
  if (ascii(bytes, 0, 'GIF87a') || ascii(bytes, 0, 'GIF89a')) return { mime: 'image/gif', ext: 'gif' };
  if (ascii(bytes, 0, 'BM') && bytes.length > 26) return { mime: 'image/bmp', ext: 'bmp' };
  if (ascii(bytes, 0, '%PDF-')) return { mime: 'application/pdf', ext: 'pdf' };
  if (starts(bytes, 0x1a, 0x45, 0xdf, 0xa3)) return { mime: 'video/webm', ext: 'webm' };
  if (ascii(bytes, 0, 'OggS')) return { mime: 'audio/ogg', ext: 'ogg' };
  if (ascii(bytes, 0, 'fLaC')) return { mime: 'audio/flac', ext: 'flac' };
  if (ascii(bytes, 0, 'ID3') || (bytes.length > 2 && bytes[0] === 0xff && (bytes[1] & 0xe6) === 0xe2))
    return { mime: 'audio/mpeg', ext: 'mp3' };
  return riff(bytes) ?? isoMedia(bytes);
}

/**
 * Plain text: valid UTF-8, no control characters but tab and line breaks, and not markup (a body starting
 * with `<` may be HTML or SVG, which a browser would run).
 */
function plainText(bytes: Uint8Array): FileKind | undefined {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) return undefined;
  if (/^\s*</.test(text.replace(/^\uFEFF/, ''))) return undefined;
  return { mime: 'text/plain', ext: 'txt' };
}

export function sniff(bytes: Uint8Array): FileKind | undefined {
  if (bytes.length === 0) return undefined;
  return binary(bytes) ?? plainText(bytes);
}

/**
 * The name to store: the given name's stem, accents folded, anything but letters, digits, `-` and `_`
 * replaced, at most 80 characters, then the extension of what the bytes are. `evil.html` sniffed as PNG
 * becomes `evil.png`.
 */
export function cleanFileName(given: string | undefined, kind: FileKind): string {
  const base = (given ?? '').split(/[/\\]/).pop() ?? '';
  const stem = base.includes('.') ? base.slice(0, base.indexOf('.')) : base;
  const clean = stem
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9_-]+/g, '_')
    .replace(/^[_-]+|[_-]+$/g, '')
    .slice(0, 80);
  return `${clean || 'file'}.${kind.ext}`;
}
