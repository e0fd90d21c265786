// The one place the command line reaches the sync library: what it calls, and the mapping apply needs.
import { parseMapping, type InvalidMappingError, type SyncMapping, type SyncPlan } from '../sync/index.js';

export { createSync, parseMapping, PLAN_VERSION, recordSnapshot, validatePlan, validateSnapshot } from '../sync/index.js';
export type {
  ApplyOptions,
  ApplyOutcome,
  ApplyReport,
  Change,
  InvalidMappingError,
  InvalidPlanError,
  PlanOptions,
  PlanProgress,
  RecordSnapshot,
  Sync,
  SyncError,
  SyncMapping,
  SyncPlan,
  SyncProblem,
  SyncProgress,
  SyncRecord,
  SyncWarning,
} from '../sync/index.js';

/**
 * The mapping `createSync` is given for apply. Apply performs the plan as it stands and reads no
 * record, but `createSync` asks for a mapping: the plan names every attribute per service, so one
 * field per attribute, named "service:attribute", maps it to itself. `undefined` when the plan
 * planned neither service (then it holds nothing to apply).
 */
export function mappingOfPlan(plan: SyncPlan): { ok: true; data: SyncMapping | undefined } | { ok: false; error: InvalidMappingError } {
  const fields: Record<string, { looker?: string; dx?: string }> = {};
  const { looker, dx } = plan.services;
  if (looker.status === 'planned') for (const { name } of looker.attributes) fields[`looker:${name}`] = { looker: name };
  if (dx.status === 'planned') for (const name of dx.attributes) fields[`dx:${name}`] = { dx: name };
  if (Object.keys(fields).length === 0) return { ok: true, data: undefined };
  return parseMapping({ fields });
}
