// Timing: batches of calls at a fixed concurrency, run in rounds with the contenders in a fresh
// random order each round, so that drift (thermal, GC, the server's growing request log) spreads
// evenly over them instead of landing on whoever runs last.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** One batch: `concurrency` workers, each making calls back to back until the batch's share is done. */
export interface Batch {
  readonly calls: number;
  readonly elapsedMs: number;
  /** CPU time (user + system) of the benchmark process, i.e. of the client side only. */
  readonly cpuMicros: number;
  readonly medianLatencyMs: number;
}

export interface Measurement {
  readonly concurrency: number;
  readonly batches: readonly Batch[];
  readonly medianLatencyMs: number;
  readonly p90LatencyMs: number;
  readonly p99LatencyMs: number;
  /** Median over batches of calls / elapsed time. */
  readonly callsPerSecond: number;
  /** Median over batches of client CPU time per call. */
  readonly cpuMicrosPerCall: number;
}

export interface Plan {
  readonly concurrency: number;
  readonly rounds: number;
  readonly callsPerBatch: number;
}

/** The value at quantile `q` (0..1), linearly interpolated between the nearest ranks. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

export const median = (values: readonly number[]): number => quantile(Float64Array.from(values).sort(), 0.5);

// A full collection before each batch, so that garbage one contender left behind is not collected
// (and paid for) during the next one's batch. `npm run bench` cannot pass --expose-gc, hence the flag.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** Runs one batch of `calls` calls spread over `concurrency` workers; every latency goes into `latencies`. */
export async function runBatch(
  call: () => Promise<void>,
  concurrency: number,
  calls: number,
  latencies: number[],
): Promise<Batch> {
  collectGarbage();
  const batchLatencies = new Float64Array(calls);
  let started = 0;
  const worker = async () => {
    while (started < calls) {
      const index = started++;
      const t0 = performance.now();
      await call();
      batchLatencies[index] = performance.now() - t0;
    }
  };
  const cpuBefore = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsedMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpuBefore);
  for (const latency of batchLatencies) latencies.push(latency);
  return { calls, elapsedMs, cpuMicros: cpu.user + cpu.system, medianLatencyMs: quantile(batchLatencies.sort(), 0.5) };
}

/** Fisher–Yates shuffle of a copy. */
export function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/**
 * Measures every contender by `plan`: each round runs one batch per contender, in a random order.
 * `calls` maps a contender's key to the call to time.
 */
export async function measureInterleaved<K extends string>(
  calls: ReadonlyMap<K, () => Promise<void>>,
  plan: Plan,
): Promise<Map<K, Measurement>> {
  const batches = new Map<K, Batch[]>([...calls.keys()].map((key) => [key, []]));
  const latencies = new Map<K, number[]>([...calls.keys()].map((key) => [key, []]));
  for (let round = 0; round < plan.rounds; round++) {
    for (const [key, call] of shuffled([...calls])) {
      batches.get(key)!.push(await runBatch(call, plan.concurrency, plan.callsPerBatch, latencies.get(key)!));
    }
  }
  const measurements = new Map<K, Measurement>();
  for (const key of calls.keys()) {
    const sorted = Float64Array.from(latencies.get(key)!).sort();
    const keyBatches = batches.get(key)!;
    measurements.set(key, {
      concurrency: plan.concurrency,
      batches: keyBatches,
      medianLatencyMs: quantile(sorted, 0.5),
      p90LatencyMs: quantile(sorted, 0.9),
      p99LatencyMs: quantile(sorted, 0.99),
      callsPerSecond: median(keyBatches.map((b) => (b.calls / b.elapsedMs) * 1000)),
      cpuMicrosPerCall: median(keyBatches.map((b) => b.cpuMicros / b.calls)),
    });
  }
  return measurements;
}
