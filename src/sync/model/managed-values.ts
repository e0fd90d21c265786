// The values a plan manages: the base of a removal cap given as a percentage.
import type { SyncPlan } from './plan.js';

/**
 * The (user, attribute) values the plan is responsible for: every value it compared (to set, to
 * remove or unchanged, in each service) plus, for each record an incremental plan left out as in
 * place, one value per attribute the plan maps in the services it planned. Records that were
 * problems, users the records do not name, and attributes the mapping does not name are not managed.
 * A revert plan manages only the values it puts back.
 */
export function managedValues(plan: SyncPlan): number {
  const { set, remove, unchanged, skippedUnchanged } = plan.summary;
  const { looker, dx } = plan.services;
  const perRecord = (looker.status === 'planned' ? looker.attributes.length : 0) + (dx.status === 'planned' ? dx.attributes.length : 0);
  return set + remove + unchanged + skippedUnchanged * perRecord;
}
