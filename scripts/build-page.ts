/** The playground page: Vite's production build of playground/web into build/playground-web. */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
export const WEB_ROOT = path.join(root, 'build', 'playground-web');

export function buildPage(): void {
  execFileSync(
    path.join(root, 'node_modules', '.bin', 'vite'),
    ['build', path.join(root, 'playground', 'web')],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
}

if (require.main === module) buildPage();
