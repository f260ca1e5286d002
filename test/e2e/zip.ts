import { packageApp } from '../../scripts/package';

let built: Promise<string> | undefined;

/** The installable zip under test: built once per process, and only when its sources changed since the last build. */
export function appZip(): Promise<string> {
  built ??= packageApp();
  return built;
}
