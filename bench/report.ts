// The report: the results as JSON, and a markdown page with the tables and how they were measured.
import type { ContenderId } from './clients.js';
import type { ColdImport } from './cold-import.js';
import type { ServedCounts } from './fake-server-protocol.js';
import type { Machine, SourceRevision } from './environment.js';
import { median, type Batch, type Measurement, type Plan } from './measure.js';

export interface BenchResults {
  readonly date: string;
  readonly machine: Machine;
  readonly source: SourceRevision;
  readonly versions: Record<string, string>;
  readonly operation: string;
  readonly plans: {
    readonly warmUp: readonly Plan[];
    readonly concurrency1: Plan;
    readonly concurrency32: Plan;
    readonly coldImportSamples: number;
  };
  readonly contenders: readonly { readonly id: ContenderId; readonly name: string }[];
  readonly concurrency1: Record<ContenderId, Measurement>;
  readonly concurrency32: Record<ContenderId, Measurement>;
  readonly coldImport: Record<ContenderId, ColdImport>;
  readonly checks: {
    /** Timed calls made by the benchmark, all contenders and both concurrencies. */
    readonly timedCalls: number;
    /** What the server answered during the timed part. */
    readonly servedWhileTimed: ServedCounts;
    /** What the server answered over the whole run (verification and warm-up included). */
    readonly servedInTotal: ServedCounts;
    /** Lines `@looker/sdk-rtl` sent to console.debug, which the benchmark discarded. */
    readonly consoleDebugLinesDiscarded: number;
  };
}

/**
 * One measure for every contender: its value over the whole run, and its cost relative to the floor
 * (1 = the floor, higher = slower) as the median of the per-round ratios.
 */
export interface Row {
  readonly label: string;
  readonly format: (value: number) => string;
  readonly values: Record<ContenderId, number>;
  /** The measure in each round (a batch, or one cold-import sample), in round order. */
  readonly rounds: Record<ContenderId, readonly number[]>;
  readonly relativeCost: Record<ContenderId, number>;
  readonly lowerIsBetter: boolean;
  /** A measure of calls (not of import time). */
  readonly call: boolean;
}

const FLOOR: ContenderId = 'fetch';

const milliseconds = (value: number) => `${value < 10 ? value.toFixed(3) : value.toFixed(1)} ms`;
const perSecond = (value: number) => `${Math.round(value).toLocaleString('en-US')}/s`;
const batchRate = (b: Batch) => (b.calls / b.elapsedMs) * 1000;

function row(
  results: BenchResults,
  label: string,
  format: Row['format'],
  pick: (id: ContenderId) => { value: number; rounds: readonly number[] },
  lowerIsBetter = true,
): Row {
  const values = {} as Record<ContenderId, number>;
  const rounds = {} as Record<ContenderId, readonly number[]>;
  const relativeCost = {} as Record<ContenderId, number>;
  for (const { id } of results.contenders) ({ value: values[id], rounds: rounds[id] } = pick(id));
  // Ratios of batches run back to back in the same round: a slow phase of the machine (another
  // process, a noisy neighbour) then slows both sides of a ratio instead of one client's median.
  for (const { id } of results.contenders) {
    const ratios = rounds[id].map((value, round) => {
      const floor = rounds[FLOOR][round]!;
      return lowerIsBetter ? value / floor : floor / value;
    });
    relativeCost[id] = median(ratios);
  }
  return { label, format, values, rounds, relativeCost, lowerIsBetter, call: !label.startsWith('Cold import') };
}

const latency = (m: Measurement) => ({ value: m.medianLatencyMs, rounds: m.batches.map((b) => b.medianLatencyMs) });
const rate = (m: Measurement) => ({ value: m.callsPerSecond, rounds: m.batches.map(batchRate) });

/** The five measures of the main table and the chart. */
export function mainRows(results: BenchResults): Row[] {
  const { concurrency1: c1, concurrency32: c32, coldImport } = results;
  return [
    row(results, 'Median latency, c=1', milliseconds, (id) => latency(c1[id])),
    row(results, 'Calls per second, c=1', perSecond, (id) => rate(c1[id]), false),
    row(results, 'Median latency, c=32', milliseconds, (id) => latency(c32[id])),
    row(results, 'Calls per second, c=32', perSecond, (id) => rate(c32[id]), false),
    row(results, 'Cold import (process start → import resolved)', milliseconds, (id) => ({
      value: coldImport[id].medianStartToImportedMs,
      rounds: coldImport[id].samples.map((s) => s.startToImportedMs),
    })),
  ];
}

/** In how many rounds `a` did better than `b`. */
function roundsWon(r: Row, a: ContenderId, b: ContenderId): string {
  const wins = r.rounds[a].filter((value, round) =>
    r.lowerIsBetter ? value < r.rounds[b][round]! : value > r.rounds[b][round]!,
  ).length;
  return `${wins}/${r.rounds[a].length}`;
}

const times = (ratio: number) => `${ratio.toFixed(2)}×`;
const yesNo = (ok: boolean) => (ok ? 'yes' : '**no**');

function table(header: readonly string[], body: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map((_, i) => (i === 0 ? '---' : '---:'))), ...body.map(line)].join('\n');
}

export function renderMarkdown(results: BenchResults): string {
  const rows = mainRows(results);
  const { contenders, machine, source, versions, plans, checks, concurrency1: c1, concurrency32: c32, coldImport } = results;
  const uncommitted = source.uncommittedSourceFiles;
  const names = contenders.map((c) => c.name);

  // The goal: on every call row this SDK costs no more than bare openapi-fetch (which it sends
  // through), and on every row, cold import included, it is ahead of the official SDK.
  const callRows = rows.filter((r) => r.call);
  const noWorse = (r: (typeof rows)[number]) => r.relativeCost.sdk <= r.relativeCost['openapi-fetch'];
  const goalRowsMet = callRows.filter(noWorse).length;
  const aheadRows = rows.filter((r) => r.relativeCost.sdk < r.relativeCost['looker-sdk-node']).length;
  const mainTable = table(
    ['Measure', ...names, 'SDK ≤ openapi-fetch (rounds won)', 'SDK ahead of official (rounds won)'],
    rows.map((r) => [
      r.label,
      ...contenders.map(({ id }) =>
        id === FLOOR ? r.format(r.values[id]) : `${r.format(r.values[id])} (${times(r.relativeCost[id])})`,
      ),
      r.call ? `${yesNo(noWorse(r))} (${roundsWon(r, 'sdk', 'openapi-fetch')})` : '',
      `${yesNo(r.relativeCost.sdk < r.relativeCost['looker-sdk-node'])} (${roundsWon(r, 'sdk', 'looker-sdk-node')})`,
    ]),
  );

  const detailTable = table(
    [
      'Client',
      'p90 c=1',
      'p99 c=1',
      'p90 c=32',
      'p99 c=32',
      'client CPU per call, c=1',
      'client CPU per call, c=32',
      'import() alone',
    ],
    contenders.map(({ id, name }) => [
      name,
      milliseconds(c1[id].p90LatencyMs),
      milliseconds(c1[id].p99LatencyMs),
      milliseconds(c32[id].p90LatencyMs),
      milliseconds(c32[id].p99LatencyMs),
      `${Math.round(c1[id].cpuMicrosPerCall)} µs`,
      `${Math.round(c32[id].cpuMicrosPerCall)} µs`,
      milliseconds(coldImport[id].medianImportOnlyMs),
    ]),
  );

  const spreadTable = table(
    [
      'Client',
      'batch medians c=1 (min – max)',
      'batch calls/s c=1 (min – max)',
      'batch medians c=32 (min – max)',
      'batch calls/s c=32 (min – max)',
    ],
    contenders.map(({ id, name }) => [name, ...[c1[id], c32[id]].flatMap(spread)]),
  );

  const served = checks.servedWhileTimed;
  return `# Benchmark: setting a user attribute value

\`${results.operation}\` (\`PATCH /api/4.0/users/{user_id}/attribute_values/{user_attribute_id}\`) against one
loopback fake Looker (\`startFakeServer\` from \`user-attributes-sdk/testing\`), four ways, in one run.
Produced by \`npm run bench\` on ${results.date}.

![Cost relative to hand-written fetch](chart.png)

## Results

Goal (this SDK, which sends through openapi-fetch and adds auth, retries and checks, costs no more than bare
openapi-fetch on every call row, and is ahead of the official SDK on every row, cold import included): no
more than openapi-fetch on ${goalRowsMet} of ${callRows.length} call rows, ahead of \`@looker/sdk-node\` on ${aheadRows} of ${rows.length} rows.

${mainTable}

In brackets: the cost relative to the hand-written \`fetch\` floor, where **1.00× is the floor and higher is
slower**. For latency and import time that is the client's time divided by the floor's; for calls per second
it is the floor's rate divided by the client's (0.91× the floor's rate shows as 1.10×). Each ratio is the
median of the per-round ratios (each round runs every client once, back to back), so it can differ a little
from the ratio of the two whole-run values shown. The last two columns check the goal; "rounds won" counts
the rounds in which this SDK did better than bare openapi-fetch, or than the official SDK.

### Details

${detailTable}

*Client CPU per call* is the user + system CPU time of the benchmark process (which runs only the
clients; the server has its own process) divided by the calls made. *import() alone* leaves out Node's own
start-up, which every row of the cold-import measure includes.

Spread over the ${plans.concurrency1.rounds} (c=1) and ${plans.concurrency32.rounds} (c=32) batches each client ran:

${spreadTable}

## Machine

- CPU: ${machine.cpuModel}, ${machine.cores} cores
- Memory: ${machine.memoryGiB} GiB
- OS: ${machine.os}
- Node.js ${machine.node} (undici ${machine.undici}, the HTTP client behind the global \`fetch\` all four use)
- Packages: ${Object.entries(versions)
  .map(([name, version]) => `\`${name}\` ${version}`)
  .join(', ')}
- Date: ${results.date}
- Measured build of this SDK: commit \`${source.commit.slice(0, 12)}\`${
  uncommitted.length ? `, plus uncommitted changes to ${uncommitted.map((f) => `\`${f}\``).join(', ')}` : ''
} (\`npm run build\` from the working tree)

## How it was measured

- **Server.** One fake Looker from the testing kit, seeded with one user, one string attribute and one
  API key, served by \`startFakeServer\` on \`127.0.0.1\` in a child process, so the server's work does not
  share an event loop or a core with the clients (the machine has ${machine.cores} cores). All four clients talk
  to that one server through Node's global \`fetch\` and its default keep-alive connection pool.
- **Contenders** (\`bench/clients.ts\`), all setting the same value on the same user and attribute:
  1. *hand-written fetch*, the floor: one login with \`fetch\`, then per call a \`fetch\` PATCH with
     \`Authorization: Bearer <token>\` and a JSON body, and \`response.json()\`;
  2. *openapi-fetch*: \`createClient<paths>()\` with the generated \`paths\` and the token header set once;
  3. *user-attributes-sdk*: \`createLookerClient\` with client credentials and default options (retries,
     timeout, input checks on); it logs in on the first call and caches the token;
  4. *@looker/sdk-node*: \`LookerNodeSDK.init40(settings)\`, the settings a \`NodeSettings\` subclass whose
     \`readConfig()\` supplies the fake's API key (no environment variables, no \`looker.ini\`); its
     \`NodeSession\` logs in on the first call and reuses the token.
- **Checks.** Before any timing, each client set a value of its own and the benchmark read the value back
  from the fake's store. Every timed call checks that the reply is a success and echoes the value sent. The
  server counted ${served.setUserValueOk.toLocaleString('en-US')} successful PATCH requests during the timed part, for
  ${checks.timedCalls.toLocaleString('en-US')} timed calls, with ${served.setUserValueFailed} failures, ${served.logins} logins and ${served.other} other requests;
  over the whole run it saw ${checks.servedInTotal.logins} logins for ${contenders.length} clients.
- **Warm-up.** ${plans.warmUp.map((p) => `${p.callsPerBatch} calls per client at c=${p.concurrency}`).join(', then ')}, not recorded.
- **Timing.** ${plans.concurrency1.rounds} rounds of ${plans.concurrency1.callsPerBatch} calls per client at c=1, then
  ${plans.concurrency32.rounds} rounds of ${plans.concurrency32.callsPerBatch} calls per client at c=32 (32 workers,
  each starting its next call as soon as its previous one resolved). Within a round every client runs one
  batch, in a new random order each round, so drift spreads over all of them; a full garbage collection
  runs before every batch so that no client pays for another's garbage. Latency is the time from calling
  the client to its promise resolving with the parsed value (\`performance.now()\`), the median over every
  call; calls per second is the median over the batches of calls ÷ batch wall time.
- **Cold import.** ${plans.coldImportSamples} fresh \`node --input-type=module\` processes per client (after one unrecorded
  round to fill the OS page cache), the clients shuffled in every round, each timing
  \`await import(<specifier>)\` against \`performance.timeOrigin\`, the start of the process; the median is
  reported. Specifiers: ${contenders.map(({ id }) => `\`${coldImport[id].specifier}\``).join(', ')}. The floor imports
  nothing (\`fetch\` is a global), so it is timed importing an empty module, which pays the same ES module
  loader start-up the others do.
- **The official SDK logs on every request.** \`@looker/sdk-rtl\` ${versions['@looker/sdk-rtl'] ?? ''} calls
  \`console.debug('AbortSignal.timeout is not defined. Timeout will use default behavior')\` on every request
  made without a caller's signal (an inverted branch in \`BaseTransport.initRequest\`; see
  [looker-open-source/sdk-codegen#1582](https://github.com/looker-open-source/sdk-codegen/pull/1582)). The benchmark
  replaces \`console.debug\` with a counter for the whole run (${checks.consoleDebugLinesDiscarded.toLocaleString('en-US')} lines discarded), which
  spares that client the cost of writing each line to the terminal.

Raw numbers, per batch and per cold-import sample: [\`results.json\`](results.json). Code: \`bench/\`.
`;
}

function spread(m: Measurement): [string, string] {
  const medians = m.batches.map((b) => b.medianLatencyMs);
  const rates = m.batches.map(batchRate);
  return [
    `${milliseconds(Math.min(...medians))} – ${milliseconds(Math.max(...medians))}`,
    `${perSecond(Math.min(...rates))} – ${perSecond(Math.max(...rates))}`,
  ];
}
