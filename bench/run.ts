// `npm run bench`: times set_user_attribute_user_value through four clients against one loopback
// fake Looker, then the cold import of each, and writes bench/results/ (README.md, results.json, chart.png).
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { renderChartSvg, renderPng } from './chart.js';
import { createContenders, type Contender, type ContenderId } from './clients.js';
import { measureColdImports, type ColdImport } from './cold-import.js';
import { startFakeServerProcess, type FakeServerProcess } from './fake-server-process.js';
import { describeMachine, packageVersions, sourceRevision } from './environment.js';
import { measureInterleaved, type Measurement, type Plan } from './measure.js';
import { mainRows, renderMarkdown, type BenchResults } from './report.js';

const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));
const RESULTS_DIR = new URL('./results/', import.meta.url);

const WARM_UP: readonly Plan[] = [
  { concurrency: 1, rounds: 1, callsPerBatch: 300 },
  { concurrency: 32, rounds: 1, callsPerBatch: 640 },
];
// Many short rounds rather than a few long ones: the per-round ratios then sample the machine's
// slow and fast phases alike. Sized to keep `npm run bench` under two minutes on 2 cores.
const CONCURRENCY_1: Plan = { concurrency: 1, rounds: 24, callsPerBatch: 160 };
const CONCURRENCY_32: Plan = { concurrency: 32, rounds: 24, callsPerBatch: 480 };
const COLD_IMPORT_SAMPLES = 15;

const COLD_IMPORT_SPECIFIERS: Record<ContenderId, string> = {
  fetch: 'data:text/javascript,',
  'openapi-fetch': 'openapi-fetch',
  sdk: 'user-attributes-sdk/looker',
  'looker-sdk-node': '@looker/sdk-node',
};

const TIMED_VALUE = 'bench-value';

const log = (message: string) => process.stderr.write(`[${(performance.now() / 1000).toFixed(1)} s] ${message}\n`);

/**
 * `@looker/sdk-rtl` writes a console.debug line on every request (see the report); count them instead
 * of flooding the terminal.
 */
function discardConsoleDebug(): { readonly lines: number } {
  const discarded = { lines: 0 };
  console.debug = () => void discarded.lines++;
  return discarded;
}

/** Each client sets a value of its own, which must come back in the reply and be in the fake's store. */
async function verify(contender: Contender, server: FakeServerProcess): Promise<void> {
  const value = `verify-${contender.id}`;
  const { userId, userAttributeId } = server.target;
  const echoed = await contender.setUserValue({ userId, userAttributeId, value });
  const stored = await server.storedValue();
  if (echoed !== value || stored.value !== value || stored.source !== 'user') {
    throw new Error(
      `${contender.name} did not set the value: replied ${JSON.stringify(echoed)}, the fake holds ${JSON.stringify(stored)}`,
    );
  }
  log(`  ${contender.name}: ok (the fake holds ${JSON.stringify(stored.value)})`);
}

function timedCall(contender: Contender, server: FakeServerProcess): () => Promise<void> {
  const input = { userId: server.target.userId, userAttributeId: server.target.userAttributeId, value: TIMED_VALUE };
  return async () => {
    const echoed = await contender.setUserValue(input);
    if (echoed !== TIMED_VALUE) throw new Error(`${contender.name} replied ${JSON.stringify(echoed)}`);
  };
}

const byId = <T>(map: Map<ContenderId, T>) => Object.fromEntries(map) as Record<ContenderId, T>;

async function main(): Promise<void> {
  // `npm run bench` built dist/ from the working tree just before this process started.
  const source = sourceRevision(PACKAGE_ROOT);
  const consoleDebug = discardConsoleDebug();
  const server = await startFakeServerProcess();
  log(`fake Looker on ${server.target.baseUrl}`);
  let concurrency1: Map<ContenderId, Measurement>;
  let concurrency32: Map<ContenderId, Measurement>;
  let contenders: Contender[];
  let checks: Omit<BenchResults['checks'], 'consoleDebugLinesDiscarded'>;
  try {
    contenders = await createContenders(server.target);
    log('verifying each client against the fake');
    for (const contender of contenders) await verify(contender, server);

    const calls = new Map(contenders.map((c) => [c.id, timedCall(c, server)]));
    log('warming up');
    for (const plan of WARM_UP) await measureInterleaved(calls, plan);

    const before = await server.counts();
    log(`timing at c=1: ${CONCURRENCY_1.rounds} rounds × ${CONCURRENCY_1.callsPerBatch} calls per client`);
    concurrency1 = await measureInterleaved(calls, CONCURRENCY_1);
    log(`timing at c=32: ${CONCURRENCY_32.rounds} rounds × ${CONCURRENCY_32.callsPerBatch} calls per client`);
    concurrency32 = await measureInterleaved(calls, CONCURRENCY_32);
    const after = await server.counts();

    const timedCalls =
      contenders.length *
      (CONCURRENCY_1.rounds * CONCURRENCY_1.callsPerBatch + CONCURRENCY_32.rounds * CONCURRENCY_32.callsPerBatch);
    const servedWhileTimed = {
      logins: after.logins - before.logins,
      setUserValueOk: after.setUserValueOk - before.setUserValueOk,
      setUserValueFailed: after.setUserValueFailed - before.setUserValueFailed,
      other: after.other - before.other,
    };
    // Every timed call must have reached this server, once, and nothing else may have happened.
    if (
      servedWhileTimed.setUserValueOk !== timedCalls ||
      servedWhileTimed.setUserValueFailed + servedWhileTimed.logins + servedWhileTimed.other > 0
    ) {
      throw new Error(`the server's counts do not match the calls made (${timedCalls}): ${JSON.stringify(servedWhileTimed)}`);
    }
    checks = { timedCalls, servedWhileTimed, servedInTotal: after };
  } finally {
    await server.close();
  }

  log(`cold imports: ${COLD_IMPORT_SAMPLES} fresh processes per client`);
  const coldImport = await measureColdImports(
    contenders.map((c) => ({ key: c.id, specifier: COLD_IMPORT_SPECIFIERS[c.id] })),
    COLD_IMPORT_SAMPLES,
    PACKAGE_ROOT,
  );

  const machine = describeMachine();
  const results: BenchResults = {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    machine,
    source,
    versions: packageVersions(PACKAGE_ROOT, ['openapi-fetch', '@looker/sdk-node', '@looker/sdk', '@looker/sdk-rtl']),
    operation: 'set_user_attribute_user_value',
    plans: {
      warmUp: WARM_UP,
      concurrency1: CONCURRENCY_1,
      concurrency32: CONCURRENCY_32,
      coldImportSamples: COLD_IMPORT_SAMPLES,
    },
    contenders: contenders.map(({ id, name }) => ({ id, name })),
    concurrency1: byId(concurrency1),
    concurrency32: byId(concurrency32),
    coldImport: byId<ColdImport>(coldImport),
    checks: { ...checks, consoleDebugLinesDiscarded: consoleDebug.lines },
  };

  const svg = renderChartSvg({
    title: 'Setting a user attribute value: cost relative to hand-written fetch',
    subtitle: `one loopback fake Looker · ${machine.cpuModel}, ${machine.cores} cores · Node.js ${machine.node} · ${results.date.slice(0, 10)}`,
    contenders: results.contenders,
    rows: mainRows(results),
    goal: 1.1,
  });
  await mkdir(RESULTS_DIR, { recursive: true });
  await writeFile(new URL('results.json', RESULTS_DIR), `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(new URL('README.md', RESULTS_DIR), renderMarkdown(results));
  await writeFile(new URL('chart.png', RESULTS_DIR), renderPng(svg));
  log(`wrote ${fileURLToPath(RESULTS_DIR)}README.md, results.json and chart.png`);
}

await main();
