import fs from 'node:fs';
import path from 'node:path';
import { packageApp } from '../../scripts/package';

const root = path.resolve(__dirname, '..', '..');

let built: Promise<string> | undefined;

/** The installable zip under test: the one `npm test` just built, or a fresh build when run alone. */
export function appZip(): Promise<string> {
  const app = JSON.parse(fs.readFileSync(path.join(root, 'app.json'), 'utf8')) as {
    nameSlug: string;
    version: string;
  };
  const zip = path.join(root, 'dist', `${app.nameSlug}_${app.version}.zip`);
  if (process.env.JEEDOM_ZIP_FRESH === '1' && fs.existsSync(zip)) return Promise.resolve(zip);
  built ??= packageApp();
  return built;
}
