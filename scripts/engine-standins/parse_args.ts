// Offline stand-in for jsr:@std/cli/parse-args, covering what the Apps-Engine Deno runtime reads
// (--subprocess, --spawnId, --metricsReportFrequencyInMs). jsr.io is not reachable from our machines.
export function parseArgs(args: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { _: [] as string[] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--')) {
      (out._ as string[]).push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const key = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    let value: string | boolean;
    if (eq !== -1) value = arg.slice(eq + 1);
    else if (i + 1 < args.length && !args[i + 1].startsWith('--')) value = args[++i];
    else value = true;
    out[key] = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  }
  return out;
}
