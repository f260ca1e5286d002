import fs from 'node:fs';
import { buildPage, WEB_ROOT } from '../../scripts/build-page';

/** Debian's Chromium (`apt-get install chromium`), or the one CHROMIUM_PATH names. */
export function browserPath(): string {
  const candidate = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!fs.existsSync(candidate))
    throw new Error(
      `No Chromium at ${candidate}: \`npm test\` installs Debian's package, or set CHROMIUM_PATH.`,
    );
  return candidate;
}

/**
 * Headless on a closed network: without the background-networking flags Chromium keeps trying Google's
 * hosts. No sandbox: CI runs as root.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The built page: `npm test` builds it before the tests; it is built again only when its sources changed. */
export function pageRoot(): string {
  buildPage();
  return WEB_ROOT;
}
