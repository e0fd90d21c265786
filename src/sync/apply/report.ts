// The report of apply: one outcome per planned write, in plan order, and the counts.
import type { ChangeEnd } from './run-tasks.js';
import { changeKey, type Outcome } from '../model/journal.js';
import { writes, type SyncPlan } from '../model/plan.js';
import type { SyncService } from '../model/ports.js';

/** How one planned change ended. */
export interface ApplyOutcome {
  readonly email: string;
  readonly service: SyncService;
  readonly attribute: string;
  readonly outcome: Outcome;
  /**
   * `already_in_state`, `changed_since_plan`, `email_mismatch` or `user_gone` (a conflict: the Looker
   * id now has another email, or no user, so nothing was written), `no_dx_user` (DX has no user with this email: failed,
   * or skipped with `allowMissingDxUsers`), `dry_run`, `stopped`, `aborted` or `budget_exhausted`.
   */
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
  /** The signal cut the run short; changes skipped with reason `aborted` are retried (re-checked when in doubt) by a resume. */
  readonly aborted: boolean;
  /**
   * The `stop` signal ended the run: the requests in flight finished and were journaled, and the
   * changes skipped with reason `stopped` were never sent; a resume does them. Both flags are true
   * when the signal aborted a run that was already stopping.
   */
  readonly stopped: boolean;
  /** Outcomes taken from the journal of earlier runs. */
  readonly resumed: number;
  /** True when the plan was older than `maxPlanAgeMs` and was re-checked. */
  readonly stale: boolean;
}

/** The outcome object of one change: the one `onOutcome` receives and the report lists. */
export function outcomeOf(service: SyncService, email: string, attribute: string, end: Omit<ChangeEnd, 'final'>): ApplyOutcome {
  return { email, service, attribute, outcome: end.outcome, ...(end.reason && { reason: end.reason }), ...(end.error && { error: end.error }) };
}

/**
 * The report. `ended` holds the outcome of every change that ended, by change key; a change with
 * none was never reached (the run stopped or aborted before it) and is handed to `late` as it is
 * made, so that every planned change is seen once.
 */
export function buildReport(
  plan: SyncPlan,
  ended: ReadonlyMap<string, ApplyOutcome>,
  run: Pick<ApplyReport, 'dryRun' | 'resumed' | 'stale' | 'aborted' | 'stopped' | 'callsUsed'>,
  late: (outcome: ApplyOutcome) => void,
): ApplyReport {
  const outcomes: ApplyOutcome[] = [];
  const totals = { applied: 0, failed: 0, conflict: 0, skipped: 0 };
  for (const user of plan.users) {
    for (const service of ['looker', 'dx'] as const) {
      for (const change of user[service]?.changes.filter(writes) ?? []) {
        let outcome = ended.get(changeKey(service, user.email, change.attribute));
        if (!outcome) {
          outcome = outcomeOf(service, user.email, change.attribute, { outcome: 'skipped', reason: run.aborted ? 'aborted' : 'stopped' });
          late(outcome);
        }
        totals[outcome.outcome]++;
        outcomes.push(outcome);
      }
    }
  }
  const { dryRun, callsUsed, aborted, stopped, resumed, stale } = run;
  return { planId: plan.id, dryRun, planned: outcomes.length, ...totals, outcomes, callsUsed, aborted, stopped, resumed, stale };
}
