// The state benchmark's report: state.json as measured, and a markdown page with the goals and
// the month's calls against the Looker editions' monthly allowances.
import type { Machine, SourceRevision } from '../environment.js';

/** A nightly run of `users` users with the state, at the default pace. */
export interface NightlyResult {
  readonly users: number;
  readonly changed: number;
  readonly lookerCalls: number;
  readonly dxCalls: number;
  readonly seconds: number;
  readonly full: boolean;
  readonly applied: number;
}

/** One night of a simulated month. */
export interface NightResult {
  readonly day: number;
  readonly full: boolean;
  readonly looker: number;
  readonly dx: number;
  readonly applied: number;
}

/** A simulated month under one setting. */
export interface MonthResult {
  readonly label: string;
  readonly users: number;
  readonly churnPerDay: number;
  readonly runs: number;
  readonly fullChecks: number;
  readonly lookerCalls: number;
  readonly dxCalls: number;
  readonly nights: readonly NightResult[];
}

export interface StateBenchResults {
  readonly date: string;
  readonly machine: Machine;
  readonly source: SourceRevision;
  readonly nightly: NightlyResult;
  readonly months: readonly MonthResult[];
  readonly storm: StormResult;
}

/** Apply's requests against the plan's forecast, with 429s injected. */
export interface StormResult {
  readonly users: number;
  readonly changed: number;
  /** Every this many requests of each service were refused with a 429. */
  readonly every: { readonly looker: number; readonly dx: number };
  readonly forecast: { readonly looker: number; readonly dx: number };
  readonly callsUsed: { readonly looker: number; readonly dx: number };
  readonly retries: { readonly looker: number; readonly dx: number };
  /** 429 replies the fake sent during the apply. */
  readonly rateLimited: { readonly looker: number; readonly dx: number };
  readonly applied: number;
  readonly planned: number;
}

const n = (value: number) => value.toLocaleString('en-US');
const fits = (calls: number, allowance: number) => (calls <= allowance ? `yes (${Math.round((calls / allowance) * 100)} %)` : `no (${(calls / allowance).toFixed(1)}×)`);

/** The rows of forecast against actual: one per service. */
function stormRows(storm: StormResult): string {
  return (['looker', 'dx'] as const).map((s) => {
    const bound = storm.forecast[s] + storm.retries[s];
    const name = s === 'looker' ? 'Looker' : 'DX';
    return `| ${name}: requests sent ≤ forecast + retries the report lists | ≤ ${n(bound)} (${n(storm.forecast[s])} + ${n(storm.retries[s])}) `
      + `| ${n(storm.callsUsed[s])} (${n(storm.rateLimited[s])} × 429) | ${storm.callsUsed[s] <= bound ? 'yes' : '**no**'} |`;
  }).join('\n');
}

export function renderStateMarkdown(results: StateBenchResults): string {
  const { nightly, months, storm } = results;
  const rows = months.map((m) => {
    const incremental = m.nights.filter((night) => !night.full);
    const perNight = incremental.length ? Math.round(incremental.reduce((s, night) => s + night.looker, 0) / incremental.length) : 0;
    const full = m.nights.find((night) => night.full)?.looker;
    return `| ${m.label} | ${m.runs} (${m.fullChecks} full) | ${n(perNight)} | ${full === undefined ? '—' : n(full)} | ${n(m.lookerCalls)} | ${fits(m.lookerCalls, 10_000)} | ${fits(m.lookerCalls, 1_000)} |`;
  });
  return `# Benchmark: the sync with a state folder

Produced by \`npm run bench:sync:state\` on ${results.date} (source ${results.source.commit.slice(0, 12)}), on ${results.machine.cpuModel} (${results.machine.cores} cores shared with other work), Node ${results.machine.node}.
The services are the testing kit's fake on loopback with real time; the sync runs as \`plan --state\` and
\`apply --state\` do (\`holdState\`, \`fullCheckDue\`, \`afterPlan\`, \`afterApply\` on a state folder).
Calls are the requests the fake received (the state's ledger books the same number).

## A nightly run of ${n(nightly.users)} users, ${n(nightly.changed)} changed (2 %)

| Goal | Target | Measured | Met |
| --- | --- | --- | --- |
| Looker calls, the snapshot taken from the state | ≤ 650 | ${n(nightly.lookerCalls)} | ${nightly.lookerCalls <= 650 ? 'yes' : '**no**'} |
| Time at the default pace (Looker 10/s), plan and apply | ≤ 75 s | ${nightly.seconds.toFixed(1)} s | ${nightly.seconds <= 75 ? 'yes' : '**no**'} |
| DX calls | reported | ${n(nightly.dxCalls)} | — |

Without a state (and without a hand-kept \`--previous\`) the same night is a full plan: about 10,422 Looker
calls and 18 minutes at the default pace. The state was set up by one full run first (not timed).

## The forecast under 429 storms

The same nightly scenario (${n(storm.users)} users, ${n(storm.changed)} changed, the snapshot as \`previous\`),
with every ${storm.every.looker}th Looker request and every ${storm.every.dx}th DX request refused with a 429
(\`Retry-After\` 20 ms) during the apply. The plan's forecast assumes no retry; the report's \`retries\` lists
them. ${n(storm.applied)} of ${n(storm.planned)} changes applied.

| Goal | Bound | Measured | Met |
| --- | --- | --- | --- |
${stormRows(storm)}

## A month of runs, 2,000 users, 2 % of them changing each day

The clock moves a day each night (\`runtime.now\`); the state starts with a full check the night before.
A full check reads every user's values (one call each); an incremental night reads and writes only the
records changed since the snapshot, plus the user listing (one call per 500 users).

| Setting | Runs | Looker calls per incremental run | Per full check | Looker calls in the month | Enterprise (10,000) | Standard (1,000) |
| --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}

**Enterprise (10,000 calls a month)** runs this population nightly with the default weekly full check,
with room left for other API use as the table shows. **A Standard instance (1,000 calls a month)
cannot, with any setting measured**: every changed user costs a read and a write (2 calls), and 2 % a
day of 2,000 users is 1,200 changes a month, so the changes alone pass 1,000 calls however the runs
are spread (weekly runs save only the listing and the users who changed twice); and one full check
(a read per user, about 2,050 calls here) passes it by itself. On Standard, with the listing (5
calls a run) and 2 calls per changed user, what fits is about 450 changes a month with weekly runs
(under 0.8 % of 2,000 users a day, or about 750 users at 2 %), no periodic full check
(\`--full-check-age 3650d\`; an occasional \`--full-drift-check\` when the month allows), and
\`--monthly-budget looker=1000\` so that an apply that would pass the allowance is refused before
any call rather than cut off halfway.
`;
}
