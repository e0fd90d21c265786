// Builds the publishable package into dist/:
//   dist/esm  one ES module per entry (shared code in chunks/), bundled by esbuild so an import
//             loads three files rather than twenty; declarations per source file, emitted by tsc
//   dist/cjs  the sources transpiled to CommonJS one by one, with a package.json marking the folder
//             CommonJS so the copied declarations are read as such
import { execFileSync } from 'node:child_process';
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { build } from 'esbuild';
import ts from 'typescript';

const root = new URL('..', import.meta.url);
const entries = ['index', 'looker/index', 'dx/index', 'sync/index', 'testing/index', 'testing/msw', 'cli/main'];
await rm(new URL('dist', root), { recursive: true, force: true });

execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });

await build({
  absWorkingDir: root.pathname,
  entryPoints: entries.map((entry) => `src/${entry}.ts`),
  outdir: 'dist/esm',
  outbase: 'src',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});

const sources = (await readdir(new URL('src', root), { recursive: true }))
  .filter((file) => file.endsWith('.ts'))
  .map((file) => `src/${file}`);
// esModuleInterop keeps `import createClient from 'openapi-fetch'` working against its CommonJS build.
const cjsOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  esModuleInterop: true,
  verbatimModuleSyntax: false,
};
for (const source of sources) {
  const { outputText } = ts.transpileModule(await readFile(new URL(source, root), 'utf8'), {
    compilerOptions: cjsOptions,
    fileName: source,
  });
  const target = new URL(source.replace(/^src\//, 'dist/cjs/').replace(/\.ts$/, '.js'), root);
  await mkdir(dirname(target.pathname), { recursive: true });
  await writeFile(target, outputText);
}
await cp(new URL('dist/esm', root), new URL('dist/cjs', root), {
  recursive: true,
  filter: (source) => !source.endsWith('.js') && !source.endsWith('chunks'),
});
await writeFile(new URL('dist/cjs/package.json', root), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);
console.log(`built ${entries.length} ES module entries and ${sources.length} CommonJS modules`);
