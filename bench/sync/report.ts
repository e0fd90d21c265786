// The sync benchmark's report: results.json as measured, and a markdown page with the goals.
import type { Machine, SourceRevision } from '../environment.js';
import type { CallsResult } from './calls.js';
import type { LoopResult, SyncRateResult } from './rate.js';
import type { ScaleResult } from './scale.js';

export interface SyncBenchResults {
  readonly date: string;
  readonly machine: Machine;
  readonly source: SourceRevision;
  readonly settings: {
    readonly users: number;
    readonly rateLookerUsers: number;
    readonly rateDxUsers: number;
    readonly loopUpdates: number;
    readonly loopConcurrency: number;
    readonly scaleRecords: number;
  };
  readonly calls: CallsResult;
  readonly rate: readonly SyncRateResult[];
  readonly loops: readonly LoopResult[];
  readonly scale: ScaleResult;
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const pct = (n: number) => `${(n * 100).toFixed(1)} %`;
const yes = (met: boolean) => (met ? 'yes' : '**no**');

/** One line per goal of the issue: the goal, what was measured, and whether it was met. */
export function goalRows(results: SyncBenchResults): string[][] {
  const { calls, rate, loops, scale } = results;
  const rows: string[][] = [
    [
      'Looker calls ≤ user pages + changed users × (1 read + changed values)',
      `≤ ${int(calls.lookerBound)}`,
      `${int(calls.incremental.looker)} (the bound, plus 1 \`all_user_attributes\` the formula leaves out)`,
      yes(calls.incremental.looker <= calls.lookerBound),
    ],
    [
      'Calls vs a write-everything script (both services)',
      '≥ 20× fewer',
      `${int(calls.incremental.looker + calls.incremental.dx)} vs ${int(calls.writeEverything)}: ${calls.ratioToWriteEverything.toFixed(1)}× fewer`,
      yes(calls.ratioToWriteEverything >= 20),
    ],
    [
      'Calls vs a full (non-incremental) plan and apply',
      'reported',
      `${int(calls.fullPlan.looker + calls.fullPlan.dx)}: ${calls.ratioToFullPlan.toFixed(1)}× fewer`,
      '—',
    ],
  ];
  for (const run of rate) {
    const label = run.retryAfter ? 'with Retry-After' : 'without Retry-After';
    for (const [name, lane] of [['Looker', run.looker], ['DX', run.dx]] as const) {
      rows.push([
        `${name} write rate, ${label}`,
        '≥ 90 % of allowed, 0 failed, 429s ≤ 2 %',
        `${lane.perSecond.toFixed(2)}/s of ${lane.allowedPerSecond.toFixed(2)}/s (${pct(lane.shareOfAllowed)}), ${lane.failed} failed, ` +
          `${lane.rateLimited} 429s of ${int(lane.requests)} requests (${pct(lane.rateLimitedShare)})`,
        yes(lane.shareOfAllowed >= 0.9 && lane.failed === 0 && lane.rateLimitedShare <= 0.02),
      ]);
    }
  }
  for (const loop of loops) {
    rows.push([
      `Plain loop, ${int(loop.updates)} DX updates at concurrency ${loop.concurrency}, ${loop.paced ? 'default client (paced to DX\'s window)' : 'rateLimit: false (unpaced)'}`,
      loop.paced ? 'none fail' : 'the issue says 28 % fail',
      `${int(loop.failed)} failed (${pct(loop.failedShare)}) in ${loop.seconds.toFixed(1)} s`,
      loop.paced ? yes(loop.failed === 0) : '—',
    ]);
  }
  rows.push(
    [
      `Peak RSS, ${int(scale.records)} records streamed through an incremental plan`,
      '≤ 200 MiB',
      `${scale.peakRssMiB.toFixed(0)} MiB (process at start ${scale.rssBeforeMiB.toFixed(0)} MiB; JS heap in use at most ${scale.peakHeapUsedMiB.toFixed(0)} MiB)`,
      yes(scale.peakRssMiB <= 200),
    ],
    ['Plan time per 1,000 records', 'reported', `${scale.msPer1000Records.toFixed(0)} ms (${scale.seconds.toFixed(1)} s in all)`, '—'],
  );
  return rows;
}

export const table = (header: readonly string[], rows: readonly (readonly string[])[]) =>
  [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');

export function renderSyncMarkdown(results: SyncBenchResults): string {
  const { machine, calls, settings, scale } = results;
  const operations = Object.entries(calls.incremental.byOperation).map(([operation, n]) => [`\`${operation}\``, int(n)]);
  return `# Benchmark: the sync

Produced by \`npm run bench:sync\` on ${results.date} (source ${results.source.commit.slice(0, 12)}${results.source.uncommittedSourceFiles.length ? ', with uncommitted changes to src/' : ''}).
The services are the testing kit's fake (\`startFakeServer\`) on loopback, with real time, talking to the SDK's
own Looker and DX clients (\`retry: false\`: the sync's lanes pace and retry); counts come from \`fake.calls\`
and the fake's request log.

![Calls per run and achieved write rates](chart.png)

## Goals

${table(['Goal', 'Target', 'Measured', 'Met'], goalRows(results))}

## How it was measured

- **Calls**: ${int(settings.users)} users, each with 3 Looker attributes and 3 DX attributes, both services already
  holding last run's records; tonight ${int(calls.changedUsers)} users (2 %) changed two fields. The sync plans
  with the previous snapshot (\`previous\`) and applies. A write-everything script makes one call per value per
  user in both services (${int(settings.users)} × 3 × 2). The full plan reads every user (one
  \`user_attribute_user_values\` each) and makes the same writes. After the run both services held exactly
  tonight's records: ${calls.stateMatchesRecords ? 'yes' : '**no**'}.

${table(['Operation (incremental run)', 'Calls'], operations)}

- **Rate**: the fake limits Looker to 50 requests in any second and DX to 1,000 in any minute (sliding), with
  and without \`Retry-After\` on its 429s. ${int(settings.rateLookerUsers)} users get 3 new Looker values each and
  ${int(settings.rateDxUsers)} users one DX call each (3 values); the plan before (every user read, the DX
  listing paged) goes through the same lanes. DX writes are scaled down from 2,000 to ${int(settings.rateDxUsers)}, still
  more than the window holds, so that a run takes about ${Math.ceil(settings.rateDxUsers / 1000 * 60)} s rather than 2 minutes. The rate is writes divided by
  the time from the start of apply to the lane's last write; both runs, and the paced loop, ran at the same time.
- **Plain loop**: ${int(settings.loopUpdates)} \`updateUserAttributes\` calls, ${settings.loopConcurrency} at once, with
  \`createDxClient({ rateLimit: false })\` (3 retries and no pacing, as before the client paced itself), then
  the same loop with the client's default settings, which pace it to DX's window (\`DX_RATE_LIMIT\`).
- **Scale**: ${int(scale.records)} records made lazily (an async iterable) streamed through an incremental plan
  (the previous ${int(scale.records)} records as the snapshot, 2 % changed) against ${int(scale.records)} Looker users
  (${int(scale.lookerPages)} \`all_users\` pages) and ${int(scale.records)} listed DX users (${int(scale.dxPages)} \`users.list\` pages),
  ${int(scale.usersRead)} users' values read. The planning process runs the bundled benchmark under plain node; its
  resident set is sampled every 50 ms and compared with \`process.resourceUsage().maxRSS\`. These services are
  not the kit's fake, which cannot be seeded with 100,000 users (\`addUser\` scans every user, so seeding grows
  with the square of the count): \`bench/sync/scale-server.ts\` answers the same wire shapes from each user's number,
  in a process of its own.

## Machine

${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}. Other work shared
the machine during the run, so times are indicative; counts are exact.
`;
}
