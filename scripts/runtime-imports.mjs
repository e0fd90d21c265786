// Checks that the entries meant for every runtime (root, /looker, /dx, /sync) load on Bun, Deno and
// Workers as well as Node: walks each built entry's static import graph (dist/esm, then into its
// dependencies' files) and fails on a Node builtin (`node:…` or bare, like `fs`), msw or the
// testing kit, printing the chain of imports that reaches it. Dynamic imports are not followed:
// they load only when called. `--dist DIR` checks another build (the check's own test).
import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const entries = ['index', 'looker/index', 'dx/index', 'sync/index'];
const builtins = new Set(builtinModules);
const isBuiltin = (path) => path.startsWith('node:') || builtins.has(path);
// Imports that hold the module up while it loads; `dynamic-import` and `require-resolve` do not.
const STATIC = new Set(['import-statement', 'require-call', 'import-rule']);

/** The chains of static imports from `entry` (a file) to what it must not load, as lists of files. */
async function forbiddenChains(entry, dist) {
  const testingKit = `${resolve(dist, 'testing')}/`;
  const unwanted = (file) => /(^|\/)node_modules\/msw\//.test(file) || resolve(file).startsWith(testingKit);
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    logLevel: 'silent',
    // Builtins are kept as imports, so that the graph shows them instead of the build failing.
    plugins: [{ name: 'builtins', setup: (b) => b.onResolve({ filter: /.*/ }, (args) => (isBuiltin(args.path) ? { path: args.path, external: true } : undefined)) }],
  });
  const { inputs } = result.metafile;
  const start = Object.keys(inputs).find((file) => resolve(file) === resolve(entry));
  const chains = [];
  const seen = new Set([start]);
  const queue = [[start]];
  while (queue.length) {
    const chain = queue.shift();
    const file = chain.at(-1);
    if (unwanted(file)) {
      chains.push(chain);
      continue;
    }
    for (const { path, kind, external } of inputs[file]?.imports ?? []) {
      if (!STATIC.has(kind) || seen.has(path)) continue;
      seen.add(path);
      if (external) {
        if (isBuiltin(path)) chains.push([...chain, path]);
        continue;
      }
      queue.push([...chain, path]);
    }
  }
  return chains;
}

const { values } = parseArgs({ options: { dist: { type: 'string', default: 'dist/esm' } } });
let failed = false;
for (const entry of entries) {
  const file = `${values.dist}/${entry}.js`;
  const chains = await forbiddenChains(file, values.dist);
  failed ||= chains.length > 0;
  console.log(`${chains.length ? 'FAIL' : 'ok  '} ${file}`);
  for (const chain of chains) console.log(`     ${chain.join(' → ')}`);
}
if (failed) {
  console.log('These entries must load on Bun, Deno and Workers: no Node builtin, msw or testing kit in their static imports.');
  process.exit(1);
}
