// The report of apply: one outcome per planned write, in plan order, and the counts.
import type { ChangeEnd } from './run-context.js';
import { changeKey } from '../model/journal.js';
import { writes, type SyncPlan } from '../model/plan.js';
import type { ApplyOutcome, ApplyReport } from '../model/apply-report.js';
import type { SyncService } from '../model/ports.js';

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
