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
  type PlanSummary,
  type PlannedLookerAttribute,
  type PlannedUser,
  type SyncPlan,
  type SyncWarning,
} from './model/plan.js';
export type { EffectiveChange, EffectiveSection, ResolvedValue } from './model/effective.js';
export { parsePlan, validatePlan } from './model/plan-check.js';
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
  JournalError,
  JournalLockedError,
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
