// Making a plan in three named steps: gather (resolve the mapping's names, read the listings),
// compare the records with them (reading each user's Looker values), and assemble the plan, a
// pure function of what the first two found.
import { failure, success, type PlainResult } from '../../core/result.js';
import type { SyncError } from '../model/errors.js';
import { checkColumns } from '../model/input-fields.js';
import type { SyncPlan } from '../model/plan.js';
import type { RecordSource } from '../model/records.js';
import { validateSnapshot, type RecordSnapshot } from '../model/snapshot.js';
import { assemblePlan } from './assemble.js';
import { compareRecords } from './compare-records.js';
import { watchedAttributes } from './effective-plan.js';
import { abortedError, gather, unservedError, type PlanContext } from './gather.js';
import { gatherLayers, refusedState } from './gather-layers.js';
import { recordSignature } from './incremental.js';
import { checkPlan } from './plan-checks.js';
import { trackPlanProgress, type PlanProgress } from './progress.js';

export type { PlanContext } from './gather.js';

/** Options of `plan`. */
export interface PlanOptions {
  /**
   * The snapshot of the last run (`recordSnapshot(plan, report)` after its apply): records it holds
   * as fully in place, and unchanged since, are left out (an incremental plan). Records that were
   * problems or not fully applied are never in it, so they are planned again.
   */
  previous?: RecordSnapshot;
  /** Plan every record even when `previous` is given (a periodic full drift check). */
  fullDriftCheck?: boolean;
  /**
   * The input's column names, when it has a header (a CSV file's first row): the email field or a
   * mapped field missing from them refuses the plan (`missing_fields`) before any request. Without
   * it, a field no record holds refuses the plan once the records are read.
   */
  columns?: readonly string[];
  signal?: AbortSignal;
  /** Called after each read of the listings, then each record: reads done and, once known, left at most; calls used; pace. */
  onProgress?: (progress: PlanProgress) => void;
}

/** What refuses a plan before anything is read: the signal, no service to compare, a header lacking a field, a bad snapshot. */
function refusal(context: PlanContext, options: PlanOptions): SyncError | undefined {
  if (options.signal?.aborted) return abortedError(options.signal);
  const unserved = unservedError(context);
  if (unserved) return unserved;
  const columns = options.columns === undefined ? undefined : checkColumns(context.mapping, options.columns);
  if (columns) return columns;
  const snapshot = options.previous === undefined ? undefined : validateSnapshot(options.previous);
  return snapshot && !snapshot.ok ? snapshot.error : undefined;
}

/** A plan's id: when it was made, and 48 random bits. */
const planId = (createdAt: string, random: number) => `${createdAt.replace(/[-:.]/g, '')}-${Math.floor(random * 2 ** 48).toString(16).padStart(12, '0')}`;

/** Makes a plan. Never throws: a failure to resolve is the error; per-record failures are problems. */
export async function buildPlan(context: PlanContext, records: RecordSource, options: PlanOptions = {}): Promise<PlainResult<SyncPlan, SyncError>> {
  const { mapping, runtime } = context;
  const refused = refusal(context, options);
  if (refused) return failure(refused);
  const createdAt = new Date(runtime.now()).toISOString();
  const progress = trackPlanProgress(context.lanes, runtime, Array.isArray(records) ? records.length : undefined, options.onProgress);
  // Definitions and group values first: the user values depend on them.
  const noLooker = () => failure(refusedState([{ path: 'looker', problem: 'declares Looker definitions or group values, but no Looker client was given' }]));
  const declared = mapping.looker;
  const lookerLane = progress.lanes.looker;
  const layers = !declared ? undefined : context.looker ? await gatherLayers(lookerLane, context.looker, declared, options.signal) : noLooker();
  if (layers && !layers.ok) return layers;
  const gathered = await gather({ ...context, lanes: progress.lanes }, options.signal);
  if (!gathered.ok) return gathered;
  progress.listed(gathered.data.looker !== undefined);
  const baseUrls = { looker: context.looker?.baseUrl, dx: context.dx?.baseUrl };
  const compares = { looker: gathered.data.looker ? baseUrls.looker ?? null : null, dx: gathered.data.dx ? baseUrls.dx ?? null : null };
  const signature = recordSignature(mapping, compares);
  const previous = options.previous && !options.fullDriftCheck ? new Set(options.previous.digests) : undefined;
  const watch = watchedAttributes(layers?.data);
  const compared = await compareRecords(context, gathered.data, records, { signal: options.signal, signature, previous, watch }, progress);
  if (!compared.ok) return compared;
  const checked = await checkPlan(context, gathered.data, compared.data, layers?.data, options.signal);
  if (!checked.ok) return options.signal?.aborted ? failure(abortedError(options.signal)) : checked;
  progress.finish();
  const id = planId(createdAt, runtime.random());
  const incremental = previous !== undefined;
  const planned = { id, createdAt, mapping, gathered: gathered.data, compared: compared.data, incremental, baseUrls, ...checked.data };
  return success(assemblePlan({ ...planned, ...(layers && { layers: layers.data }) }));
}
