// Bundle size of what an app ships when it imports only what it uses: esbuild, tree-shaking on,
// minified, then gzip, everything it pulls in counted (openapi-fetch included). Fails when a limit
// is crossed, or when an entry pulls in the testing kit or msw. `--json` prints the measurements.
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const KB = 1000;
// `goal` is the budget the project aims for; `limit` is what `npm test` enforces: the goal where it
// is met, otherwise a guard against growth from today's size (see "Size" in docs/performance.md for
// where the bytes go).
export const budgets = [
  {
    name: 'looker',
    code: `import { createLookerClient } from 'user-attributes-sdk/looker'; globalThis.c = createLookerClient;`,
    goal: 9.2 * KB,
    limit: 15 * KB,
  },
  {
    name: 'dx',
    code: `import { createDxClient } from 'user-attributes-sdk/dx'; globalThis.c = createDxClient;`,
    goal: 7 * KB,
    limit: 11.2 * KB,
  },
  {
    name: 'looker + dx',
    code: `import { createLookerClient } from 'user-attributes-sdk/looker'; import { createDxClient } from 'user-attributes-sdk/dx'; globalThis.c = [createLookerClient, createDxClient];`,
    goal: 8.8 * KB,
    limit: 16.6 * KB,
  },
];

/** Bundles `code` as an app would and returns its sizes and the packages it pulled in. */
export async function measure(code) {
  const result = await build({
    stdin: { contents: code, resolveDir: process.cwd(), sourcefile: 'app.js' },
    bundle: true,
    minify: true,
    treeShaking: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const bytes = result.outputFiles[0].contents;
  // Files that put code in the bundle: a file whose code is all tree-shaken away is listed with 0 bytes.
  const [output] = Object.values(result.metafile.outputs);
  const inputs = Object.keys(output.inputs).filter((file) => output.inputs[file].bytesInOutput > 0);
  return { minified: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, inputs };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let failed = false;
  const rows = [];
  for (const { name, code, goal, limit } of budgets) {
    const { minified, gzip, inputs } = await measure(code);
    const unwanted = inputs.filter((file) => /node_modules\/msw\/|\/testing\//.test(file));
    const ok = gzip <= limit && unwanted.length === 0;
    failed ||= !ok;
    rows.push({ name, minified, gzip, goal, limit, ok });
    const against = `limit ${limit / KB} kB, goal ${goal / KB} kB${gzip > goal ? ' not met' : ' met'}`;
    const pulledIn = unwanted.length ? `; pulls in ${unwanted.join(', ')}` : '';
    console.log(
      `${ok ? 'ok  ' : 'FAIL'} ${name.padEnd(12)} ${(gzip / KB).toFixed(2)} kB gzip (${against}), ${(minified / KB).toFixed(2)} kB minified${pulledIn}`,
    );
  }
  if (process.argv.includes('--json')) console.log(JSON.stringify(rows));
  if (failed) process.exit(1);
}
