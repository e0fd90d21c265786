// Making a plan in three named steps: gather (resolve the mapping's names, read the listings),
// compare the records with them (reading each user's Looker values), and assemble the plan, a
// pure function of what the first two found.
import { failure, success, type PlainResult } from '../../core/result.js';
import type { SyncError } from '../model/errors.js';
import { checkColumns } from '../model/input-fields.js';
import { dxNames } from '../model/mapping.js';
import type { SyncPlan } from '../model/plan.js';
import type { RecordSource } from '../model/records.js';
import { DigestSet, validateSnapshot, type RecordSnapshot } from '../model/snapshot.js';
import { assemblePlan } from './assemble.js';
import { compareRecords } from './compare-records.js';
import { abortedError, declaredDefinitions, startGathering, unservedError, type Gathered, type PlanContext } from './gather.js';
import { countAhead } from './count-ahead.js';
import { recordSignature } from './incremental.js';
import { COUNT_AHEAD, type LookerUsersMode } from './looker-finder.js';
import { watchedAttributes } from './effective-plan.js';
import { gatherLayers, refusedState } from './gather-layers.js';
import { checkPlan } from './plan-checks.js';
import { trackPlanProgress, type PlanProgress } from './progress.js';
import { checkTargets, partialScope } from './targets.js';

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
  /**
   * Plan only the people with these emails (a partial plan, `partial` in it): the other records
   * are read but neither compared nor planned (no request is made for them). A record of another
   * is settled only when `previous` holds it as it is, so a snapshot of a partial plan vouches for
   * no one it did not check. Checked before any request (`invalid_target`).
   */
  targets?: readonly string[];
  signal?: AbortSignal;
  /**
   * How to find the Looker users the records name: `auto` (the default) forecasts listing every
   * user against one lookup per record and takes the cheaper; `listing` or `lookups` forces one.
   * The plan's `services.looker.users` says which was taken and why.
   */
  lookerUsers?: LookerUsersMode;
  /**
   * How many records a source that is not an array holds, when the caller knows (a file it has
   * counted): progress then says how many reads are left, and the plan need not read ahead to count.
   */
  recordCount?: number;
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
  if (snapshot && !snapshot.ok) return snapshot.error;
  const targets = options.targets === undefined ? undefined : checkTargets(options.targets);
  return targets && !targets.ok ? targets.error : undefined;
}

/** A plan's id: when it was made, and 48 random bits. */
export const planId = (createdAt: string, random: number) => `${createdAt.replace(/[-:.]/g, '')}-${Math.floor(random * 2 ** 48).toString(16).padStart(12, '0')}`;

/** Makes a plan. Never throws: a failure to resolve is the error; per-record failures are problems. */
export async function buildPlan(context: PlanContext, records: RecordSource, options: PlanOptions = {}): Promise<PlainResult<SyncPlan, SyncError>> {
  const { mapping, runtime } = context;
  const refused = refusal(context, options);
  if (refused) return failure(refused);
  const createdAt = new Date(runtime.now()).toISOString();
  const known = Array.isArray(records) ? records.length : options.recordCount;
  const progress = trackPlanProgress(context.lanes, runtime, known, options.onProgress);
  // Definitions and group values first: the user values depend on them.
  const noLooker = () => failure(refusedState([{ path: 'looker', problem: 'declares Looker definitions or group values, but no Looker client was given' }]));
  const declared = mapping.looker;
  const lookerLane = progress.lanes.looker;
  const layers = !declared ? undefined : context.looker ? await gatherLayers(lookerLane, context.looker, declared, options.signal) : noLooker();
  if (layers && !layers.ok) return layers;
  const mode = options.lookerUsers ?? 'auto';
  // Only a choice to make needs the count: a streamed input is read ahead for it.
  const counted = known !== undefined ? { records, count: known }
    : mode === 'auto' && context.looker ? await countAhead(records, COUNT_AHEAD) : { records, count: undefined };
  // Each service in its own lane: the records' Looker reads start without waiting for DX's listing.
  const definitions = declaredDefinitions(layers?.data.definitions);
  const lanes = startGathering({ ...context, lanes: progress.lanes }, options.signal, { mode, records: counted.count }, definitions);
  const looker = await lanes.looker;
  if (!looker.ok) {
    await lanes.dx;
    return looker;
  }
  void lanes.dx.then(() => progress.listed(looker.data !== undefined));
  const gathered = { ok: true, data: { looker: looker.data } as Gathered } as const;
  const baseUrls = { looker: context.looker?.baseUrl, dx: context.dx?.baseUrl };
  const dxCompared = context.dx && dxNames(mapping).length;
  const compares = { looker: gathered.data.looker ? baseUrls.looker ?? null : null, dx: dxCompared ? baseUrls.dx ?? null : null };
  const signature = recordSignature(mapping, compares);
  // One sorted set of the snapshot's digests, for the records it leaves out and for a partial plan's carried ones.
  const digests = new DigestSet(options.previous?.digests ?? []);
  const previous = options.previous && !options.fullDriftCheck ? digests : undefined;
  const targets = options.targets === undefined ? undefined : (checkTargets(options.targets) as { data: ReadonlySet<string> }).data;
  const scope = targets && { targets, carried: digests };
  const watch = watchedAttributes(layers?.data);
  const compareOptions = { signal: options.signal, signature, previous, dxLater: lanes.dx, watch, ...(scope && { scope }) };
  const compared = await compareRecords(context, gathered.data, counted.records, compareOptions, progress);
  if (!compared.ok) return compared;
  const dx = await lanes.dx;
  if (!dx.ok) return dx;
  gathered.data.dx = dx.data;
  const checked = await checkPlan(context, gathered.data, compared.data, layers?.data, options.signal);
  if (!checked.ok) return options.signal?.aborted ? failure(abortedError(options.signal)) : checked;
  progress.finish();
  const id = planId(createdAt, runtime.random());
  const incremental = previous !== undefined;
  const partial = targets && partialScope(targets, compared.data.matchedTargets ?? new Set(), compared.data.notTargeted ?? 0);
  const parts = { id, createdAt, mapping, gathered: gathered.data, compared: compared.data, incremental, baseUrls, ...checked.data };
  return success(assemblePlan({ ...parts, ...(partial && { partial }), ...(layers && { layers: layers.data }) }));
}
