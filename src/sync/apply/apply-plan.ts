// Applying a plan: the safety rails (removal cap, call budget, dry run by default), the journal
// that makes a run resumable, progress events and the complete report.
import { failure, type PlainResult } from '../../core/result.js';
import type { Runtime } from '../../core/runtime.js';
import type { ApplyOutcome, ApplyReport } from '../model/apply-report.js';
import { buildReport, outcomeOf } from './report.js';
import { runTasks, type RunContext } from './run-tasks.js';
import { planWork, type Task } from './plan-work.js';
import { type SyncError } from '../model/errors.js';
import { changeKey, createFileJournal, type Journal, type JournalLine } from '../model/journal.js';
import { lockJournal } from './journal-lock.js';
import { writes, type SyncPlan } from '../model/plan.js';
import { validatePlan } from '../model/plan-check.js';
import type { SyncDx, SyncLooker, SyncService } from '../model/ports.js';
import type { Lane } from '../lanes/lane.js';

export type { ApplyOutcome, ApplyReport } from '../model/apply-report.js';

/** Default `maxRemovals`: more removals than this refuse the whole run. */
export const DEFAULT_MAX_REMOVALS = 10;
/** Default `maxPlanAgeMs`: plans older than an hour are re-checked user by user. */
export const DEFAULT_MAX_PLAN_AGE_MS = 3_600_000;

/** Progress of one service during apply. */
export interface SyncProgress {
  readonly service: SyncService;
  /**
   * Changes whose end is final and journaled (applied, failed, conflict, or skipped as already in
   * state), in this run and earlier ones. Changes a resume still has to do (stopped, aborted, out
   * of budget) are not done: they stay in `remaining`.
   */
  readonly done: number;
  readonly failed: number;
  /** Planned writes of the service minus `done`. */
  readonly remaining: number;
  /** Calls per second of the service's lane so far. */
  readonly ratePerSecond: number;
  /** Calls this run has sent to the service. */
  readonly callsUsed: number;
}

/** Options of `apply`. */
export interface ApplyOptions {
  /**
   * NDJSON file path (append-only, created when missing; Node, Bun and Deno) or a `Journal` (any
   * runtime). Without one the run cannot resume. A run that writes holds it alone: a second apply
   * with the same journal is refused (`journal_locked`): for a file, by a lock file beside it
   * (`<path>.lock`), for another journal within this process.
   */
  journal?: string | Journal;
  /** More removals than this refuse the whole run. Default 10. */
  maxRemovals?: number;
  /**
   * Requests allowed per service in this run, counted as they are sent: reads, writes, every
   * retry, the replay after a 401 and each login a call starts. A forecast above it refuses the run
   * before anything is sent; a run that reaches it sends no more, and the changes it did not
   * finish are skipped (`budget_exhausted`) for a resume to do.
   */
  maxCalls?: { looker?: number; dx?: number };
  /** Plans older than this are re-checked user by user; changed values become conflicts. Default one hour. */
  maxPlanAgeMs?: number;
  /** Default TRUE: nothing is written. Pass `dryRun: false` to write. */
  dryRun?: boolean;
  /**
   * Aborts the run at once: the requests in flight are cut off, so their effect is unknown; the
   * journal's attempt lines make a resume re-check them before writing.
   */
  signal?: AbortSignal;
  /**
   * Stops the run gracefully: once it aborts, no new change, write or read is started (a call
   * waiting for its turn is not sent), every request already sent finishes (retries included) and
   * its outcome is journaled, then apply resolves with `stopped: true`. The changes not reached
   * are skipped with reason `stopped` and not journaled: a resume with the same plan and journal
   * does them, re-checking nothing. `signal` still aborts a run that is stopping.
   */
  stop?: AbortSignal;
  /**
   * A DX write that DX refuses because it has no user with that email (error code
   * `user_not_found`) ends `failed` with reason `no_dx_user`; with this option it ends `skipped`
   * with that reason instead, a warning. It never turns any other failure into a skip. Default false.
   */
  allowMissingDxUsers?: boolean;
  /** Called after changes end, per service, when its counts moved. */
  onProgress?: (progress: SyncProgress) => void;
  /**
   * Called once per planned change, with the very object the report's `outcomes` holds: first for
   * the outcomes resumed from the journal, then as each change ends (a dry run's at once), and
   * last, as apply winds up, for the changes a stop or abort left unreached.
   */
  onOutcome?: (outcome: ApplyOutcome) => void;
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
    const client = context[service];
    if (!client && plan.users.some((user) => user[service]?.changes.some(writes)))
      return invalid(`services.${service}`, `writes to ${name}, but no ${name} client was given`);
    const planned = plan.services[service];
    if (client && planned.status === 'planned' && planned.baseUrl !== client.baseUrl) {
      const [was, is] = [planned.baseUrl, client.baseUrl];
      const message = `the plan was made against ${name} at ${was}, but the ${name} client is for ${is}: nothing was sent. `
        + `Apply it with a client for ${was}, or make a new plan against ${is}`;
      return { kind: 'service_mismatch', message, service, planned: was, given: is };
    }
  }
  const { maxRemovals = DEFAULT_MAX_REMOVALS, maxPlanAgeMs = DEFAULT_MAX_PLAN_AGE_MS } = options;
  if (!(Number.isSafeInteger(maxRemovals) && maxRemovals >= 0)) return invalid('maxRemovals', 'must be a whole number');
  if (!(Number.isFinite(maxPlanAgeMs) && maxPlanAgeMs >= 0)) return invalid('maxPlanAgeMs', 'must be milliseconds');
  return undefined;
}

/**
 * Applies `plan`. Never throws; every planned write ends with an outcome in the report. A run that
 * writes holds its journal for its whole length: a second apply with the same journal is refused.
 */
export async function applyPlan(context: ApplyContext, input: SyncPlan, options: ApplyOptions = {}): Promise<PlainResult<ApplyReport, SyncError>> {
  const checked = validatePlan(input);
  if (!checked.ok) return checked;
  const plan = checked.data;
  const refused = checkRails(plan, context, options);
  if (refused) return failure(refused);
  // A dry run writes nothing, neither to the services nor to the journal: it needs no lock.
  const writing = options.dryRun === false && options.journal !== undefined;
  const lock = writing ? await lockJournal(options.journal as string | Journal, { now: context.runtime.now }) : undefined;
  if (lock && !lock.ok) return lock;
  try {
    return await applyChecked(context, plan, options);
  } finally {
    await lock?.data.release();
  }
}

/** Applies a checked plan. */
async function applyChecked(context: ApplyContext, plan: SyncPlan, options: ApplyOptions): Promise<PlainResult<ApplyReport, SyncError>> {
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

  const ended = new Map<string, ApplyOutcome>();
  const end = (service: Task['service'], email: string, attribute: string, how: Parameters<typeof outcomeOf>[3]) => {
    const key = changeKey(service, email, attribute);
    if (ended.has(key)) return;
    const outcome = outcomeOf(service, email, attribute, how);
    ended.set(key, outcome);
    options.onOutcome?.(outcome);
  };
  for (const line of work.done.values()) end(line.service, line.email, line.attribute, line);
  const resumed = ended.size;
  const startCalls = { looker: context.lanes.looker.callsUsed, dx: context.lanes.dx.callsUsed };
  const controller = new AbortController();
  // Aborted by the stop or the abort: nothing new starts.
  const gate = new AbortController();
  // However many calls wait for a permit, each of these signals gets one listener from the lanes'
  // limiters and one per client (see core/abortable.ts's onAbort).
  const abort = () => controller.abort(options.signal?.reason);
  const stop = () => gate.abort(options.stop?.reason);
  controller.signal.addEventListener('abort', () => gate.abort(controller.signal.reason), { once: true });
  if (options.signal?.aborted) abort();
  if (options.stop?.aborted) stop();
  options.signal?.addEventListener('abort', abort, { once: true });
  options.stop?.addEventListener('abort', stop, { once: true });
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
  // The budget holds every request the lanes send in this run, reads, retries and logins included.
  const lanes = {
    looker: context.lanes.looker.within({ remaining: maxCalls.looker ?? Infinity }),
    dx: context.lanes.dx.within({ remaining: maxCalls.dx ?? Infinity }),
  };
  const runContext: RunContext = {
    plan,
    ...(context.looker && { looker: context.looker }),
    ...(context.dx && { dx: context.dx }),
    lanes,
    signal: controller.signal,
    gate: gate.signal,
    allowMissingDxUsers: options.allowMissingDxUsers === true,
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
      for (const [attribute, how] of taskEnds) end(task.service, task.email, attribute, how);
      // Only final ends are done: a change left for a resume is still to do.
      if (!final.length) return;
      for (const [, how] of final) {
        counts[task.service].done++;
        if (how.outcome === 'failed') counts[task.service].failed++;
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
      end(task.service, task.email, change.attribute, { outcome: 'skipped', reason: 'dry_run' });
  } else {
    try {
      await runTasks(runContext, work.tasks);
    } catch (error) {
      journalError ??= error;
    }
  }
  // A stop that came after every change had ended stopped nothing.
  const leftUndone = ended.size < work.planned.looker + work.planned.dx || [...ended.values()].some((o) => o.reason === 'stopped' || o.reason === 'aborted');
  const stopped = options.stop?.aborted === true && leftUndone;
  options.signal?.removeEventListener('abort', abort);
  options.stop?.removeEventListener('abort', stop);
  try {
    if (typeof options.journal === 'string') await journal?.close?.();
  } catch (error) {
    journalError ??= error;
  }
  if (journalError !== undefined) {
    const why = journalError instanceof Error ? journalError.message : String(journalError);
    return failure({ kind: 'journal_failed', message: `the run stopped: the journal or a client failed (${why}); resume with the same plan and journal` });
  }
  const callsUsed = { looker: lanes.looker.callsUsed - startCalls.looker, dx: lanes.dx.callsUsed - startCalls.dx };
  const run = { dryRun, resumed, stale, aborted: controller.signal.aborted, stopped, callsUsed };
  return { ok: true, data: buildReport(plan, ended, run, (outcome) => options.onOutcome?.(outcome)) };
}
