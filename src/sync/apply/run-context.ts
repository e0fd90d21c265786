// What apply's tasks work with (the run's lanes, signals, journal and outcomes), and how their
// changes end: final ends are journaled; the others (stopped, aborted, out of budget) are left for a resume.
import type { Outcome } from '../model/journal.js';
import type { SyncPlan } from '../model/plan.js';
import type { SyncDx, SyncLooker } from '../model/ports.js';
import type { Lane } from '../lanes/lane.js';
import type { TaskId, WriteChange } from './plan-work.js';

/** How one change ended in this run. */
export interface ChangeEnd {
  readonly outcome: Outcome;
  /**
   * `already_in_state`, `changed_since_plan`, `email_mismatch` and `user_gone` (the Looker id no longer
   * has the plan's email), `no_dx_user`, `budget_exhausted`, `aborted`, `stopped`, `dry_run`.
   */
  readonly reason?: string;
  readonly error?: { readonly kind: string; readonly message: string; readonly status?: number };
  /** False for ends that must not be journaled (aborted, stopped, out of budget), so a resume retries them. */
  readonly final: boolean;
}

/** What the runner needs. `end` journals (when final) and counts; it throws when the journal fails. */
export interface RunContext {
  readonly plan: SyncPlan;
  readonly looker?: SyncLooker;
  readonly dx?: SyncDx;
  /** The lanes, each drawing on the run's call budget of its service (`maxCalls`) for every request. */
  readonly lanes: { readonly looker: Lane; readonly dx: Lane };
  /** Aborts the calls in flight. */
  readonly signal: AbortSignal;
  /** Aborted when the run stops (or aborts): no new task, write or read is started. */
  readonly gate: AbortSignal;
  readonly concurrency: { readonly looker: number; readonly dx: number };
  /** A DX write refused for want of a user with that email is skipped (a warning), not failed. */
  readonly allowMissingDxUsers: boolean;
  attempt(task: TaskId, attributes: readonly string[]): Promise<void>;
  end(task: TaskId, ends: ReadonlyMap<string, ChangeEnd>): Promise<void>;
}

/** A plain copy of an error: its kind, message and status. */
export const plainOf = ({ kind, message, status }: { kind: string; message: string; status?: number }) => ({
  kind,
  message,
  ...(status !== undefined && { status }),
});

/** The same end for each of `changes`, by attribute. */
export const endAll = (changes: readonly WriteChange[], end: ChangeEnd) => new Map(changes.map((change) => [change.attribute, end]));

/** An end that is not journaled, so that a resume does the change. */
export const notFinal = (reason: string): ChangeEnd => ({ outcome: 'skipped', reason, final: false });

/** The end of a change the run did not reach: it was aborted, or stopped before it. */
export const unreached = (context: RunContext): ChangeEnd => notFinal(context.signal.aborted ? 'aborted' : 'stopped');

/** The end of a failed re-check read: one the budget held back is left for a resume, as a write would be. */
export const readFailed = (context: RunContext, error: { kind: string; message: string; status?: number }): ChangeEnd =>
  context.signal.aborted || error.kind === 'stopped'
    ? unreached(context)
    : error.kind === 'budget_exhausted'
      ? notFinal('budget_exhausted')
      : { outcome: 'failed', error: plainOf(error), final: true };
