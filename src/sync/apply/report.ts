// The report of apply: one outcome per planned write, in plan order, and the counts.
import type { ChangeEnd } from './run-context.js';
import { changeKey } from '../model/journal.js';
import { layerKey, splitLayerKey } from '../model/layers.js';
import { layerChanges } from './layer-work.js';
import { writes, type SyncPlan } from '../model/plan.js';
import type { ApplyOutcome, ApplyReport } from '../model/apply-report.js';
import type { SyncService } from '../model/ports.js';

/** The outcome object of one change: the one `onOutcome` receives and the report lists. */
export function outcomeOf(service: SyncService, email: string, key: string, end: Omit<ChangeEnd, 'final'>): ApplyOutcome {
  // A layer change's key names its layer and attribute; it has no email.
  const layered = email === '' ? splitLayerKey(key) : undefined;
  const attribute = layered ? { attribute: layered.attribute, layer: layered.layer } : { attribute: key };
  return { email, service, ...attribute, outcome: end.outcome, ...(end.reason && { reason: end.reason }), ...(end.error && { error: end.error }) };
}

/**
 * The report, the layers' changes first. `ended` holds the outcome of every change that ended, by change key; a change with
 * none was never reached (the run stopped or aborted before it) and is handed to `late` as it is
 * made, so that every planned change is seen once.
 */
export function buildReport(
  plan: SyncPlan,
  ended: ReadonlyMap<string, ApplyOutcome>,
  run: Pick<ApplyReport, 'dryRun' | 'resumed' | 'stale' | 'aborted' | 'stopped' | 'callsUsed' | 'retries'>,
  late: (outcome: ApplyOutcome) => void,
): ApplyReport {
  const outcomes: ApplyOutcome[] = [];
  const totals = { applied: 0, failed: 0, conflict: 0, skipped: 0 };
  const add = (service: SyncService, email: string, key: string) => {
    let outcome = ended.get(changeKey(service, email, key));
    if (!outcome) {
      outcome = outcomeOf(service, email, key, { outcome: 'skipped', reason: run.aborted ? 'aborted' : 'stopped' });
      late(outcome);
    }
    totals[outcome.outcome]++;
    outcomes.push(outcome);
  };
  // The layers first, as apply makes them.
  for (const { layer, attribute } of layerChanges(plan)) add('looker', '', layerKey(layer, attribute));
  for (const user of plan.users)
    for (const service of ['looker', 'dx'] as const)
      for (const change of user[service]?.changes.filter(writes) ?? []) add(service, user.email, change.attribute);
  const { dryRun, callsUsed, retries, aborted, stopped, resumed, stale } = run;
  return { planId: plan.id, dryRun, planned: outcomes.length, ...totals, outcomes, callsUsed, retries, aborted, stopped, resumed, stale };
}
