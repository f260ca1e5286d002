/**
 * Finds the real Jeedom test box for `npm test`: from the environment (`JEEDOM_URL`, `JEEDOM_API_KEY`, as
 * `.ci/run` exports them), else from `../shared/jeedom/setup.sh` when the box is already installed on this
 * machine (a run takes seconds then; a first install takes minutes of apt, which only `.ci/run` starts).
 * Never throws: without a box, the real-Jeedom suite is skipped and `npm test` says why.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');

export type RealJeedom = { ok: true; url: string } | { ok: false; reason: string };

/** The setup script: `JEEDOM_SETUP`, else `shared/jeedom/setup.sh` beside the clone (or one level further up). */
export function setupScript(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = [
    env.JEEDOM_SETUP,
    path.join(root, '..', 'shared', 'jeedom', 'setup.sh'),
    path.join(root, '..', '..', 'shared', 'jeedom', 'setup.sh'),
  ];
  return candidates.find((file): file is string => !!file && fs.existsSync(file));
}

/** `JEEDOM_*=…` lines of the setup script's output. */
export function parseSetupOutput(output: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const line of output.split('\n')) {
    const match = /^(JEEDOM_[A-Z_]+)=(.*)$/.exec(line.trim());
    if (match) found[match[1]] = match[2];
  }
  return found;
}

/** Sets `JEEDOM_URL`/`JEEDOM_API_KEY`/`JEEDOM_MEMBER_LOGIN` in this process's environment when a box is here. */
export function prepareRealJeedom(env: NodeJS.ProcessEnv = process.env): RealJeedom {
  if (env.JEEDOM_URL && env.JEEDOM_API_KEY) return { ok: true, url: env.JEEDOM_URL };
  const script = setupScript(env);
  if (!script) return { ok: false, reason: 'no JEEDOM_URL/JEEDOM_API_KEY and no ../shared/jeedom/setup.sh' };
  const home = env.JEEDOM_HOME ?? '/var/www/jeedom-test';
  if (!fs.existsSync(path.join(home, 'core', 'php', 'core.inc.php'))) {
    return { ok: false, reason: `the box is not installed here (${home}); .ci/run installs it (as root)` };
  }
  if (process.getuid?.() !== 0) return { ok: false, reason: 'the setup script needs root' };
  try {
    const output = execFileSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const found = parseSetupOutput(output);
    if (!found.JEEDOM_URL || !found.JEEDOM_API_KEY) {
      return { ok: false, reason: `${script} printed no JEEDOM_URL/JEEDOM_API_KEY` };
    }
    Object.assign(env, found);
    return { ok: true, url: found.JEEDOM_URL };
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? String(error);
    return { ok: false, reason: `${script} failed: ${stderr.trim().split('\n').slice(-3).join(' / ')}` };
  }
}

if (require.main === module) {
  const found = prepareRealJeedom();
  console.log(found.ok ? `real Jeedom at ${found.url}` : `no real Jeedom: ${found.reason}`);
}
