/**
 * The browser tests' Chromium: Debian's `chromium` package (playwright-core drives it; no browser is ever
 * downloaded by a test tool). Installed with apt when missing, as root or through password-less sudo.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

function canRun(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function setupBrowser(): string {
  const wanted = process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM;
  if (fs.existsSync(wanted)) return wanted;
  if (process.env.CHROMIUM_PATH) throw new Error(`CHROMIUM_PATH names ${wanted}, which does not exist.`);
  const asRoot = process.getuid?.() === 0;
  if (!asRoot && !canRun('sudo', ['-n', 'true']))
    throw new Error(
      "The browser tests need Debian's Chromium: `sudo apt-get install chromium`, or set CHROMIUM_PATH.",
    );
  const apt = (args: string[]) =>
    execFileSync(asRoot ? 'apt-get' : 'sudo', asRoot ? args : ['apt-get', ...args], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  console.log("Installing Debian's chromium for the browser tests…");
  apt(['-qq', '-o', 'Acquire::Retries=3', 'update']);
  apt(['-y', '-qq', '-o', 'Acquire::Retries=3', 'install', 'chromium']);
  if (!fs.existsSync(DEFAULT_CHROMIUM))
    throw new Error(`apt installed chromium but ${DEFAULT_CHROMIUM} is missing.`);
  return DEFAULT_CHROMIUM;
}

if (require.main === module) console.log(setupBrowser());
