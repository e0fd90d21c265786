// createSync: one object per job holding the clients, the mapping and one lane per service, so
// that planning and applying share the same pacing. Its options are checked here, once.
import { EmailTable } from './model/email-table.js';
import { describe, isRecord } from '../core/input-checks.js';
import { rateLimiterOf } from '../core/normalize-settings.js';
import { refuseOption } from '../core/refuse-option.js';
import { failure, type PlainResult } from '../core/result.js';
import { normalizeRuntime, type Runtime } from '../core/runtime.js';
import { applyPlan, type ApplyOptions, type ApplyReport } from './apply/apply-plan.js';
import { createLane, DEFAULT_LANE_RETRIES, DX_LANE_RATE, LOOKER_DEFAULT_RATE, type LaneSetting } from './lanes/lane.js';
import type { SyncError } from './model/errors.js';
import type { SyncMapping } from './model/mapping.js';
import type { SyncPlan } from './model/plan.js';
import type { SyncDx, SyncLooker } from './model/ports.js';
import type { RecordSource } from './model/records.js';
import { buildPlan, type PlanOptions } from './plan/build-plan.js';
import type { Journal, JournalLine } from './model/journal.js';
import { revertFromJournal } from './revert/revert-plan.js';

/** Options of `createSync`. */
export interface SyncOptions {
  /** A Looker client (`createLookerClient`). Without one, Looker is skipped and the plan says so. */
  looker?: SyncLooker;
  /** A DX client (`createDxClient`). Without one, DX is skipped and the plan says so. */
  dx?: SyncDx;
  /**
   * A mapping checked by `parseMapping`: `plan` needs one (without it, `plan` resolves to an
   * `invalid_mapping` error). `apply` performs a plan as it stands and needs none.
   */
  mapping?: SyncMapping;
  /**
   * Pacing per service: a shared `RateLimiter`, or `{ requests, perMs, maxConcurrency? }`.
   * Defaults: DX 1000 per minute, 8 at once; Looker 10 per second, 4 at once.
   */
  rateLimit?: { looker?: LaneSetting; dx?: LaneSetting };
  /** Attempts after the first for a call that meets a 429, a 5xx or no reply: a whole number, default 8. */
  maxRetries?: number;
  /** Clock, sleep and randomness (tests). */
  runtime?: Partial<Runtime>;
}

/** A sync job: plan, then apply. */
export interface Sync {
  /** Reads the services and the records and says what apply would change. Writes nothing. */
  plan(records: RecordSource, options?: PlanOptions): Promise<PlainResult<SyncPlan, SyncError>>;
  /** Performs exactly `plan` (a dry run unless `dryRun: false`). */
  apply(plan: SyncPlan, options?: ApplyOptions): Promise<PlainResult<ApplyReport, SyncError>>;
  /** Requests sent so far by this job's plans and applies, per service (retries and logins included): for a call ledger. */
  readonly callsUsed: { readonly looker: number; readonly dx: number };
  /**
   * A plan that puts back the values `plan`'s applied changes replaced, from the journal of its
   * apply (a path, a `Journal` or its lines). Sends nothing; `apply` it as any plan: it re-reads
   * each value first, and one changed since the apply is a conflict. `journal_mismatch` when the
   * journal records no apply of `plan`.
   */
  revert(plan: SyncPlan, journal: string | Journal | readonly JournalLine[]): Promise<PlainResult<SyncPlan, SyncError>>;
}

const WHO = 'createSync';
const LOOKER_METHODS = ['allUserAttributes', 'allUsers', 'userAttributeUserValues', 'setUserAttributeUserValue', 'deleteUserAttributeUserValue'] as const;
const DX_METHODS = ['listUsersPage', 'updateUserAttributes'] as const;

/** Checks a client by its shape: a `baseUrl` and the methods the sync calls (any object with them serves). */
function checkClient(option: 'looker' | 'dx', client: unknown, methods: readonly string[]): void {
  if (client === undefined) return;
  const made = option === 'looker' ? 'createLookerClient' : 'createDxClient';
  if (typeof client !== 'object' || client === null) refuseOption(WHO, option, `must be a client (${made}), got ${describe(client)}`);
  const members = client as Record<string, unknown>;
  if (typeof members.baseUrl !== 'string') refuseOption(WHO, `${option}.baseUrl`, `must be the client's base URL, got ${describe(members.baseUrl)}`);
  const missing = methods.filter((name) => typeof members[name] !== 'function');
  if (missing.length) refuseOption(WHO, option, `must be a client (${made}): it has no method ${missing.join(', ')}`);
}

function checkMapping(mapping: unknown): void {
  if (mapping === undefined) return;
  if (!isRecord(mapping) || typeof mapping.email !== 'string' || !isRecord(mapping.fields))
    refuseOption(WHO, 'mapping', `must be a mapping as parseMapping returns it, got ${describe(mapping)}`);
}

function checkMaxRetries(maxRetries: unknown): number {
  if (maxRetries === undefined) return DEFAULT_LANE_RETRIES;
  if (!Number.isSafeInteger(maxRetries) || (maxRetries as number) < 0) refuseOption(WHO, 'maxRetries', `must be a whole number from 0, got ${describe(maxRetries)}`);
  return maxRetries as number;
}

/** The pace of each lane: the limiter given or one built from the options given, else the service's default. */
function lanePaces(rateLimit: unknown, runtime: Runtime) {
  if (rateLimit !== undefined && !isRecord(rateLimit)) refuseOption(WHO, 'rateLimit', `must be { looker?, dx? }, got ${describe(rateLimit)}`);
  const given = (rateLimit ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(given)) if (key !== 'looker' && key !== 'dx') refuseOption(WHO, `rateLimit.${key}`, 'is not a service (looker, dx)');
  const pace = (service: 'looker' | 'dx', fallback: typeof LOOKER_DEFAULT_RATE | typeof DX_LANE_RATE) => {
    const setting = given[service] ?? fallback;
    if (setting === false) refuseOption(WHO, `rateLimit.${service}`, 'must be a rate limiter or { requests, perMs }: the sync always paces its calls');
    const limiter = rateLimiterOf(WHO, `rateLimit.${service}`, setting, runtime);
    const concurrency = isRecord(setting) && typeof setting.maxConcurrency === 'number' ? setting.maxConcurrency : fallback.maxConcurrency;
    return { limiter: limiter as NonNullable<typeof limiter>, concurrency };
  };
  return { looker: pace('looker', LOOKER_DEFAULT_RATE), dx: pace('dx', DX_LANE_RATE) };
}

const noMapping = (): SyncError => ({
  kind: 'invalid_mapping',
  message: 'invalid mapping: plan needs one: createSync({ mapping: parseMapping(…) }) (apply does not)',
  issues: [{ path: '', problem: 'is missing: plan needs a mapping' }],
});

/**
 * Creates a sync job. Every option is checked here: a bad one (a client without the methods the
 * sync calls, a rate limit or `maxRetries` that cannot work, a runtime whose clock cannot) is a
 * `TypeError` naming it. Nothing is sent.
 */
export function createSync(options: SyncOptions): Sync {
  if (!isRecord(options)) refuseOption(WHO, 'options', `must be an object, got ${describe(options)}`);
  const { looker, dx, mapping } = options as SyncOptions;
  checkClient('looker', looker, LOOKER_METHODS);
  checkClient('dx', dx, DX_METHODS);
  checkMapping(mapping);
  const maxRetries = checkMaxRetries(options.maxRetries);
  const runtime = normalizeRuntime(WHO, options.runtime);
  const paces = lanePaces(options.rateLimit, runtime);
  const lanes = { looker: createLane('looker', paces.looker.limiter, runtime, maxRetries), dx: createLane('dx', paces.dx.limiter, runtime, maxRetries) };
  const concurrency = { looker: paces.looker.concurrency, dx: paces.dx.concurrency };
  const ports = { ...(looker && { looker }), ...(dx && { dx }) };
  return {
    plan: async (records, planOptions) => {
      if (!mapping) return failure(noMapping());
      // A table of emails for each plan: it lives as long as the plan is made.
      return buildPlan({ mapping, ...ports, lanes, runtime, readAhead: concurrency.looker * 2, emails: new EmailTable() }, records, planOptions);
    },
    apply: (plan, applyOptions) => applyPlan({ ...ports, lanes, runtime, concurrency }, plan, applyOptions),
    get callsUsed() {
      return { looker: lanes.looker.callsUsed, dx: lanes.dx.callsUsed };
    },
    revert: (plan, journal) => revertFromJournal(runtime, plan, journal),
  };
}
