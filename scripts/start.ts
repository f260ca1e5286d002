/**
 * `npm start`: builds the app zip and the playground page, then runs the playground on localhost, on the
 * built-in Jeedom simulator unless `--jeedom-url` and `--api-key` name a real Jeedom.
 *
 *   npm start
 *   npm start -- --port 3100 --jeedom-version 4.4.19
 *   npm start -- --jeedom-url http://192.168.1.20 --api-key <key> [--admin-login admin] [--member-login marie]
 *                [--public-url http://<this machine>:3101]
 *   npm start -- --help
 */
import { parseArgs } from 'node:util';
import { DEFAULT_VERSION } from '../devkit/simulator';
import { Playground, type RealJeedom } from '../playground/server/Playground';
import { buildPage, WEB_ROOT } from './build-page';
import { packageApp } from './package';
import { setupEngine } from './setup-engine';

const DEFAULT_PORT = 3100;
/** Ctrl+C stops the playground within 3 s, every time. */
const STOP_DEADLINE_MS = 2500;

const USAGE = `Usage: npm start -- [options]

Runs the app in the official Apps-Engine next to a Jeedom (the built-in simulator unless told otherwise)
and serves a Rocket.Chat-like page to try it.

Options:
  --port N                 port of the page (default ${DEFAULT_PORT}; another free one if it is taken)
  --host ADDRESS           address the page listens on (default 127.0.0.1)
  --jeedom-version 4.4.x   simulate Jeedom 4.4.x or 4.5.x (default: the simulator's ${DEFAULT_VERSION})
  --jeedom-url URL         use a real Jeedom at URL instead of the simulator (with --api-key)
  --api-key KEY            that Jeedom's API key (an administrator's or the core key)
  --admin-login LOGIN      the Jeedom login the page's admin is linked to (default: admin)
  --member-login LOGIN     the Jeedom login the page's household member is linked to
  --public-url URL         how that Jeedom reaches this machine, so its messages come back
  --help                   this help`;

function usage(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string', default: '127.0.0.1' },
  'jeedom-url': { type: 'string' },
  'api-key': { type: 'string' },
  'admin-login': { type: 'string' },
  'member-login': { type: 'string' },
  'public-url': { type: 'string' },
  'jeedom-version': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ options: OPTIONS });
  } catch (error) {
    usage(error instanceof Error ? error.message : String(error));
  }
  const { values } = parsed;
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port ?? DEFAULT_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) usage(`Not a port: ${values.port}`);
  let jeedom: RealJeedom | undefined;
  if (values['public-url'] && !values['jeedom-url']) usage('--public-url goes with --jeedom-url.');
  const version = values['jeedom-version'];
  if (version && (values['jeedom-url'] || !/^4\.[45]\.\d+$/.test(version)))
    usage("--jeedom-version is the simulator's: 4.4.x or 4.5.x, without --jeedom-url.");
  if (values['jeedom-url'] || values['api-key']) {
    if (!values['jeedom-url'] || !values['api-key']) usage('--jeedom-url and --api-key go together.');
    jeedom = {
      url: values['jeedom-url'],
      apiKey: values['api-key'],
      adminLogin: values['admin-login'],
      memberLogin: values['member-login'],
      publicUrl: values['public-url'],
    };
    if (values['public-url'] && !/^https?:\/\/[^/]+/.test(values['public-url']))
      usage(`Not an http(s) URL: ${values['public-url']}`);
  }
  setupEngine();
  const zipPath = await packageApp();
  buildPage();
  const playground = await Playground.start({
    zipPath,
    webRoot: WEB_ROOT,
    port,
    anyPortIfBusy: values.port === undefined,
    simulatorVersion: version,
    host: values.host,
    jeedom,
  });
  console.log(
    `\nJeedom for Rocket.Chat playground: ${playground.url}\n` +
      `Jeedom: ${jeedom ? jeedom.url : `built-in simulator ${version ?? DEFAULT_VERSION} (${playground.side.url})`}\n` +
      (jeedom?.publicUrl ? `Jeedom's messages come back through ${jeedom.publicUrl}\n` : '') +
      'Ctrl+C stops it.',
  );
  const stop = () => {
    playground.halt();
    // Whatever the engine still waits for, the playground is gone within this bound.
    setTimeout(() => process.exit(0), STOP_DEADLINE_MS).unref();
    void playground.stop().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
