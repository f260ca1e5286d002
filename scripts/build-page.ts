/**
 * The playground page: Vite's production build of playground/web into build/playground-web. Not built again
 * while its inputs are unchanged (`build/playground-web.inputs` records them); safe to run in several processes
 * at a time: each builds in its own folder, renamed into place.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
export const WEB_ROOT = path.join(root, 'build', 'playground-web');
const STAMP = `${WEB_ROOT}.inputs`;

/** The page's sources (playground/: the page, its strings, the server types it shares), the locked tools, this. */
function inputs(): string {
  const hash = createHash('sha256');
  const add = (name: string, content: Buffer) => hash.update(`${name}\0${content.length}\0`).update(content);
  const playground = path.join(root, 'playground');
  const files = fs
    .readdirSync(playground, { recursive: true, encoding: 'utf8' })
    .map((file) => path.join(playground, file))
    .filter((file) => fs.statSync(file).isFile())
    .sort();
  for (const file of files) add(path.relative(root, file), fs.readFileSync(file));
  add('package-lock.json', fs.readFileSync(path.join(root, 'package-lock.json')));
  add('build-page.ts', fs.readFileSync(__filename));
  return hash.digest('hex');
}

export function buildPage(): void {
  const wanted = inputs();
  const built = fs.existsSync(path.join(WEB_ROOT, 'index.html')) && fs.existsSync(STAMP);
  if (built && fs.readFileSync(STAMP, 'utf8') === wanted) return;
  const out = `${WEB_ROOT}.${process.pid}-${Math.random().toString(36).slice(2, 8)}.tmp`;
  try {
    execFileSync(
      path.join(root, 'node_modules', '.bin', 'vite'),
      ['build', path.join(root, 'playground', 'web'), '--outDir', out],
      { cwd: root, stdio: 'inherit' },
    );
    fs.rmSync(WEB_ROOT, { recursive: true, force: true });
    fs.renameSync(out, WEB_ROOT);
    fs.writeFileSync(STAMP, wanted);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

if (require.main === module) buildPage();
