/**
 * `npm start`: builds the app zip and the playground page, then runs the playground on localhost, on the
 * built-in Jeedom simulator unless `--jeedom-url` and `--api-key` name a real Jeedom.
 *
 *   npm start
 *   npm start -- --port 3100 --jeedom-version 4.4.19
 *   npm start -- --jeedom-url http://192.168.1.20 --api-key <key> [--admin-login admin] [--member-login marie]
 *                [--public-url http://<this machine>:3101]
 */
import { parseArgs } from 'node:util';
import { DEFAULT_VERSION } from '../devkit/simulator';
import { Playground, type RealJeedom } from '../playground/server/Playground';
import { buildPage, WEB_ROOT } from './build-page';
import { packageApp } from './package';
import { setupEngine } from './setup-engine';

const DEFAULT_PORT = 3100;

function usage(message: string): never {
  console.error(
    `${message}\nUsage: npm start -- [--port N] [--jeedom-version 4.4.x] [--jeedom-url URL --api-key KEY [--public-url URL]]`,
  );
  process.exit(2);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      'jeedom-url': { type: 'string' },
      'api-key': { type: 'string' },
      'admin-login': { type: 'string' },
      'member-login': { type: 'string' },
      'public-url': { type: 'string' },
      'jeedom-version': { type: 'string' },
    },
  });
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
