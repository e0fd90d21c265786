// `npm run bench:sync:state`: the sync with a state folder, against the kit's fake over loopback.
// (1) a nightly run of 10,000 users (2 % changed) at the default pace, the snapshot taken from the
// state; (2) a simulated month of nightly runs for 2,000 users at 2 % daily churn, the clock moved
// a day each night (runtime.now), under several settings, against the Looker editions' allowances.
// Writes bench/sync/results/state.json and state.md.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  afterApply, afterPlan, createFileState, createSync, fullCheckDue, holdState, recordSnapshot, type StateKey, type SyncRecord,
} from 'user-attributes-sdk/sync';
import { describeMachine, sourceRevision } from '../environment.js';
import { currentRecord, mapping, previousRecord, rateLimitedReplies, records, startWorld, type BenchWorld } from './fixture.js';
import { renderStateMarkdown, type MonthResult, type NightlyResult, type StormResult } from './state-report.js';

const RESULTS_DIR = new URL('./results/', import.meta.url);
const DAY = 24 * 3600 * 1000;
const FAST = { looker: { requests: 1000, perMs: 1000, maxConcurrency: 8 }, dx: { requests: 1000, perMs: 1000, maxConcurrency: 8 } };
/** A clock that starts at `iso`-like `ms` and runs on at the real pace (the lanes pace by it). */
const clockFrom = (ms: number) => {
  const shift = ms - Date.now();
  return () => Date.now() + shift;
};
const log = (message: string) => process.stderr.write(`[${(performance.now() / 1000).toFixed(1)} s] ${message}\n`);

interface Night {
  readonly day: number;
  readonly full: boolean;
  readonly looker: number;
  readonly dx: number;
  readonly applied: number;
}

/** One night through the state, as `plan --state` then `apply --state` do it: resolves to its calls. */
async function night(world: BenchWorld, dir: string, make: (i: number) => SyncRecord, users: number, options: {
  readonly now: () => number; readonly fullCheckAgeMs: number; readonly fast: boolean;
}): Promise<Omit<Night, 'day'>> {
  const key: StateKey = { desiredState: 'mapping.json', services: { looker: world.looker.baseUrl, dx: world.dx.baseUrl } };
  const held = await holdState(createFileState(dir), key);
  if (!held.ok) throw new Error(held.error.message);
  const state = held.data;
  try {
    const pace = options.fast ? { rateLimit: FAST } : {};
    const sync = createSync({ looker: world.looker, dx: world.dx, mapping: mapping(), runtime: { now: options.now }, ...pace });
    const decision = fullCheckDue(state.document, options.now(), options.fullCheckAgeMs);
    const plan = await sync.plan(records(users, make), decision.full ? {} : { previous: state.document.snapshot });
    if (!plan.ok) throw new Error(plan.error.message);
    const planCalls = sync.callsUsed;
    await state.save(afterPlan(state.document, plan.data, planCalls, options.now()));
    const report = await sync.apply(plan.data, { dryRun: false, maxRemovals: 0 });
    if (!report.ok) throw new Error(report.error.message);
    const total = sync.callsUsed;
    const applyCalls = { looker: total.looker - planCalls.looker, dx: total.dx - planCalls.dx };
    const { document, prune } = afterApply(state.document, plan.data, { report: report.data, calls: applyCalls, now: options.now() });
    await state.save(document, prune);
    return { full: decision.full, looker: total.looker, dx: total.dx, applied: report.data.applied };
  } finally {
    await state.release();
  }
}

/** 10,000 users: the state set up by a full run (at a fast pace), then tonight's run at the default pace. */
async function measureNightly(users: number): Promise<NightlyResult> {
  const world = await startWorld(users, { dx: { requestsPerMinute: 1_000_000 } });
  const dir = await mkdtemp(join(tmpdir(), 'uas-bench-state-'));
  try {
    const start = Date.parse('2026-01-01T02:00:00Z');
    await night(world, dir, previousRecord, users, { now: clockFrom(start), fullCheckAgeMs: 7 * DAY, fast: true });
    world.fake.calls.reset();
    const began = performance.now();
    const run = await night(world, dir, currentRecord, users, { now: clockFrom(start + DAY), fullCheckAgeMs: 7 * DAY, fast: false });
    const seconds = (performance.now() - began) / 1000;
    const { fake } = world;
    return { users, changed: users / 50, lookerCalls: fake.calls.total('looker'), dxCalls: fake.calls.total('dx'), seconds, full: run.full, applied: run.applied };
  } finally {
    await rm(dir, { recursive: true, force: true });
    await world.close();
  }
}

/** A month of nights for `users` users, `churn` of them changing a field each night. */
interface MonthSettings {
  readonly fullCheckAgeMs: number;
  /** A run every this many days. */
  readonly everyDays: number;
}

async function simulateMonth(users: number, label: string, settings: MonthSettings): Promise<MonthResult> {
  // Each night a new 2 % of the users changes department (the last value of each user holds).
  const changedOn = new Map<number, number>();
  const churn = Math.round(users * 0.02);
  const recordOn = (i: number) => {
    const day = changedOn.get(i);
    const record = previousRecord(i);
    return day === undefined ? record : { ...record, Department: `Dept moved ${day}` };
  };
  const world = await startWorld(users, { dx: { requestsPerMinute: 1_000_000 } });
  const dir = await mkdtemp(join(tmpdir(), 'uas-bench-month-'));
  const nights: Night[] = [];
  try {
    const start = Date.parse('2026-01-01T02:00:00Z');
    // The state starts as a month in: a full check already ran the night before.
    await night(world, dir, previousRecord, users, { now: clockFrom(start - DAY), fullCheckAgeMs: settings.fullCheckAgeMs, fast: true });
    for (let day = 0; day < 30; day++) {
      for (let k = 0; k < churn; k++) changedOn.set((day * churn + k * 7) % users, day);
      if (day % settings.everyDays !== settings.everyDays - 1) continue;
      const { fullCheckAgeMs } = settings;
      const run = await night(world, dir, recordOn, users, { now: clockFrom(start + day * DAY), fullCheckAgeMs, fast: true });
      nights.push({ day: day + 1, ...run });
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
    await world.close();
  }
  const looker = nights.reduce((sum, n) => sum + n.looker, 0);
  const dxCalls = nights.reduce((s, n) => s + n.dx, 0);
  const fullChecks = nights.filter((n) => n.full).length;
  return { label, users, churnPerDay: churn, runs: nights.length, fullChecks, lookerCalls: looker, dxCalls, nights };
}

/** The nightly scenario's apply under 429 storms: its requests against the plan's forecast and the retries its report lists. */
async function measureStorm(users: number): Promise<StormResult> {
  const world = await startWorld(users, { dx: { requestsPerMinute: 1_000_000 } });
  try {
    const sync = createSync({ looker: world.looker, dx: world.dx, mapping: mapping(), rateLimit: FAST });
    const lastNight = await sync.plan(records(users, previousRecord));
    if (!lastNight.ok) throw new Error(lastNight.error.message);
    const plan = await sync.plan(records(users, currentRecord), { previous: recordSnapshot(lastNight.data, []) });
    if (!plan.ok) throw new Error(plan.error.message);
    const every = { looker: 7, dx: 5 };
    for (const service of ['looker', 'dx'] as const) world.fake.faults.add({ service, rateLimit: { every: every[service], retryAfter: { milliseconds: 20 } } });
    const since = world.fake.requests.length;
    const report = await sync.apply(plan.data, { dryRun: false, maxRemovals: 0 });
    if (!report.ok) throw new Error(report.error.message);
    const rateLimited = { looker: rateLimitedReplies(world.fake, 'looker', since), dx: rateLimitedReplies(world.fake, 'dx', since) };
    const { forecast } = plan.data;
    const { callsUsed, retries, applied, planned } = report.data;
    return { users, changed: users / 50, every, forecast, callsUsed, retries, rateLimited, applied, planned };
  } finally {
    await world.close();
  }
}

async function main(): Promise<void> {
  const source = sourceRevision(new URL('../..', import.meta.url).pathname);
  log('a month of nightly runs, 2,000 users, 2 % churn a day, several settings');
  const months: MonthResult[] = [];
  for (const [label, settings] of [
    ['nightly, full check every 7 days (default)', { fullCheckAgeMs: 7 * DAY, everyDays: 1 }],
    ['nightly, full check every 31 days', { fullCheckAgeMs: 31 * DAY, everyDays: 1 }],
    ['weekly, full check every 31 days', { fullCheckAgeMs: 31 * DAY, everyDays: 7 }],
  ] as const) {
    months.push(await simulateMonth(2000, label, settings));
    log(`  ${label}: ${months.at(-1)?.lookerCalls} Looker calls`);
  }
  log('a nightly run of 10,000 users at the default pace (about a minute)');
  const nightly = await measureNightly(10_000);
  log(`  ${nightly.lookerCalls} Looker calls in ${nightly.seconds.toFixed(1)} s`);
  log('the nightly scenario\'s apply under 429 storms, 2,000 users');
  const storm = await measureStorm(2000);
  log(`  Looker ${storm.callsUsed.looker} sent, forecast ${storm.forecast.looker} + ${storm.retries.looker} retries`);
  const results = { date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), machine: describeMachine(), source, nightly, months, storm };
  await mkdir(RESULTS_DIR, { recursive: true });
  await writeFile(new URL('state.json', RESULTS_DIR), `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(new URL('state.md', RESULTS_DIR), renderStateMarkdown(results));
  log('wrote bench/sync/results/state.json and state.md');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
