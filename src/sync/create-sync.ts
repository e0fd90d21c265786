// createSync: one object per job holding the clients, the mapping and one lane per service, so
// that planning and applying share the same pacing.
import type { PlainResult } from '../core/result.js';
import { sleep as defaultSleep } from '../core/abortable.js';
import type { Runtime } from '../core/runtime.js';
import { applyPlan, type ApplyOptions, type ApplyReport } from './apply/apply-plan.js';
import type { SyncError } from './model/errors.js';
import type { SyncMapping } from './model/mapping.js';
import type { SyncPlan } from './model/plan.js';
import { buildPlan, type PlanOptions } from './plan/build-plan.js';
import type { SyncDx, SyncLooker } from './model/ports.js';
import type { RecordSource } from './model/records.js';
import { createLane, DEFAULT_LANE_RETRIES, DX_DEFAULT_RATE, LOOKER_DEFAULT_RATE, type LaneSetting } from './lanes/lane.js';

/** Options of `createSync`. */
export interface SyncOptions {
  /** A Looker client (`createLookerClient`). Without one, Looker is skipped and the plan says so. */
  looker?: SyncLooker;
  /** A DX client (`createDxClient`). Without one, DX is skipped and the plan says so. */
  dx?: SyncDx;
  /** A mapping checked by `parseMapping`. */
  mapping: SyncMapping;
  /**
   * Pacing per service: a shared `RateLimiter`, or `{ requests, perMs, maxConcurrency? }`.
   * Defaults: DX 1000 per minute, 8 at once; Looker 10 per second, 4 at once.
   */
  rateLimit?: { looker?: LaneSetting; dx?: LaneSetting };
  /** Attempts after the first for a call that meets a 429, a 5xx or no reply. Default 8. */
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
}

const concurrencyOf = (setting: LaneSetting, fallback: number) =>
  'maxConcurrency' in setting && typeof setting.maxConcurrency === 'number' ? setting.maxConcurrency : fallback;

/** Creates a sync job. Throws a `TypeError` only for options that cannot work (a bad rate limit). */
export function createSync(options: SyncOptions): Sync {
  const { looker, dx, mapping, rateLimit = {}, maxRetries = DEFAULT_LANE_RETRIES } = options;
  const runtime: Runtime = { now: Date.now, random: Math.random, sleep: defaultSleep, ...options.runtime };
  const lookerSetting = rateLimit.looker ?? LOOKER_DEFAULT_RATE;
  const dxSetting = rateLimit.dx ?? DX_DEFAULT_RATE;
  const lanes = { looker: createLane('looker', lookerSetting, runtime, maxRetries), dx: createLane('dx', dxSetting, runtime, maxRetries) };
  const concurrency = {
    looker: concurrencyOf(lookerSetting, LOOKER_DEFAULT_RATE.maxConcurrency),
    dx: concurrencyOf(dxSetting, DX_DEFAULT_RATE.maxConcurrency),
  };
  const ports = { ...(looker && { looker }), ...(dx && { dx }) };
  return {
    plan: (records, planOptions) => buildPlan({ mapping, ...ports, lanes, runtime, readAhead: concurrency.looker * 2 }, records, planOptions),
    apply: (plan, applyOptions) => applyPlan({ ...ports, lanes, runtime, concurrency }, plan, applyOptions),
  };
}
