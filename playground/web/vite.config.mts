import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The page is built once by `npm start` (and the test suite) and served by the playground's own server.
const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: './',
  logLevel: 'warn',
  build: {
    outDir: path.resolve(here, '../../build/playground-web'),
    emptyOutDir: true,
  },
});
