// Builds the publishable package into dist/:
//   dist/esm  ES modules and declarations, emitted by tsc
//   dist/cjs  the same modules as CommonJS (esbuild, one file per module, no bundling), with a
//             package.json marking the folder CommonJS so the copied declarations are read as such
import { execFileSync } from 'node:child_process';
import { cp, readdir, rm, writeFile } from 'node:fs/promises';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url);
await rm(new URL('dist', root), { recursive: true, force: true });

execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });

const sources = (await readdir(new URL('src', root), { recursive: true }))
  .filter((file) => file.endsWith('.ts'))
  .map((file) => `src/${file}`);
await build({
  absWorkingDir: root.pathname,
  entryPoints: sources,
  outdir: 'dist/cjs',
  outbase: 'src',
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  bundle: false,
  logLevel: 'warning',
});
await cp(new URL('dist/esm', root), new URL('dist/cjs', root), {
  recursive: true,
  filter: (source) => !source.endsWith('.js'),
});
await writeFile(new URL('dist/cjs/package.json', root), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);
console.log(`built ${sources.length} modules into dist/esm and dist/cjs`);
