// Applying a plan, as named steps: check it and the rails, take the journal's lock, read the
// journal, work out what is left, then run it (or not, in a dry run) and report every outcome.
import { failure, success, type PlainResult } from '../../core/result.js';
import type { ApplyReport } from '../model/apply-report.js';
import type { SyncError } from '../model/errors.js';
import { createFileJournal, type Journal, type JournalLine } from '../model/journal.js';
import type { SyncPlan } from '../model/plan.js';
import { validatePlan } from '../model/plan-check.js';
import { lockJournal } from './journal-lock.js';
import type { ApplyContext, ApplyOptions } from './options.js';
import { RunOutcomes } from './outcomes.js';
import { planWork } from './plan-work.js';
import { checkLimits, checkRails, DEFAULT_MAX_PLAN_AGE_MS } from './rails.js';
import { buildReport } from './report.js';
import { RunJournal } from './run-journal.js';
import type { RunContext } from './run-context.js';
import { runTasks } from './run-tasks.js';
import { runSignals } from './stop.js';

export type { ApplyOutcome, ApplyReport } from '../model/apply-report.js';
export type { ApplyContext, ApplyOptions, SyncProgress } from './options.js';
export { DEFAULT_MAX_PLAN_AGE_MS, DEFAULT_MAX_REMOVALS } from './rails.js';

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

/** Every line of the journal, or the error saying it cannot be read. */
async function readJournal(journal: Journal | undefined): Promise<PlainResult<readonly JournalLine[], SyncError>> {
  try {
    return success(journal ? await journal.read() : []);
  } catch (error) {
    return failure({ kind: 'journal_failed', message: `the journal cannot be read: ${error instanceof Error ? error.message : String(error)}` });
  }
}

/** Applies a checked plan: reads the journal, works out what is left, checks the limits, runs it and reports. */
async function applyChecked(context: ApplyContext, plan: SyncPlan, options: ApplyOptions): Promise<PlainResult<ApplyReport, SyncError>> {
  const { maxPlanAgeMs = DEFAULT_MAX_PLAN_AGE_MS, dryRun = true } = options;
  const journal = typeof options.journal === 'string' ? createFileJournal(options.journal) : options.journal;
  const lines = await readJournal(journal);
  if (!lines.ok) return lines;
  const stale = context.runtime.now() - Date.parse(plan.createdAt) > maxPlanAgeMs;
  const work = planWork(plan, lines.data, stale);
  const overLimit = checkLimits(work, options, plan);
  if (overLimit) return failure(overLimit);
  const outcomes = new RunOutcomes(work, context.lanes, options);
  const signals = runSignals(options.signal, options.stop);
  const written = new RunJournal(journal, plan, context.runtime.now, (error) => signals.abort(error));
  // The budget holds every request the lanes send in this run, reads, retries and logins included.
  const lanes = {
    looker: context.lanes.looker.within({ remaining: options.maxCalls?.looker ?? Infinity }),
    dx: context.lanes.dx.within({ remaining: options.maxCalls?.dx ?? Infinity }),
  };
  if (dryRun) outcomes.dryRun();
  else {
    const running = runContext(context, plan, options, { lanes, signals, written, outcomes });
    await runTasks(running, work).catch((error: unknown) => written.failed(error));
  }
  // A stop that came after every change had ended stopped nothing.
  const stopped = signals.stopAsked() && outcomes.leftUndone();
  signals.dispose();
  await written.close(typeof options.journal === 'string');
  if (written.failure) {
    const why = written.failure.error instanceof Error ? written.failure.error.message : String(written.failure.error);
    return failure({ kind: 'journal_failed', message: `the run stopped: the journal or a client failed (${why}); resume with the same plan and journal` });
  }
  const counts = { callsUsed: outcomes.callsUsed(lanes), retries: outcomes.retries(lanes) };
  const run = { dryRun, resumed: outcomes.resumed, stale, aborted: signals.signal.aborted, stopped, ...counts };
  return success(buildReport(plan, outcomes.ended, run, (outcome) => options.onOutcome?.(outcome)));
}

/** What the task runner works with: the run's lanes and signals, its journal, its outcomes. */
function runContext(
  context: ApplyContext,
  plan: SyncPlan,
  options: ApplyOptions,
  run: { lanes: RunContext['lanes']; signals: ReturnType<typeof runSignals>; written: RunJournal; outcomes: RunOutcomes },
): RunContext {
  const { lanes, signals, written, outcomes } = run;
  return {
    plan,
    ...(context.looker && { looker: context.looker }),
    ...(context.dx && { dx: context.dx }),
    lanes,
    signal: signals.signal,
    gate: signals.gate,
    allowMissingDxUsers: options.allowMissingDxUsers === true,
    concurrency: context.concurrency,
    attempt: (task, attributes) => written.attempt(task, attributes),
    async end(task, ends) {
      await written.outcomes(task, [...ends].filter(([, end]) => end.final));
      outcomes.taskEnded(task, ends);
    },
  };
}
