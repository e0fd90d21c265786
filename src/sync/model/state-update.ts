// How each run changes the state, as pure functions of the document: a plan books its calls and
// says whether a full drift check is due; an apply books its calls, adds its run to the history,
// replaces the snapshot with what is now fully in place, and names the journals to prune.
import type { ApplyReport } from './apply-report.js';
import { addToLedger } from './ledger.js';
import type { SyncPlan } from './plan.js';
import { recordSnapshot } from './snapshot.js';
import type { ServiceCalls, StateDocument, StateRun } from './state.js';

/** Runs the history keeps (over a year of nightly runs). */
export const STATE_HISTORY_LIMIT = 400;
/** Plans whose calls the state keeps until their apply. */
export const STATE_PLANS_LIMIT = 50;
/** Journals kept: those of the last 10 plans applied; an older one is removed as an apply ends. */
export const STATE_JOURNALS_KEPT = 10;
/** The default age after which `plan` makes a full drift check by itself: 7 days. */
export const DEFAULT_FULL_CHECK_AGE_MS = 7 * 24 * 3600 * 1000;

/** Whether the next plan checks every record, and why (for the plan's output). */
export interface FullCheckDecision {
  readonly full: boolean;
  readonly reason: string;
}

const days = (ms: number) => {
  const hours = Math.floor(ms / (3600 * 1000));
  if (ms < 24 * 3600 * 1000) return hours < 1 ? 'less than an hour' : `${hours} hour${hours === 1 ? '' : 's'}`;
  const value = ms / (24 * 3600 * 1000);
  return `${Number.isInteger(value) ? value : value.toFixed(1)} day${value === 1 ? '' : 's'}`;
};

/**
 * A full drift check is due when no snapshot is recorded yet, when none was applied yet, or when
 * the last one was planned more than `maxAgeMs` before `now`; otherwise the plan is incremental.
 */
export function fullCheckDue(document: StateDocument, now: number, maxAgeMs: number = DEFAULT_FULL_CHECK_AGE_MS): FullCheckDecision {
  if (document.snapshot.digests.length === 0) return { full: true, reason: 'the state holds no snapshot yet: every record is checked' };
  if (document.lastFullCheck === null) return { full: true, reason: 'no full drift check is recorded yet' };
  const age = now - Date.parse(document.lastFullCheck);
  if (age > maxAgeMs) return { full: true, reason: `the last full drift check ran ${days(age)} ago, more than ${days(maxAgeMs)}` };
  return { full: false, reason: `incremental: the last full drift check ran ${days(Math.max(0, age))} ago (a full one every ${days(maxAgeMs)})` };
}

/** The state once a plan was made at `now`, having sent `calls`. */
export function afterPlan(document: StateDocument, plan: SyncPlan | undefined, calls: ServiceCalls, now: number): StateDocument {
  const ledger = addToLedger(document.ledger, now, calls);
  if (!plan) return { ...document, ledger };
  const made = { planId: plan.id, at: new Date(now).toISOString(), fullCheck: !plan.incremental && plan.partial === undefined, calls };
  const plans = [...document.plans, made].slice(-STATE_PLANS_LIMIT);
  return { ...document, ledger, plans };
}

/** What `afterApply` needs of the run. */
export interface ApplyRun {
  /** The report, or undefined when apply was refused (its calls are booked all the same). */
  readonly report: ApplyReport | undefined;
  /** Requests the apply sent. */
  readonly calls: ServiceCalls;
  readonly now: number;
  /**
   * The plan covered only some people (e.g. a targeted plan): its digests are added to the
   * snapshot, which it never replaces, and it is no full drift check.
   */
  readonly partial?: boolean;
}

/**
 * The state once `plan` was applied: the calls booked, the run in the history, and (unless a dry
 * run) the snapshot of what is now fully in place and the time of the full check it was. Resolves
 * the journals to remove: those beyond the last `STATE_JOURNALS_KEPT` plans applied.
 */
export function afterApply(document: StateDocument, plan: SyncPlan, run: ApplyRun): { document: StateDocument; prune: readonly string[] } {
  const ledger = addToLedger(document.ledger, run.now, run.calls);
  const { report } = run;
  if (!report) return { document: { ...document, ledger }, prune: [] };
  const partial = run.partial === true || plan.partial !== undefined;
  const made = document.plans.find((p) => p.planId === plan.id);
  const budget = Object.keys(document.monthlyBudget).length > 0 ? { monthlyBudget: document.monthlyBudget } : {};
  const entry: StateRun = {
    planId: plan.id, at: new Date(run.now).toISOString(), dryRun: report.dryRun, fullCheck: !plan.incremental && !partial, partial,
    planned: report.planned, applied: report.applied, failed: report.failed, conflict: report.conflict, skipped: report.skipped,
    resumed: report.resumed, stopped: report.stopped, aborted: report.aborted,
    calls: { plan: made?.calls ?? { looker: 0, dx: 0 }, apply: run.calls }, ...budget,
  };
  const runs = [...document.runs, entry].slice(-STATE_HISTORY_LIMIT);
  if (report.dryRun) return { document: { ...document, ledger, runs }, prune: [] };
  const done = recordSnapshot(plan, report);
  const digests = partial ? [...new Set([...document.snapshot.digests, ...done.digests])] : done.digests;
  const lastFullCheck = !plan.incremental && !partial ? plan.createdAt : document.lastFullCheck;
  const journals = [...document.journals.filter((j) => j.planId !== plan.id), { planId: plan.id, at: entry.at }];
  const kept = journals.slice(-STATE_JOURNALS_KEPT);
  const prune = journals.slice(0, journals.length - kept.length).map((j) => j.planId);
  return { document: { ...document, ledger, runs, snapshot: { version: done.version, digests }, lastFullCheck, journals: kept }, prune };
}
