// `npm run bench:sync`: the sync against the testing kit's fake over loopback (calls, pacing) and
// a 100,000-record plan (memory, time); writes bench/sync/results/ (README.md, results.json, chart.png).
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { renderPng } from '../chart.js';
import { describeMachine, sourceRevision } from '../environment.js';
import { measureCalls } from './calls.js';
import { measureFloor } from './floor.js';
import { measureGroupValueChange, renderLayersMarkdown } from './layers.js';
import { floorPanels, renderFloorMarkdown } from './floor-report.js';
import { renderSyncChartSvg, type Panel } from './chart.js';
import { measureLoop, measureSyncRate } from './rate.js';
import { renderSyncMarkdown, type SyncBenchResults } from './report.js';
import { measureScale } from './scale-process.js';

const PACKAGE_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const RESULTS_DIR = new URL('./results/', import.meta.url);
const SETTINGS = { users: 2000, rateLookerUsers: 500, rateDxUsers: 1200, loopUpdates: 2000, loopConcurrency: 32, scaleRecords: 100_000 };

const log = (message: string) => process.stderr.write(`[${(performance.now() / 1000).toFixed(1)} s] ${message}\n`);

function chart(results: SyncBenchResults): string {
  const { calls, rate, loops } = results;
  const blue = '#0072B2';
  const grey = '#8c8c8c';
  const orange = '#E69F00';
  const panels: Panel[] = [
    {
      title: `Calls per nightly run, ${calls.users.toLocaleString('en-US')} users, 2 % changed (log scale)`,
      scale: 'log',
      max: calls.writeEverything * 1.5,
      bars: [
        { label: 'write everything (script)', value: calls.writeEverything, text: calls.writeEverything.toLocaleString('en-US'), colour: grey },
        { label: 'full plan + apply', value: calls.fullPlan.looker + calls.fullPlan.dx, text: (calls.fullPlan.looker + calls.fullPlan.dx).toLocaleString('en-US'), colour: orange },
        { label: 'incremental plan + apply', value: calls.incremental.looker + calls.incremental.dx, text: String(calls.incremental.looker + calls.incremental.dx), colour: blue },
      ],
    },
    {
      title: 'Achieved write rate, share of the allowed rate',
      scale: 'linear',
      max: 1.1,
      goal: { value: 0.9, label: 'goal 90 %' },
      bars: rate.flatMap((run) =>
        (['looker', 'dx'] as const).map((service) => ({
          label: `${service === 'looker' ? 'Looker 50/s' : 'DX 1000/min'}, ${run.retryAfter ? 'with' : 'without'} Retry-After`,
          value: run[service].shareOfAllowed,
          text: `${(run[service].shareOfAllowed * 100).toFixed(1)} %, ${run[service].rateLimited} × 429`,
          colour: blue,
        }))),
    },
    {
      title: `Failed DX updates, plain loop of ${SETTINGS.loopUpdates.toLocaleString('en-US')} at concurrency ${SETTINGS.loopConcurrency}`,
      scale: 'linear',
      max: Math.max(0.1, ...loops.map((loop) => loop.failedShare)) * 1.3,
      bars: loops.map((loop) => ({
        label: loop.paced ? 'default client (paced to the window)' : 'rateLimit: false (unpaced)',
        value: loop.failedShare,
        text: `${(loop.failedShare * 100).toFixed(1)} % (${loop.failed})`,
        colour: loop.paced ? blue : grey,
      })),
    },
  ];
  return renderSyncChartSvg('user-attributes-sdk/sync against the fake over loopback', `npm run bench:sync, ${results.date}`, panels);
}

/** The floor rows alone (BENCH_SYNC_ONLY=floor), or after the others: results/floor.json, floor.md and floor-chart.png. */
async function floor(): Promise<void> {
  // BENCH_FLOOR_MILLION=0 leaves out the 1,000,000-record run (minutes, and about a GiB).
  const results = await measureFloor(log, process.env.BENCH_FLOOR_MILLION !== '0');
  const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  await mkdir(RESULTS_DIR, { recursive: true });
  await writeFile(new URL('floor.json', RESULTS_DIR), `${JSON.stringify({ date, machine: describeMachine(), source: sourceRevision(PACKAGE_ROOT), ...results }, null, 2)}\n`);
  await writeFile(new URL('floor.md', RESULTS_DIR), renderFloorMarkdown(results, date));
  const svg = renderSyncChartSvg('user-attributes-sdk/sync: the plan at the floor', `npm run bench:sync, ${date}`, floorPanels(results));
  await writeFile(new URL('floor-chart.png', RESULTS_DIR), renderPng(svg));
  log(`wrote ${fileURLToPath(new URL('floor.md', RESULTS_DIR))}`);
}

/** The group values row (BENCH_SYNC_ONLY=layers, or after the others): results/layers.json and layers.md. */
async function layers(): Promise<void> {
  log('group values: one group\'s value changed, 2,000 users');
  const result = await measureGroupValueChange(SETTINGS.users);
  const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  await mkdir(RESULTS_DIR, { recursive: true });
  await writeFile(new URL('layers.json', RESULTS_DIR), `${JSON.stringify({ date, machine: describeMachine(), source: sourceRevision(PACKAGE_ROOT), ...result }, null, 2)}\n`);
  await writeFile(new URL('layers.md', RESULTS_DIR), renderLayersMarkdown(result, date));
  log(`  ${result.groupLayerWrites} group value write(s) vs ${result.oneByOne.writes} one by one`);
}

async function main(): Promise<void> {
  if (process.env.BENCH_SYNC_ONLY === 'floor') return floor();
  if (process.env.BENCH_SYNC_ONLY === 'layers') return layers();
  const source = sourceRevision(PACKAGE_ROOT);
  log('calls: 2,000 users, 2 % changed');
  const calls = await measureCalls(SETTINGS.users);
  log(`  ${calls.incremental.looker} Looker + ${calls.incremental.dx} DX calls`);
  log('plain loop, unpaced');
  const unpaced = await measureLoop(false, SETTINGS.loopUpdates, SETTINGS.loopConcurrency);
  log(`  ${unpaced.failed} failed`);
  log('rate with and without Retry-After, and the paced loop, at once (about 2 minutes)');
  const [withRetryAfter, withoutRetryAfter, paced] = await Promise.all([
    measureSyncRate(true, SETTINGS.rateLookerUsers, SETTINGS.rateDxUsers),
    measureSyncRate(false, SETTINGS.rateLookerUsers, SETTINGS.rateDxUsers),
    measureLoop(true, SETTINGS.loopUpdates, SETTINGS.loopConcurrency),
  ]);
  log('scale: 100,000 records');
  const scale = await measureScale(SETTINGS.scaleRecords);
  log(`  ${scale.peakRssMiB.toFixed(0)} MiB peak RSS, ${scale.seconds.toFixed(1)} s`);
  const results: SyncBenchResults = {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    machine: describeMachine(),
    source,
    settings: SETTINGS,
    calls,
    rate: [withRetryAfter, withoutRetryAfter],
    loops: [unpaced, paced],
    scale,
  };
  await mkdir(RESULTS_DIR, { recursive: true });
  await writeFile(new URL('results.json', RESULTS_DIR), `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(new URL('README.md', RESULTS_DIR), renderSyncMarkdown(results));
  await writeFile(new URL('chart.png', RESULTS_DIR), renderPng(chart(results)));
  log(`wrote ${fileURLToPath(RESULTS_DIR)}`);
  await floor();
  await layers();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
