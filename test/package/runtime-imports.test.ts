// The check that the root, /looker, /dx and /sync entries statically import nothing Node-only
// (scripts/runtime-imports.mjs), run as `npm test` runs it, on a made-up build that breaks each rule.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, expect, test } from 'vitest';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;
const script = join(root, 'scripts/runtime-imports.mjs');

beforeAll(async () => {
  if (!existsSync(join(root, 'dist/esm/index.js'))) await run('npm', ['run', 'build'], { cwd: root });
}, 120_000);

async function check(files: Record<string, string>): Promise<{ code: number; stdout: string }> {
  // Inside the project, so that a bare import such as msw resolves to its node_modules.
  await mkdir(join(root, 'node_modules/.cache'), { recursive: true });
  const dist = await mkdtemp(join(root, 'node_modules/.cache/uas-imports-'));
  try {
    for (const [name, text] of Object.entries(files)) {
      await mkdir(dirname(join(dist, name)), { recursive: true });
      await writeFile(join(dist, name), text);
    }
    // Paths print relative to the working folder.
    const named = (text: string) => text.replaceAll(dist, 'DIST').replaceAll(relative(root, dist), 'DIST');
    try {
      const { stdout } = await run(process.execPath, [script, '--dist', dist], { cwd: root });
      return { code: 0, stdout: named(stdout) };
    } catch (error) {
      const { code, stdout } = error as { code: number; stdout: string };
      return { code, stdout: named(stdout) };
    }
  } finally {
    await rm(dist, { recursive: true, force: true });
  }
}

test('the built entries pass', async () => {
  const { stdout } = await run(process.execPath, [script], { cwd: root });
  expect(stdout.trim().split('\n')).toEqual(['index', 'looker/index', 'dx/index', 'sync/index'].map((entry) => `ok   dist/esm/${entry}.js`));
});

test('a Node builtin, bare or node:, the testing kit or msw in a static import fails, with the chain that reaches it', async () => {
  const { code, stdout } = await check({
    'index.js': `export * from './looker/index.js';`,
    'looker/index.js': `import './../chunks/shared.js'; export const a = 1;`,
    'chunks/shared.js': `import { readFile } from 'node:fs/promises'; export const read = readFile;`,
    'dx/index.js': `export { EventEmitter } from 'events';`,
    'sync/index.js': `import { startFakeServer } from '../testing/index.js'; import { http } from 'msw'; export const s = [startFakeServer, http];`,
    'testing/index.js': `export const startFakeServer = () => {};`,
  });
  expect(code).toBe(1);
  expect(stdout).toContain('FAIL DIST/index.js\n     DIST/index.js → DIST/looker/index.js → DIST/chunks/shared.js → node:fs/promises');
  expect(stdout).toContain('FAIL DIST/looker/index.js\n     DIST/looker/index.js → DIST/chunks/shared.js → node:fs/promises');
  expect(stdout).toContain('FAIL DIST/dx/index.js\n     DIST/dx/index.js → events');
  expect(stdout).toMatch(/^FAIL DIST\/sync\/index\.js\n {5}DIST\/sync\/index\.js → DIST\/testing\/index\.js\n {5}DIST\/sync\/index\.js → node_modules\/msw\/\S+$/m);
});

test('a dynamic import is not followed: it loads only when called', async () => {
  const { code, stdout } = await check({
    'index.js': `export const load = () => import('node:fs/promises');`,
    'looker/index.js': `export const a = 1;`,
    'dx/index.js': `export const b = () => import('../testing/index.js');`,
    'sync/index.js': `export const c = 3;`,
    'testing/index.js': `import 'node:http'; export const t = 1;`,
  });
  expect(stdout).not.toContain('FAIL');
  expect(code).toBe(0);
});
