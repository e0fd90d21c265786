// The shapes of the sync library ('user-attributes-sdk/sync') that the command line is written against.

/** A service the sync writes to. */
export type SyncService = 'looker' | 'dx';

/** One input record: field name → cell text (a CSV row, a JSON object). */
export type SyncRecord = Readonly<Record<string, string>>;

/** A validated mapping; only `parseMapping` makes one. */
export interface SyncMapping {
  readonly email?: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** One attribute of one user in a plan. */
export type Change =
  | { readonly attribute: string; readonly action: 'set'; readonly before: string | null; readonly after: string }
  | {
    readonly attribute: string;
    readonly action: 'remove';
    readonly before: string | null;
    readonly fallback: { readonly value: string | null; readonly source: string };
  }
  | { readonly attribute: string; readonly action: 'unchanged' }
  | { readonly attribute: string; readonly action: 'cannot_verify' };

/** What a plan says about one user. */
export interface PlannedUser {
  readonly email: string;
  readonly looker?: { readonly userId: string; readonly changes: readonly Change[] };
  readonly dx?: { readonly changes: readonly Change[] };
}

/** A record or user the plan could not handle. */
export interface PlanProblem {
  readonly email?: string;
  readonly record?: number;
  readonly service?: SyncService;
  readonly kind: string;
  readonly message: string;
}

/** A change that is allowed but deserves a look. */
export interface PlanWarning {
  readonly email: string;
  readonly service: SyncService;
  readonly attribute: string;
  readonly kind: 'widens_access' | 'user_editable';
  readonly message: string;
}

/** The counts of a plan. */
export interface PlanSummary {
  readonly set: number;
  readonly remove: number;
  readonly unchanged: number;
  readonly cannotVerify: number;
  readonly problems: number;
}

/** A plan: a plain JSON value, saved by `plan --out` and read by `apply`. */
export interface SyncPlan {
  readonly version: 1;
  readonly createdAt: string;
  readonly services: { readonly looker?: unknown; readonly dx?: unknown };
  readonly users: readonly PlannedUser[];
  readonly problems: readonly PlanProblem[];
  readonly warnings: readonly PlanWarning[];
  readonly forecast: { readonly looker: number; readonly dx: number };
  readonly summary: PlanSummary;
}

/** Progress of an apply, reported per service. */
export interface SyncProgress {
  readonly service: SyncService;
  readonly done: number;
  readonly failed: number;
  readonly remaining: number;
  readonly ratePerSecond: number;
  readonly callsUsed: number;
}

/** What happened to one planned change. */
export interface ApplyOutcome {
  readonly email: string;
  readonly service: SyncService;
  readonly attribute: string;
  readonly outcome: 'applied' | 'failed' | 'conflict' | 'skipped';
  readonly error?: { readonly kind: string; readonly message: string };
}

/** The result of an apply. */
export interface ApplyReport {
  readonly planned: number;
  readonly applied: number;
  readonly failed: number;
  readonly conflict: number;
  readonly skipped: number;
  readonly outcomes: readonly ApplyOutcome[];
  readonly callsUsed: { readonly looker: number; readonly dx: number };
  readonly aborted: boolean;
  readonly resumed: number;
}

/** An error of the sync library; client errors while resolving keep their own `kind`. */
export interface SyncError {
  readonly kind: string;
  readonly message: string;
  readonly issues?: readonly { readonly path: string; readonly problem: string }[];
}

/** `{ ok: true, data } | { ok: false, error }`, as every call of the SDK resolves. */
export type SyncResult<T, E> = { readonly ok: true; readonly data: T } | { readonly ok: false; readonly error: E };

/** Options of `sync.plan`. */
export interface PlanOptions {
  readonly previous?: Iterable<SyncRecord> | AsyncIterable<SyncRecord>;
  readonly fullDriftCheck?: boolean;
  readonly signal?: AbortSignal;
}

/** Options of `sync.apply`. */
export interface ApplyOptions {
  readonly journal?: string;
  readonly maxRemovals?: number;
  readonly maxCalls?: { readonly looker?: number; readonly dx?: number };
  readonly maxPlanAgeMs?: number;
  readonly dryRun?: boolean;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: SyncProgress) => void;
}

/** A sync made by `createSync`. */
export interface Sync {
  plan(records: Iterable<SyncRecord> | AsyncIterable<SyncRecord>, options?: PlanOptions): Promise<SyncResult<SyncPlan, SyncError>>;
  apply(plan: SyncPlan, options?: ApplyOptions): Promise<SyncResult<ApplyReport, SyncError>>;
}

/** The error `parseMapping` returns. */
export interface InvalidMappingError {
  readonly kind: 'invalid_mapping';
  readonly message: string;
  readonly issues: readonly { readonly path: string; readonly problem: string }[];
}

/** The two functions of the library the command line calls. */
export interface SyncApi {
  createSync(options: { looker?: object; dx?: object; mapping: SyncMapping }): Sync;
  parseMapping(value: unknown): SyncResult<SyncMapping, InvalidMappingError>;
}
