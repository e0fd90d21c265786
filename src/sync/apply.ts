// Applying a plan: the safety rails (removal cap, call budget, dry run by default), the journal
// that makes a run resumable, progress events and the complete report.
import { setMaxListeners } from 'node:events';
import type { Runtime } from '../core/settings.js';
import { runTasks, type ChangeEnd, type RunContext } from './apply-run.js';
import { planWork, type Task } from './apply-tasks.js';
import { failure, type SyncError, type SyncResult } from './errors.js';
import { changeKey, createFileJournal, type Journal, type JournalLine, type Outcome } from './journal.js';
import { writes, type SyncPlan } from './plan.js';
import { validatePlan } from './plan-format.js';
import type { SyncDx, SyncLooker, SyncService } from './ports.js';
import type { Lane } from './scheduler.js';

/** Default `maxRemovals`: more removals than this refuse the whole run. */
export const DEFAULT_MAX_REMOVALS = 10;
/** Default `maxPlanAgeMs`: plans older than an hour are re-checked user by user. */
export const DEFAULT_MAX_PLAN_AGE_MS = 3_600_000;

/** Progress of one service during apply. */
export interface SyncProgress {
  readonly service: SyncService;
  /** Changes ended (applied, conflict, skipped or failed) in this run and earlier ones. */
  readonly done: number;
  readonly failed: number;
  readonly remaining: number;
  /** Calls per second of the service's lane so far. */
  readonly ratePerSecond: number;
  /** Calls this run has sent to the service. */
  readonly callsUsed: number;
}

/** Options of `apply`. */
export interface ApplyOptions {
  /** NDJSON file path (append-only, created when missing) or a `Journal`. Without one the run cannot resume. */
  journal?: string | Journal;
  /** More removals than this refuse the whole run. Default 10. */
  maxRemovals?: number;
  /** Calls allowed per service; a forecast above it refuses the run before anything is sent. */
  maxCalls?: { looker?: number; dx?: number };
  /** Plans older than this are re-checked user by user; changed values become conflicts. Default one hour. */
  maxPlanAgeMs?: number;
  /** Default TRUE: nothing is written. Pass `dryRun: false` to write. */
  dryRun?: boolean;
  signal?: AbortSignal;
  /** Called after each change ends, per service. */
  onProgress?: (progress: SyncProgress) => void;
}

/** How one planned change ended. */
export interface ApplyOutcome {
  readonly email: string;
  readonly service: SyncService;
  readonly attribute: string;
  readonly outcome: Outcome;
  /** `already_in_state`, `changed_since_plan`, `dry_run`, `aborted` or `budget_exhausted`. */
  readonly reason?: string;
  readonly error?: { readonly kind: string; readonly message: string; readonly status?: number };
}

/** What `apply` did: one outcome per planned write, in plan order. */
export interface ApplyReport {
  readonly planId: string;
  readonly dryRun: boolean;
  /** Planned writes (set and remove changes). */
  readonly planned: number;
  readonly applied: number;
  readonly failed: number;
  readonly conflict: number;
  readonly skipped: number;
  readonly outcomes: readonly ApplyOutcome[];
  /** Calls this run sent (reads and writes, retries included). */
  readonly callsUsed: { readonly looker: number; readonly dx: number };
  /** The signal stopped the run; changes skipped with reason `aborted` are retried by a resume. */
  readonly aborted: boolean;
  /** Outcomes taken from the journal of earlier runs. */
  readonly resumed: number;
  /** True when the plan was older than `maxPlanAgeMs` and was re-checked. */
  readonly stale: boolean;
}

/** What apply works with. */
export interface ApplyContext {
  readonly looker?: SyncLooker;
  readonly dx?: SyncDx;
  readonly lanes: { readonly looker: Lane; readonly dx: Lane };
  readonly runtime: Runtime;
  readonly concurrency: { readonly looker: number; readonly dx: number };
}

const invalid = (path: string, problem: string): SyncError => ({ kind: 'invalid_plan', message: `invalid plan: ${path} ${problem}`, issues: [{ path, problem }] });

function checkRails(plan: SyncPlan, context: ApplyContext, options: ApplyOptions): SyncError | undefined {
  for (const service of ['looker', 'dx'] as const) {
    const name = service === 'looker' ? 'Looker' : 'DX';
    if (!context[service] && plan.users.some((user) => user[service]?.changes.some(writes)))
      return invalid(`services.${service}`, `writes to ${name}, but no ${name} client was given`);
  }
  const { maxRemovals = DEFAULT_MAX_REMOVALS, maxPlanAgeMs = DEFAULT_MAX_PLAN_AGE_MS } = options;
  if (!(Number.isSafeInteger(maxRemovals) && maxRemovals >= 0)) return invalid('maxRemovals', 'must be a whole number');
  if (!(Number.isFinite(maxPlanAgeMs) && maxPlanAgeMs >= 0)) return invalid('maxPlanAgeMs', 'must be milliseconds');
  return undefined;
}

/** Applies `plan`. Never throws; every planned write ends with an outcome in the report. */
export async function applyPlan(context: ApplyContext, input: SyncPlan, options: ApplyOptions = {}): Promise<SyncResult<ApplyReport, SyncError>> {
  const checked = validatePlan(input);
  if (!checked.ok) return checked;
  const plan = checked.data;
  const refused = checkRails(plan, context, options);
  if (refused) return failure(refused);
  const { maxRemovals = DEFAULT_MAX_REMOVALS, maxPlanAgeMs = DEFAULT_MAX_PLAN_AGE_MS, dryRun = true, maxCalls = {} } = options;
  const journal = typeof options.journal === 'string' ? createFileJournal(options.journal) : options.journal;
  let lines: readonly JournalLine[] = [];
  try {
    lines = journal ? await journal.read() : [];
  } catch (error) {
    return failure({ kind: 'journal_failed', message: `the journal cannot be read: ${error instanceof Error ? error.message : String(error)}` });
  }
  const stale = context.runtime.now() - Date.parse(plan.createdAt) > maxPlanAgeMs;
  const work = planWork(plan, lines, stale);
  if (work.removals > maxRemovals) {
    const message = `the plan removes ${work.removals} values, more than maxRemovals (${maxRemovals}): nothing was written`;
    return failure({ kind: 'too_many_removals', message, removals: work.removals, maxRemovals });
  }
  for (const service of ['looker', 'dx'] as const) {
    const limit = maxCalls[service];
    if (limit !== undefined && work.forecast[service] > limit) {
      const message = `the run needs ${work.forecast[service]} ${service} calls, more than maxCalls.${service} (${limit}): nothing was sent`;
      return failure({ kind: 'over_budget', message, service, forecast: work.forecast[service], maxCalls: limit });
    }
  }

  const ends = new Map<string, ChangeEnd>();
  for (const [key, line] of work.done)
    ends.set(key, { outcome: line.outcome, final: true, ...(line.reason && { reason: line.reason }), ...(line.error && { error: line.error }) });
  const resumed = ends.size;
  const startCalls = { looker: context.lanes.looker.callsUsed, dx: context.lanes.dx.callsUsed };
  const controller = new AbortController();
  // Every call waiting for a permit listens to this signal: hundreds at once are expected.
  setMaxListeners(Infinity, controller.signal);
  const stop = () => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) stop();
  options.signal?.addEventListener('abort', stop, { once: true });
  let journalError: unknown;

  const counts = { looker: { done: 0, failed: 0 }, dx: { done: 0, failed: 0 } };
  for (const line of work.done.values()) {
    counts[line.service].done++;
    if (line.outcome === 'failed') counts[line.service].failed++;
  }
  const at = () => new Date(context.runtime.now()).toISOString();
  const guard = async (write: () => Promise<void>) => {
    try {
      await write();
    } catch (error) {
      journalError ??= error;
      controller.abort(error);
      throw error;
    }
  };
  const runContext: RunContext = {
    plan,
    ...(context.looker && { looker: context.looker }),
    ...(context.dx && { dx: context.dx }),
    lanes: context.lanes,
    signal: controller.signal,
    budget: { looker: maxCalls.looker ?? Infinity, dx: maxCalls.dx ?? Infinity },
    concurrency: context.concurrency,
    attempt: (task, attributes) =>
      journal ? guard(() => journal.append([{ v: 1, plan: plan.id, type: 'attempt', service: task.service, email: task.email, attributes, at: at() }])) : Promise.resolve(),
    async end(task: Task, taskEnds) {
      const final = [...taskEnds].filter(([, end]) => end.final);
      if (journal && final.length) {
        await guard(() => journal.append(final.map(([attribute, end]) => ({
          v: 1, plan: plan.id, type: 'outcome', service: task.service, email: task.email, attribute, outcome: end.outcome,
          ...(end.reason && { reason: end.reason }), ...(end.error && { error: end.error }), at: at(),
        }))));
      }
      for (const [attribute, end] of taskEnds) {
        ends.set(changeKey(task.service, task.email, attribute), end);
        counts[task.service].done++;
        if (end.outcome === 'failed') counts[task.service].failed++;
      }
      const lane = context.lanes[task.service];
      const { done, failed } = counts[task.service];
      options.onProgress?.({
        service: task.service, done, failed, remaining: work.planned[task.service] - done,
        ratePerSecond: lane.ratePerSecond(), callsUsed: lane.callsUsed - startCalls[task.service],
      });
    },
  };

  if (dryRun) {
    for (const task of work.tasks) for (const change of task.changes)
      ends.set(changeKey(task.service, task.email, change.attribute), { outcome: 'skipped', reason: 'dry_run', final: false });
  } else {
    try {
      await runTasks(runContext, work.tasks);
    } catch (error) {
      journalError ??= error;
    }
  }
  options.signal?.removeEventListener('abort', stop);
  try {
    if (typeof options.journal === 'string') await journal?.close?.();
  } catch (error) {
    journalError ??= error;
  }
  if (journalError !== undefined) {
    const why = journalError instanceof Error ? journalError.message : String(journalError);
    return failure({ kind: 'journal_failed', message: `the run stopped: the journal or a client failed (${why}); resume with the same plan and journal` });
  }
  return { ok: true, data: report(plan, ends, { dryRun, resumed, stale, aborted: controller.signal.aborted, context, startCalls }) };
}

function report(
  plan: SyncPlan,
  ends: ReadonlyMap<string, ChangeEnd>,
  run: { dryRun: boolean; resumed: number; stale: boolean; aborted: boolean; context: ApplyContext; startCalls: { looker: number; dx: number } },
): ApplyReport {
  const outcomes: ApplyOutcome[] = [];
  const totals = { applied: 0, failed: 0, conflict: 0, skipped: 0 };
  for (const user of plan.users) {
    for (const service of ['looker', 'dx'] as const) {
      for (const change of user[service]?.changes.filter(writes) ?? []) {
        // A change with no end at all was never reached: the run stopped before it.
        const end = ends.get(changeKey(service, user.email, change.attribute)) ?? { outcome: 'skipped', reason: 'aborted', final: false };
        totals[end.outcome]++;
        outcomes.push({
          email: user.email, service, attribute: change.attribute, outcome: end.outcome,
          ...(end.reason && { reason: end.reason }), ...(end.error && { error: end.error }),
        });
      }
    }
  }
  const { lanes } = run.context;
  return {
    planId: plan.id,
    dryRun: run.dryRun,
    planned: outcomes.length,
    ...totals,
    outcomes,
    callsUsed: { looker: lanes.looker.callsUsed - run.startCalls.looker, dx: lanes.dx.callsUsed - run.startCalls.dx },
    aborted: run.aborted,
    resumed: run.resumed,
    stale: run.stale,
  };
}
