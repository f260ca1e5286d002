// A real, decodable baseline JPEG for the camera plugin's snapshot.php, made in code (no image library).
// Every 8×8 block is one flat colour, so each block only has a DC coefficient: no DCT is needed, and the
// file stays a few hundred bytes while any viewer or decoder (libjpeg, browsers, sharp) reads it.

export type Rgb = readonly [number, number, number];

// DQT: one table, every entry 8, so a DC coefficient (8 × the block's level-shifted value) quantizes to it.
const Q = 8;
// The standard luminance DC table (ITU T.81, K.3): categories 0–11, enough for any DC difference here.
const DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_VALUES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
// An AC table holding only EOB (0x00), as code `0`: each block ends right after its DC.
const AC_BITS = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
const AC_VALUES = [0];

interface Code {
  code: number;
  length: number;
}

/** Canonical Huffman codes from BITS/HUFFVAL, as a decoder rebuilds them (T.81 Annex C). */
function huffmanCodes(bits: number[], values: number[]): Map<number, Code> {
  const codes = new Map<number, Code>();
  let code = 0;
  let k = 0;
  for (let length = 1; length <= 16; length++) {
    for (let i = 0; i < bits[length - 1]; i++) codes.set(values[k++], { code: code++, length });
    code <<= 1;
  }
  return codes;
}

const DC_CODES = huffmanCodes(DC_BITS, DC_VALUES);
const EOB = huffmanCodes(AC_BITS, AC_VALUES).get(0) as Code;

/** MSB-first bits with JPEG byte stuffing (0xFF is followed by 0x00 in entropy-coded data). */
class BitWriter {
  readonly bytes: number[] = [];
  private current = 0;
  private used = 0;

  write(value: number, length: number): void {
    for (let bit = length - 1; bit >= 0; bit--) {
      this.current = (this.current << 1) | ((value >> bit) & 1);
      if (++this.used === 8) this.flushByte();
    }
  }

  /** Pads the last byte with 1 bits, as T.81 requires. */
  finish(): number[] {
    while (this.used !== 0) this.write(1, 1);
    return this.bytes;
  }

  private flushByte(): void {
    this.bytes.push(this.current);
    if (this.current === 0xff) this.bytes.push(0x00);
    this.current = 0;
    this.used = 0;
  }
}

function segment(marker: number, payload: number[]): number[] {
  const length = payload.length + 2;
  return [0xff, marker, length >> 8, length & 0xff, ...payload];
}

function toYCbCr([r, g, b]: Rgb): [number, number, number] {
  return [
    0.299 * r + 0.587 * g + 0.114 * b,
    128 - 0.168736 * r - 0.331264 * g + 0.5 * b,
    128 + 0.5 * r - 0.418688 * g - 0.081312 * b,
  ];
}

/** The DC difference: its category's Huffman code, then the category's low bits (one's complement if < 0). */
function writeDc(out: BitWriter, diff: number): void {
  const category = diff === 0 ? 0 : Math.floor(Math.log2(Math.abs(diff))) + 1;
  const code = DC_CODES.get(category) as Code;
  out.write(code.code, code.length);
  if (category > 0) out.write(diff < 0 ? diff - 1 + (1 << category) : diff, category);
  out.write(EOB.code, EOB.length);
}

/**
 * A baseline JFIF image of `blocksWide`×`blocksHigh` blocks of 8×8 pixels (4:4:4, 3 components), each
 * block filled with `colorAt(column, row)`. Starts with FF D8, ends with FF D9.
 */
export function blockJpeg(
  blocksWide: number,
  blocksHigh: number,
  colorAt: (x: number, y: number) => Rgb,
): Buffer {
  const [width, height] = [blocksWide * 8, blocksHigh * 8];
  const components = [1, 2, 3];
  const out = new BitWriter();
  const previous = [0, 0, 0];
  for (let y = 0; y < blocksHigh; y++) {
    for (let x = 0; x < blocksWide; x++) {
      toYCbCr(colorAt(x, y)).forEach((value, c) => {
        // The block's DC coefficient is 8 × its level-shifted value; quantized by Q.
        const dc = Math.round((8 * Math.max(-128, Math.min(127, value - 128))) / Q);
        writeDc(out, dc - previous[c]);
        previous[c] = dc;
      });
    }
  }
  const bytes = [
    0xff,
    0xd8,
    ...segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
    ...segment(0xdb, [0x00, ...new Array<number>(64).fill(Q)]),
    ...segment(0xc0, [
      8,
      height >> 8,
      height & 0xff,
      width >> 8,
      width & 0xff,
      3,
      ...components.flatMap((id) => [id, 0x11, 0]),
    ]),
    ...segment(0xc4, [0x00, ...DC_BITS, ...DC_VALUES, 0x10, ...AC_BITS, ...AC_VALUES]),
    ...segment(0xda, [3, ...components.flatMap((id) => [id, 0x00]), 0, 63, 0]),
    ...out.finish(),
    0xff,
    0xd9,
  ];
  return Buffer.from(bytes);
}

/**
 * What a simulated camera "sees": sky, a house with a red roof, grass. The sky's hue follows `seed` (the
 * camera id), so two cameras give two different images.
 */
export function cameraView(seed: number): Buffer {
  const hue = (seed * 47) % 120;
  return blockJpeg(8, 6, (x, y) => {
    if (y >= 4) return [60, 150 - y * 10, 50];
    if (x >= 2 && x <= 5 && y === 1) return [170, 40, 30];
    if (x >= 2 && x <= 5 && y >= 2) return x === 3 && y === 3 ? [90, 60, 30] : [225, 215, 190];
    return [60 + hue, 125 + y * 15, 235 - hue / 2];
  });
}
