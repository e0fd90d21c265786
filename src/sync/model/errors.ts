// The errors the sync returns as a whole (per-record problems are part of the plan instead).
import type { PlainResult } from '../../core/result.js';
import type { InvalidMappingError, MappingIssue } from './mapping.js';
import type { PortError, SyncService } from './ports.js';

/**
 * What the sync's functions resolve to: data, or an error discriminated by `kind`. Never thrown.
 * @deprecated The SDK's `PlainResult`, the same type: use that.
 */
export type SyncResult<T, E> = PlainResult<T, E>;

/** Who holds a journal's lock: the process named in the lock file beside it. */
export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  /** When the holder took it (ISO 8601). */
  readonly startedAt: string;
}

/** A plan (or journal) read back that is not one this library wrote, or was edited. */
export interface InvalidPlanError {
  readonly kind: 'invalid_plan';
  readonly message: string;
  /** Every problem, by key path (e.g. `users[3].looker.changes[0].action`). */
  readonly issues: readonly MappingIssue[];
  /** When the plan was edited after `plan` sealed it: the sections changed, added or removed (`users`, `forecast`, …). */
  readonly edited?: readonly string[];
}

/** The mapping names Looker attributes that do not exist (never created silently). */
export interface UnknownAttributeError {
  readonly kind: 'unknown_attribute';
  readonly message: string;
  readonly service: 'looker';
  /** Every unknown name. */
  readonly names: readonly string[];
}

/**
 * The mapping writes DX attribute names no listed DX user carries, and does not declare them new
 * (`dx.newAttributes`): DX would create each as a new attribute, so a typo would spread silently.
 */
export interface UnknownDxAttributeError {
  readonly kind: 'unknown_dx_attribute';
  readonly message: string;
  readonly service: 'dx';
  /** Every such name, as the mapping spells it. */
  readonly names: readonly string[];
  /** Per name, up to three names DX users carry that are nearest to it (case-insensitively). */
  readonly nearest: Readonly<Record<string, readonly string[]>>;
}

/**
 * The mapping names Looker attributes that hide their values: they cannot be read, so they cannot
 * be compared, and the sync never carries hidden values in a plan.
 */
export interface HiddenAttributeError {
  readonly kind: 'hidden_attribute';
  readonly message: string;
  readonly service: 'looker';
  /** Every hidden attribute the mapping names. */
  readonly names: readonly string[];
}

/**
 * The input lacks a field the mapping reads (the email field or a mapped one): not in the CSV
 * header given as `columns` (found before any request), or in no record at all. Read as empty, it
 * would plan the removal of every user's value.
 */
export interface MissingFieldsError {
  readonly kind: 'missing_fields';
  readonly message: string;
  /** The fields missing, the email field first. */
  readonly fields: readonly string[];
  /** The header's names, or the records' own fields (the first hundred). */
  readonly columns: readonly string[];
}

/**
 * No client was given for any service the mapping writes to: nothing would be compared, so the
 * plan is refused (a plan that checked nothing must not say that everything matches).
 */
export interface NoServiceError {
  readonly kind: 'no_service';
  readonly message: string;
  /** The services the mapping writes to, each without a client. */
  readonly services: readonly SyncService[];
}

/** The plan was made against another Looker or DX than the client apply was given: nothing was sent. */
export interface ServiceMismatchError {
  readonly kind: 'service_mismatch';
  readonly message: string;
  readonly service: SyncService;
  /** The base URL the plan was made against. */
  readonly planned: string;
  /** The base URL of the client apply was given. */
  readonly given: string;
}

/** The plan removes more values than `maxRemovals` allows: nothing was written. */
export interface TooManyRemovalsError {
  readonly kind: 'too_many_removals';
  readonly message: string;
  readonly removals: number;
  /** The removals allowed: the number given, or the percentage of `managedValues` rounded down. */
  readonly maxRemovals: number;
  /** The percentage given (`maxRemovals: { percent }` or `'2%'`), if one was. */
  readonly percent?: number;
  /** The plan's managed values (`managedValues(plan)`), when a percentage was given. */
  readonly managedValues?: number;
}

/** The calls the run would make exceed `maxCalls` for a service: nothing was sent. */
export interface OverBudgetError {
  readonly kind: 'over_budget';
  readonly message: string;
  readonly service: SyncService;
  /** Calls the run would make to that service. */
  readonly forecast: number;
  readonly maxCalls: number;
}

/** The caller's signal aborted the plan. */
export interface SyncAbortedError {
  readonly kind: 'aborted';
  readonly message: string;
}

/** The journal could not be read or written, or belongs to another plan. */
export interface JournalError {
  readonly kind: 'journal_failed';
  readonly message: string;
}

/** `targets` is not a non-empty list of email addresses: nothing was read. */
export interface InvalidTargetError {
  readonly kind: 'invalid_target';
  readonly message: string;
  /** The targets that are not email addresses. */
  readonly targets: readonly string[];
}

/** `revert` was given a journal that records no apply of the plan: nothing was made. */
export interface JournalMismatchError {
  readonly kind: 'journal_mismatch';
  readonly message: string;
  /** The plan to revert. */
  readonly planId: string;
  /** The plans the journal records, none of them this one. */
  readonly journalPlans: readonly string[];
}

/**
 * Another apply is using the journal (cron runs overlapping): nothing was sent. For a journal file,
 * `holder` names the process (pid, host, since when) from the lock file beside it.
 */
export interface JournalLockedError {
  readonly kind: 'journal_locked';
  readonly message: string;
  readonly holder?: LockHolder;
}

/** `previous` is not a record snapshot (`recordSnapshot`'s value): nothing was read. */
export interface InvalidSnapshotError {
  readonly kind: 'invalid_snapshot';
  readonly message: string;
}

/** Reading the records threw: the source's own error, as text. */
export interface InputFailedError {
  readonly kind: 'input_failed';
  readonly message: string;
}

/** A client call failed while resolving users or attributes: the client's error, kept to plain fields. */
export interface SyncServiceError extends PortError {
  readonly service: SyncService;
}

/** Every error `plan` and `apply` can return. */
export type SyncError =
  | InvalidMappingError
  | InvalidPlanError
  | UnknownAttributeError
  | UnknownDxAttributeError
  | HiddenAttributeError
  | MissingFieldsError
  | NoServiceError
  | ServiceMismatchError
  | TooManyRemovalsError
  | OverBudgetError
  | SyncAbortedError
  | JournalError
  | JournalLockedError
  | JournalMismatchError
  | InvalidTargetError
  | InvalidSnapshotError
  | InputFailedError
  | SyncServiceError;

/** A plain copy of a client error (no headers, body or cause): safe to print and serialise. */
export function plainError(error: PortError, service: SyncService): SyncServiceError {
  const { kind, message, operation, attempts, status, retryAfterMs } = error;
  return {
    kind,
    message,
    operation,
    attempts,
    ...(status !== undefined && { status }),
    ...(retryAfterMs !== undefined && { retryAfterMs }),
    service,
  };
}
