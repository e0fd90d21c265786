// Calls: what a nightly incremental run spends against 2,000 users with 2 % changed, next to a
// full (non-incremental) plan and a script that writes every value of every user to both services.
import { createSync, recordSnapshot } from 'user-attributes-sdk/sync';
import { ATTRIBUTES_PER_SERVICE, CHANGE_EVERY, CHANGED_FIELDS, currentRecord, mapping, matchesRecords, previousRecord, records, startWorld } from './fixture.js';

export interface CallsResult {
  readonly users: number;
  readonly changedUsers: number;
  readonly incremental: { readonly looker: number; readonly dx: number; readonly byOperation: Record<string, number> };
  /** The bound: user pages + changed users × (1 read + changed values). */
  readonly lookerBound: number;
  readonly userPages: number;
  readonly fullPlan: { readonly looker: number; readonly dx: number };
  readonly writeEverything: number;
  readonly ratioToWriteEverything: number;
  readonly ratioToFullPlan: number;
  readonly applied: number;
  readonly failed: number;
  readonly stateMatchesRecords: boolean;
}

const sum = (counts: Record<string, number | undefined>) => Object.values(counts).reduce<number>((total, n) => total + (n ?? 0), 0);

export async function measureCalls(users: number): Promise<CallsResult> {
  const world = await startWorld(users, { dx: { requestsPerMinute: 1_000_000 } });
  const { fake } = world;
  // Fast lanes: this part counts calls, not pace.
  const sync = createSync({
    looker: world.looker,
    dx: world.dx,
    mapping: mapping(),
    rateLimit: { looker: { requests: 1000, perMs: 1000, maxConcurrency: 8 }, dx: { requests: 1000, perMs: 1000, maxConcurrency: 8 } },
  });
  try {
    // A full plan of tonight's records: every user read, the same writes.
    fake.calls.reset();
    const full = await sync.plan(records(users, currentRecord));
    if (!full.ok) throw new Error(full.error.message);
    const fullPlan = { looker: fake.calls.total('looker') + full.data.forecast.looker, dx: fake.calls.total('dx') + full.data.forecast.dx };

    // Last night's run: its records are in place, so its plan settles them all: that is the snapshot.
    const lastNight = await sync.plan(records(users, previousRecord));
    if (!lastNight.ok) throw new Error(lastNight.error.message);
    const previous = recordSnapshot(lastNight.data, []);

    fake.calls.reset();
    const plan = await sync.plan(records(users, currentRecord), { previous });
    if (!plan.ok) throw new Error(plan.error.message);
    const report = await sync.apply(plan.data, { dryRun: false, maxRemovals: 0 });
    if (!report.ok) throw new Error(report.error.message);
    const looker = fake.calls.byOperation('looker');
    const dx = fake.calls.byOperation('dx');
    const changedUsers = Math.ceil(users / CHANGE_EVERY);
    const userPages = plan.data.services.looker.status === 'planned' ? plan.data.services.looker.userPages : NaN;
    const incremental = { looker: sum(looker), dx: sum(dx), byOperation: { ...prefix('looker', looker), ...prefix('dx', dx) } };
    const writeEverything = users * ATTRIBUTES_PER_SERVICE * 2;
    return {
      users,
      changedUsers,
      incremental,
      lookerBound: userPages + changedUsers * (1 + CHANGED_FIELDS),
      userPages,
      fullPlan,
      writeEverything,
      ratioToWriteEverything: writeEverything / (incremental.looker + incremental.dx),
      ratioToFullPlan: (fullPlan.looker + fullPlan.dx) / (incremental.looker + incremental.dx),
      applied: report.data.applied,
      failed: report.data.failed,
      stateMatchesRecords: matchesRecords(world, users),
    };
  } finally {
    await world.close();
  }
}

const prefix = (service: string, counts: Record<string, number | undefined>) =>
  Object.fromEntries(Object.entries(counts).map(([operation, n]) => [`${service} ${operation}`, n ?? 0]));
