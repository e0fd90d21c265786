// The one place the command line reaches the sync library: what it calls.
export { createSync, parseMapping, PLAN_VERSION, recordSnapshot, validatePlan, validateSnapshot } from '../sync/index.js';
export type {
  ApplyOptions,
  ApplyOutcome,
  ApplyReport,
  Change,
  EffectiveSection,
  ResolvedValue,
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
