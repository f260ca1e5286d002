import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';

/**
 * The app's layers, lowest first (README, "The code"). A module — a folder of src/, or one of the two entry
 * files — may import its own files and modules of lower layers only: never a higher one, never another module
 * of its own layer.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['logging'],
  ['jeedom'],
  ['i18n', 'storage'],
  ['settings', 'concurrency'],
  ['webhook', 'chat'],
  ['audit'],
  ['interactions', 'asks', 'provisioning', 'people'],
  ['status'],
  ['commands', 'endpoint', 'handlers'],
  ['src/index.ts'],
  ['RocketChatJeedomApp.ts'],
];

/** Packages the app may import: the bundle inlines zod; the engine lends its definitions and these built-ins. */
const PACKAGES = [/^zod$/, /^@rocket\.chat\/apps-engine\//, /^crypto$/];

const ROOT = path.join(__dirname, '..', '..');

interface Edge {
  from: string;
  to: string;
  spec: string;
}

function sourceFiles(): string[] {
  const walk = (dir: string): string[] =>
    fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) return walk(rel);
      return rel.endsWith('.ts') ? [rel] : [];
    });
  return ['RocketChatJeedomApp.ts', ...walk('src')];
}

/** Every import of a file — `import`, `import type`, `export … from`, `import()`, `require()` — as specifiers. */
function importsOf(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

function resolve(from: string, spec: string, files: ReadonlySet<string>): string {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  for (const candidate of [base, `${base}.ts`, `${base}/index.ts`])
    if (files.has(candidate)) return candidate;
  return base;
}

/** `src/<folder>/…` → the folder; the two entry files are modules of their own; anything else is outside. */
function moduleOf(file: string): string | undefined {
  if (file === 'RocketChatJeedomApp.ts' || file === 'src/index.ts') return file;
  const match = /^src\/([^/]+)\//.exec(file);
  return match?.[1];
}

function layerOf(module: string): number {
  return LAYERS.findIndex((layer) => layer.includes(module));
}

/** The rules below, as a list of broken ones (empty when the code keeps them). */
function violations(files: ReadonlyMap<string, string>): string[] {
  const known = new Set(files.keys());
  const problems: string[] = [];
  const edges: Edge[] = [];
  for (const [file, text] of files) {
    for (const spec of importsOf(text)) {
      if (!spec.startsWith('.')) {
        if (!PACKAGES.some((p) => p.test(spec))) problems.push(`${file} imports the package ${spec}`);
        continue;
      }
      const to = resolve(file, spec, known);
      if (known.has(to)) edges.push({ from: file, to, spec });
      else if (!(file.startsWith('src/i18n/') && /^i18n\/[a-z]{2}\.json$/.test(to)))
        problems.push(`${file} imports ${to}, outside the app (only src/ and the i18n catalogues are)`);
    }
  }
  for (const file of known) {
    const module = moduleOf(file);
    if (module !== undefined && layerOf(module) < 0) problems.push(`${module} (${file}) is in no layer`);
  }
  for (const { from, to } of edges) {
    const a = moduleOf(from) ?? from;
    const b = moduleOf(to) ?? to;
    if (a === b) continue;
    const [la, lb] = [layerOf(a), layerOf(b)];
    if (lb >= la) {
      const how = lb === la ? 'sideways, within layer' : `up, to layer ${lb} from layer`;
      problems.push(`${from} imports ${to}: ${a} → ${b} goes ${how} ${la}`);
    }
  }
  if (files.has('RocketChatJeedomApp.ts')) {
    for (const e of edges)
      if (e.from === 'RocketChatJeedomApp.ts' && e.to !== 'src/index.ts')
        problems.push(`RocketChatJeedomApp.ts imports ${e.to}: the main class may import only ./src/index`);
  }
  for (const cycle of cycles(edges)) problems.push(`import cycle: ${cycle.join(' → ')}`);
  return problems;
}

/** File-level cycles (strongly connected components of more than one file, or a file importing itself). */
function cycles(edges: readonly Edge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) next.set(from, [...(next.get(from) ?? []), to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let counter = 0;
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const to of next.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node)!, low.get(to)!));
      } else if (onStack.has(to)) low.set(node, Math.min(low.get(node)!, index.get(to)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || (next.get(node) ?? []).includes(node)) found.push(component.reverse());
  };
  for (const node of next.keys()) if (!index.has(node)) visit(node);
  return found;
}

function readApp(): Map<string, string> {
  return new Map(sourceFiles().map((file) => [file, fs.readFileSync(path.join(ROOT, file), 'utf8')]));
}

test('imports in the app go down the layers, never sideways, up, in a circle or out of the app', () => {
  const files = readApp();
  assert.ok(files.size > 50, `read ${files.size} files`);
  assert.deepEqual(violations(files), []);
});

test('every kind of import counts: import type, export from, import() and require()', () => {
  const text = [
    "import type { A } from './a';",
    "import { B } from './b';",
    "export { C } from './c';",
    "export * from './d';",
    "type E = import('./e').E;",
    "const f = require('./f');",
    "import './g';",
  ].join('\n');
  assert.deepEqual(importsOf(text), ['./a', './b', './c', './d', './e', './f', './g']);
});

test('the check refuses an import up a layer, sideways, out of the app, and a circle', () => {
  const app = readApp();
  const broken = (...additions: Array<[file: string, line: string]>) => {
    const files = new Map(app);
    for (const [file, line] of additions) files.set(file, `${line}\n${files.get(file) ?? ''}`);
    return violations(files);
  };
  const up = broken(['src/storage/AskStore.ts', "import type { Grant } from '../webhook/auth';"]);
  assert.match(up.join('\n'), /storage → webhook goes up/);
  const sideways = broken(['src/asks/blocks.ts', "import { isBotAccount } from '../people/changes';"]);
  assert.match(sideways.join('\n'), /asks → people goes sideways/);
  const out = broken(['src/chat/hygiene.ts', "import { startEngine } from '../../devkit/harness/engine';"]);
  assert.match(out.join('\n'), /devkit\/harness\/engine, outside the app/);
  const fromTests = broken(['src/chat/hygiene.ts', "import '../../test/unit/fakes/FakeHttp';"]);
  assert.match(fromTests.join('\n'), /test\/unit\/fakes\/FakeHttp, outside the app/);
  const node = broken(['src/chat/hygiene.ts', "import http from 'node:http';"]);
  assert.match(node.join('\n'), /imports the package node:http/);
  const circle = broken(
    ['src/chat/hygiene.ts', "import './roles';"],
    ['src/chat/roles.ts', "import type { CleanPhrase } from './hygiene';"],
  );
  assert.match(
    circle.join('\n'),
    /import cycle: src\/chat\/(hygiene|roles)\.ts → src\/chat\/(hygiene|roles)\.ts/,
  );
  const selfCycle = broken(['src/chat/roles.ts', "import './roles';"]);
  assert.match(selfCycle.join('\n'), /import cycle: src\/chat\/roles\.ts/);
  const main = broken(['RocketChatJeedomApp.ts', "import { SETTINGS } from './src/settings/definitions';"]);
  assert.match(main.join('\n'), /the main class may import only/);
});
