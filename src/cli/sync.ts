// The one place the command line reaches the sync library: what it calls.
export { createSync, escapeMarkdown, parseMapping, PLAN_VERSION, recordSnapshot, renderSummaryMarkdown, validatePlan, validateSnapshot } from '../sync/index.js';
export { afterApply, afterPlan, callsInMonth, checkMonthlyBudget, createFileState, fullCheckDue, holdState, leftThisMonth, monthOf, readState } from '../sync/index.js';
export type { HeldState, ServiceCalls, StateDocument, StateError, StateKey, StateRun } from '../sync/index.js';
export type {
  ApplyOptions,
  ApplyOutcome,
  ApplyReport,
  Change,
  DefinitionChange,
  GroupValuesChange,
  PlannedGroupValue,
  EffectiveSection,
  ResolvedValue,
  InvalidMappingError,
  InvalidPlanError,
  NotReverted,
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
