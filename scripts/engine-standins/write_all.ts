// Offline stand-in for deno.land/std@0.216.0/io/write_all.ts: write every byte, however the writer splits it.
export async function writeAll(
  writer: { write(p: Uint8Array): Promise<number> },
  bytes: Uint8Array,
): Promise<void> {
  let written = 0;
  while (written < bytes.length) {
    written += await writer.write(bytes.subarray(written));
  }
}
