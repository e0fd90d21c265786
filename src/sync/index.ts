// The sync entry: plan and apply HR records to Looker and DX user attributes by email and name.
export { createSync, type Sync, type SyncOptions } from './create-sync.js';
export { parseMapping, type InvalidMappingError, type MappingIssue, type SyncDxState, type SyncFieldMapping, type SyncMapping, type WhenEmpty } from './model/mapping.js';
export type { PlanOptions } from './plan/build-plan.js';
export type { PlanProgress } from './plan/progress.js';
export {
  PLAN_VERSION,
  type Change,
  type DxServicePlan,
  type Fallback,
  type IdentityProviderName,
  type LookerServicePlan,
  type NotReverted,
  type NotRevertedReason,
  type PartialScope,
  type RevertOf,
  type PlanSummary,
  type PlannedLookerAttribute,
  type PlannedUser,
  type SyncPlan,
  type SyncWarning,
} from './model/plan.js';
export type { EffectiveChange, EffectiveSection, ResolvedValue } from './model/effective.js';
export type {
  DefinitionChange,
  DefinitionProperties,
  DefinitionProperty,
  GroupValueCall,
  GroupValuesChange,
  Layer,
  PlannedGroupValue,
  PropertyChange,
} from './model/layers.js';
export type { DeletedDefinition, DesiredAttribute, DesiredDefinition, DesiredGroupValue, LookerDesiredState } from './model/desired-state.js';
export { parsePlan, validatePlan } from './model/plan-check.js';
export { managedValues } from './model/managed-values.js';
export { escapeMarkdown, renderSummaryMarkdown, type SummaryInput, type SummarySection } from './summary/markdown.js';
export type { RemovalCap } from './apply/removal-cap.js';
export { recordSnapshot, SNAPSHOT_VERSION, validateSnapshot, type RecordSnapshot } from './model/snapshot.js';
export {
  DEFAULT_MAX_PLAN_AGE_MS,
  DEFAULT_MAX_REMOVALS,
  type ApplyOptions,
  type ApplyOutcome,
  type ApplyReport,
  type SyncProgress,
} from './apply/apply-plan.js';
export {
  createFileJournal,
  createMemoryJournal,
  parseJournal,
  type AttemptLine,
  type Journal,
  type JournalLine,
  type Outcome,
  type OutcomeLine,
} from './model/journal.js';
export type { ProblemKind, RecordSource, SyncProblem, SyncRecord } from './model/records.js';
export type {
  HiddenAttributeError,
  InputFailedError,
  InvalidPlanError,
  InvalidSnapshotError,
  InvalidTargetError,
  JournalError,
  JournalLockedError,
  JournalMismatchError,
  LockHolder,
  MissingFieldsError,
  NoServiceError,
  OverBudgetError,
  ServiceMismatchError,
  SyncAbortedError,
  SyncError,
  SyncResult,
  SyncServiceError,
  TooManyRemovalsError,
  UnknownAttributeError,
  UnknownDxAttributeError,
} from './model/errors.js';
export type {
  LookerAttributeType,
  PortCallOptions,
  PortError,
  SyncAttributeValue,
  SyncDx,
  SyncDxPage,
  SyncDxUser,
  SyncLooker,
  SyncLookerAttribute,
  SyncLookerUser,
  SyncService,
} from './model/ports.js';
export { LOOKER_DEFAULT_RATE, type LaneSetting } from './lanes/lane.js';
export { lookerValueProblem } from './model/value-types.js';
export type { Failure, Ok, PlainResult } from '../core/result.js';
export { createRateLimiter, type RateLimiter, type RateLimiterOptions, type RateLimiterStats, type Release } from '../core/rate-limiter.js';
export {
  STATE_VERSION,
  emptyState,
  openState,
  type ServiceCalls,
  type StateDocument,
  type StateError,
  type StateJournal,
  type StateKey,
  type StateLock,
  type StatePlan,
  type StateRun,
  type SyncState,
} from './model/state.js';
export { addToLedger, callsInMonth, checkMonthlyBudget, leftThisMonth, monthOf, type OverMonthlyBudgetError } from './model/ledger.js';
export {
  DEFAULT_FULL_CHECK_AGE_MS,
  STATE_HISTORY_LIMIT,
  STATE_JOURNALS_KEPT,
  STATE_PLANS_LIMIT,
  afterApply,
  afterPlan,
  fullCheckDue,
  type ApplyRun,
  type FullCheckDecision,
} from './model/state-update.js';
export { createFileState } from './state/file-state.js';
export { createMemoryState, type MemoryState } from './state/memory-state.js';
export { holdState, readState, type HeldState } from './state/held-state.js';
