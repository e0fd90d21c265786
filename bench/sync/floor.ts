// The plan at its floor: a small input against a large org (calls, both ways of finding users),
// the two lanes' reads overlapping at the services' paces, memory at 1,000,000 records, and the
// command line's start; each row against its target, beside the behaviour before where a switch gives it.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { measureCliInput, type CliInputResult } from './cli-input.js';
import { measureScale, measureScaleRuns } from './scale-process.js';
import type { ScaleResult } from './scale.js';

const PACKAGE_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The sync's default paces, per second: Looker 10, DX 1,000 a minute. */
const PACE = { looker: 10, dx: 1000 / 60 } as const;

/** What the floor rows measured. */
export interface FloorResults {
  /** 10 records against 100,000 users: the cheaper way (auto), and every user listed (as before). */
  readonly smallInput: { readonly auto: ScaleResult; readonly listing: ScaleResult };
  /** A 10,000-user incremental plan at the sync's default paces, for real. */
  readonly paced10k: ScaleResult;
  /** A 100,000-user incremental plan with the lanes wide open: its calls, timed at the paces. */
  readonly calls100k: ScaleResult;
  /** A 1,000,000-record incremental plan: peak memory, with node's own heap limit and with `MILLION_HEAP_CAP_MIB`. */
  readonly million?: ScaleResult;
  readonly millionCapped?: ScaleResult;
  /** 1,000,000 records read as the plan command reads them (CSV, JSON, NDJSON, standard input, the snapshot), and whole as before. */
  readonly cliInput?: CliInputResult;
  /** `--help` of the built bin against `node -e 0`: median wall time of each, and their ratio. */
  readonly cliStart: { readonly helpMs: number; readonly nodeMs: number; readonly ratio: number; readonly runs: number };
}

/** The heap limit the capped 1,000,000-record run is given (MiB): room for the plan's state, not for garbage piling up. */
export const MILLION_HEAP_CAP_MIB = 256;

/** Seconds the calls take at the default paces, each lane on its own: the slower lane's. */
export const pacedSeconds = (calls: { looker: number; dx: number }) => Math.max(calls.looker / PACE.looker, calls.dx / PACE.dx);

/** Median wall time of `--help` and of a bare node, run in turn `runs` times after a warm-up. */
function measureCliStart(runs: number): FloorResults['cliStart'] {
  const bin = fileURLToPath(new URL('dist/esm/cli/main.js', new URL(`file://${PACKAGE_ROOT}/`)));
  const time = (args: string[]) => {
    const started = performance.now();
    const run = spawnSync(process.execPath, args, { stdio: 'ignore' });
    if (run.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${String(run.status)}`);
    return performance.now() - started;
  };
  time([bin, '--help']);
  time(['-e', '0']);
  const help: number[] = [];
  const node: number[] = [];
  for (let i = 0; i < runs; i++) {
    help.push(time([bin, '--help']));
    node.push(time(['-e', '0']));
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
  const ratios = help.map((ms, i) => ms / (node[i] as number));
  return { helpMs: median(help), nodeMs: median(node), ratio: median(ratios), runs };
}

/** Measures every floor row; `million` false leaves the 1,000,000-record run out (it takes minutes and a GiB). */
export async function measureFloor(log: (message: string) => void, million = true): Promise<FloorResults> {
  log('floor: --help against node -e 0');
  const cliStart = measureCliStart(15);
  log('floor: 1,000,000 records in each input format, from standard input, and their snapshot');
  const cliInput = await measureCliInput(1_000_000);
  const mib = (n: number | undefined) => `+ ${(n ?? Number.NaN).toFixed(0)} MiB`;
  log(`  CSV ${mib(cliInput.streamedMiB)} (whole ${mib(cliInput.wholeMiB)}), JSON ${mib(cliInput.json?.streamedMiB)}, NDJSON ${mib(cliInput.ndjson?.streamedMiB)}`);
  log(`  standard input ${mib(cliInput.stdinMiB)}, snapshot ${mib(cliInput.snapshot?.streamedMiB)} (whole ${mib(cliInput.snapshot?.wholeMiB)})`);
  log('floor: 10 records against 100,000 users, both ways');
  const auto = await measureScale(100_000, { records: 10, incremental: false });
  const listing = await measureScale(100_000, { records: 10, incremental: false, lookerUsers: 'listing' });
  log(`  ${auto.calls.looker} vs ${listing.calls.looker} Looker calls`);
  log('floor: 10,000-user incremental plan at the default paces (about 25 s)');
  const paced10k = await measureScale(10_000, { paced: true });
  log(`  ${paced10k.seconds.toFixed(1)} s`);
  log('floor: 100,000-user incremental plan, calls');
  const calls100k = await measureScale(100_000);
  if (!million) return { smallInput: { auto, listing }, paced10k, calls100k, cliInput, cliStart };
  log(`floor: 1,000,000-record incremental plan (minutes), as node runs it and with --max-old-space-size=${MILLION_HEAP_CAP_MIB}`);
  const [result, capped] = (await measureScaleRuns(1_000_000, {}, [undefined, MILLION_HEAP_CAP_MIB])) as [ScaleResult, ScaleResult];
  log(`  ${result.peakRssMiB.toFixed(0)} MiB peak RSS; ${capped.peakRssMiB.toFixed(0)} MiB capped`);
  return { smallInput: { auto, listing }, paced10k, calls100k, million: result, millionCapped: capped, cliInput, cliStart };
}
