// The scale run, in a process of its own so that its peak RSS is the sync's: 100,000 records made
// lazily (an async iterable, never an array) streamed through an incremental plan against
// 100,000 Looker and DX users, with the snapshot of last night's run (made by a process of its own
// first: SCALE_SNAPSHOT_OUT) as `previous`.
import { readFile, writeFile } from 'node:fs/promises';
import { createDxClient } from 'user-attributes-sdk/dx';
import { createLookerClient } from 'user-attributes-sdk/looker';
import { createSync, recordSnapshot, type RecordSnapshot } from 'user-attributes-sdk/sync';
import { currentRecord, mapping, previousRecord, records } from './fixture.js';

/** What the scale run reports to its parent. */
export interface ScaleResult {
  readonly records: number;
  readonly seconds: number;
  readonly msPer1000Records: number;
  readonly peakRssMiB: number;
  /** The JavaScript heap in use at its highest (sampled every 50 ms). */
  readonly peakHeapUsedMiB: number;
  readonly rssBeforeMiB: number;
  readonly usersRead: number;
  readonly lookerPages: number;
  readonly dxPages: number;
  readonly plannedUsers: number;
  readonly forecast: { readonly looker: number; readonly dx: number };
  /** Requests the plan sent to each service. */
  readonly calls: { readonly looker: number; readonly dx: number };
  /** How the Looker users were found. */
  readonly lookerUsers: string;
  /** Whether the lanes ran at the sync's default paces (Looker 10/s, DX 1,000/min) rather than wide open. */
  readonly paced: boolean;
  /** The planning process's `--max-old-space-size`, when it ran with one. */
  readonly heapCapMiB?: number;
}

const MiB = 2 ** 20;

/** Last night's run: a full plan of its records (all in place, so all settled), saved as the snapshot. */
async function lastNight(sync: ReturnType<typeof createSync>, count: number, out: string): Promise<void> {
  const plan = await sync.plan(records(count, previousRecord));
  if (!plan.ok) throw new Error(plan.error.message);
  await writeFile(out, JSON.stringify(recordSnapshot(plan.data, [])));
}

async function main(url: string, count: number): Promise<ScaleResult | { snapshot: string }> {
  const looker = createLookerClient({ baseUrl: url, credentials: { clientId: 'scale', clientSecret: 'scale-secret' }, retry: false });
  // Not paced by the client either: the sync's lanes alone pace (they also tell each call so).
  const dx = createDxClient({ baseUrl: url, token: 'scale-dx-token', retry: false, rateLimit: false });
  // The services here do not limit: the lanes are opened wide, so the time is the sync's own,
  // unless SCALE_PACED asks for the sync's default paces (the time a real run would take).
  const paced = process.env.SCALE_PACED === '1';
  const wide = { looker: { requests: 100_000, perMs: 1000, maxConcurrency: 16 }, dx: { requests: 100_000, perMs: 1000, maxConcurrency: 4 } };
  const sync = createSync({ looker, dx, mapping: mapping(), ...(!paced && { rateLimit: wide }) });
  const snapshotOut = process.env.SCALE_SNAPSHOT_OUT;
  if (snapshotOut) {
    await lastNight(sync, count, snapshotOut);
    return { snapshot: snapshotOut };
  }
  const snapshot = process.env.SCALE_SNAPSHOT;
  const previous = snapshot ? (JSON.parse(await readFile(snapshot, 'utf8')) as RecordSnapshot) : undefined;
  const lookerUsers = (process.env.SCALE_LOOKER_USERS ?? 'auto') as 'auto' | 'listing' | 'lookups';
  let calls = { looker: 0, dx: 0 };
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  let peakHeap = 0;
  const sampler = setInterval(() => {
    const usage = process.memoryUsage();
    peak = Math.max(peak, usage.rss);
    peakHeap = Math.max(peakHeap, usage.heapUsed);
  }, 50);
  const started = performance.now();
  const plan = await sync.plan(records(recordCount, currentRecord), {
    ...(previous && { previous }), lookerUsers, onProgress: (progress) => void (calls = progress.callsUsed),
  });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  if (!plan.ok) throw new Error(plan.error.message);
  const { looker: lookerPlan, dx: dxPlan } = plan.data.services;
  // maxRSS is in KiB; it covers the whole process life, loading included.
  peak = Math.max(peak, process.resourceUsage().maxRSS * 1024);
  return {
    records: plan.data.summary.records,
    seconds,
    msPer1000Records: (seconds * 1000 * 1000) / recordCount,
    peakRssMiB: peak / MiB,
    peakHeapUsedMiB: peakHeap / MiB,
    rssBeforeMiB: rssBefore / MiB,
    usersRead: lookerPlan.status === 'planned' ? lookerPlan.usersRead : 0,
    lookerPages: lookerPlan.status === 'planned' ? lookerPlan.userPages : 0,
    dxPages: dxPlan.status === 'planned' ? dxPlan.pages : 0,
    plannedUsers: plan.data.users.length,
    forecast: plan.data.forecast,
    calls,
    lookerUsers: lookerPlan.status === 'planned' ? lookerPlan.users?.method ?? 'listing' : 'skipped',
    paced,
  };
}

const [url, count] = [process.env.SCALE_URL as string, Number(process.env.SCALE_USERS ?? 100_000)];
// Tonight's records: as many as the users, or SCALE_RECORDS of them (the first ones).
const recordCount = Number(process.env.SCALE_RECORDS ?? count);
main(url, count).then(
  (result) => process.send?.(result, () => process.exit(0)),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
