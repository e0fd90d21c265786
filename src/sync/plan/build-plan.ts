// Making a plan: resolve names once, stream the records, read current values only for the users
// that need it, and assemble the plan with its forecast, counts and record digests.
import { failure, type PlainResult } from '../../core/result.js';
import { type SyncError } from '../model/errors.js';
import { fingerprint, recordSignature } from './incremental.js';
import { identityCalls } from '../reads/looker-ids.js';
import { checkColumns } from '../model/input-fields.js';
import { dxNames } from '../model/mapping.js';
import { LOOKER_LOGINS, PLAN_VERSION, writes, type Change, type DxServicePlan, type LookerServicePlan, type PlannedUser, type SyncPlan, type SyncWarning } from '../model/plan.js';
import { abortedError, gather, skipped, unservedError, type PlanContext } from './gather.js';
import { planDxUser, planLookerUser, userEditableWarnings } from './user-changes.js';
import { createPool } from '../lanes/pool.js';
import { trackPlanProgress, type PlanProgress } from './progress.js';
import type { SyncDx, SyncLooker } from '../model/ports.js';
import { RecordReader, type ReadRecord, type RecordSource, type SyncProblem } from '../model/records.js';
import { sealPlan } from '../model/seal.js';
import { readLookerValues } from '../reads/looker-values.js';
import { findLookerUser } from './looker-directory.js';
import { validateSnapshot, type RecordSnapshot } from '../model/snapshot.js';

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

type Tally = [set: number, remove: number, unchanged: number];

const tally = (changes: readonly Change[], into: Tally) => {
  for (const { action } of changes) into[action === 'set' ? 0 : action === 'remove' ? 1 : 2]++;
};

// A record's three counts are each at most twice the mapping's fields: 16 bits each is plenty, and
// three of them fit a double exactly.
const pack = ([set, remove, unchanged]: Tally) => set + remove * 2 ** 16 + unchanged * 2 ** 32;
const unpack = (packed: number): Tally => {
  const field = (shift: number) => Math.floor(packed / 2 ** shift) % 2 ** 16;
  return [field(0), field(16), field(32)];
};

/** Makes a plan. Never throws: a failure to resolve is the error; per-record failures are problems. */
export async function buildPlan(context: PlanContext, records: RecordSource, options: PlanOptions = {}): Promise<PlainResult<SyncPlan, SyncError>> {
  const { mapping, runtime, lanes } = context;
  const { signal } = options;
  if (signal?.aborted) return failure(abortedError(signal));
  const unserved = unservedError(context);
  if (unserved) return failure(unserved);
  const columns = options.columns === undefined ? undefined : checkColumns(mapping, options.columns);
  if (columns) return failure(columns);
  const snapshot = options.previous === undefined ? undefined : validateSnapshot(options.previous);
  if (snapshot && !snapshot.ok) return snapshot;
  const createdAt = new Date(runtime.now()).toISOString();
  const progress = trackPlanProgress(context.lanes, runtime, Array.isArray(records) ? records.length : undefined, options.onProgress);
  const gathered = await gather({ ...context, lanes: progress.lanes }, signal);
  if (!gathered.ok) return gathered;
  const { looker: lookerState, dx: dxState } = gathered.data;
  progress.listed(lookerState !== undefined);
  const baseUrls = { looker: lookerState ? (context.looker as SyncLooker).baseUrl : null, dx: dxState ? (context.dx as SyncDx).baseUrl : null };
  const signature = recordSignature(mapping, baseUrls);
  const previous = snapshot && !options.fullDriftCheck ? new Set(snapshot.data.digests) : undefined;

  const problems: SyncProblem[] = [];
  const warnings: SyncWarning[] = lookerState ? userEditableWarnings([...lookerState.attributes.values()]) : [];
  const users: { index: number; user: PlannedUser; warnings: SyncWarning[] }[] = [];
  // By record index, not by email: one small number per record, even for 100,000 of them.
  const tallies: number[] = [];
  // The digests of the records settled without a write, by record index (duplicates are taken out at the end).
  const settled: number[] = [];
  const attributeList = lookerState ? [...lookerState.attributes.values()] : [];
  let usersRead = 0;
  let recordCount = 0;
  let skippedUnchanged = 0;
  let fatal: SyncError | undefined;

  /** Plans one record; `digest` is given for a record read without a problem. */
  async function planRecord(record: ReadRecord, digest: number | undefined): Promise<void> {
    const counts: Tally = [0, 0, 0];
    // Whether this record met a problem: then it is neither settled nor given a digest, so it stays due.
    let troubled = false;
    let lookerPart: PlannedUser['looker'];
    let dxPart: PlannedUser['dx'];
    const userWarnings: SyncWarning[] = [];
    let read = false;
    if (lookerState) {
      const found = findLookerUser(lookerState.directory, record.email, record.index);
      if ('problem' in found) {
        troubled = true;
        problems.push(found.problem);
      } else {
        usersRead++;
        const current = await readLookerValues(lanes.looker, context.looker as SyncLooker, found.userId, lookerState.refs, signal);
        read = current.ok || current.error.kind !== 'aborted';
        if (!current.ok) {
          troubled = true;
          if (current.error.kind === 'aborted') fatal ??= abortedError(signal);
          const message = `reading the Looker values of ${record.email} failed: ${current.error.message}`;
          problems.push({ email: record.email, record: record.index, service: 'looker', kind: 'read_failed', message });
        } else {
          const plan = planLookerUser(mapping, record, lookerState.attributes, current.data);
          troubled ||= plan.problems.length > 0;
          problems.push(...plan.problems);
          userWarnings.push(...plan.warnings);
          tally(plan.changes, counts);
          if (plan.changes.some(writes)) lookerPart = { userId: found.userId, changes: plan.changes };
        }
      }
    }
    if (dxState) {
      if (dxState.deleted.has(record.email)) {
        troubled = true;
        problems.push({ email: record.email, record: record.index, service: 'dx', kind: 'deleted_user', message: `the DX user ${record.email} is deleted` });
      } else {
        const plan = planDxUser(mapping, record, dxState.byEmail.get(record.email));
        tally(plan.changes, counts);
        if (plan.changes.some(writes)) dxPart = { changes: plan.changes };
      }
    }
    tallies[record.index] = pack(counts);
    const whole = digest !== undefined && !troubled;
    if (lookerPart || dxPart) {
      const user = { email: record.email, ...(whole && { digest }), ...(lookerPart && { looker: lookerPart }), ...(dxPart && { dx: dxPart }) };
      users.push({ index: record.index, user, warnings: userWarnings });
    } else if (whole) settled[record.index] = digest;
    progress.recordDone(read);
  }

  const reader = new RecordReader(mapping);
  const pool = createPool(context.readAhead);
  try {
    for await (const item of reader.read(records)) {
      if (signal?.aborted || fatal) break;
      if ('problem' in item) {
        problems.push(item.problem);
        progress.recordDone(false);
        continue;
      }
      recordCount++;
      problems.push(...item.problems);
      // A field refused while reading leaves the record out of every snapshot: it stays due.
      const digest = item.problems.length ? undefined : fingerprint(item.record, signature);
      if (digest !== undefined && previous?.has(digest)) {
        skippedUnchanged++;
        progress.recordDone(false);
        settled[item.record.index] = digest;
        continue;
      }
      await pool.add(() => planRecord(item.record, digest));
    }
  } catch (error) {
    await pool.drain();
    if (signal?.aborted) return failure(abortedError(signal));
    const message = `reading the records failed: ${error instanceof Error ? error.message : String(error)}`;
    return failure({ kind: 'input_failed', message });
  }
  await pool.drain();
  if (fatal || signal?.aborted) return failure(fatal ?? abortedError(signal));
  const missing = reader.missingFields();
  if (missing) return failure(missing);
  progress.finish();

  // An email in two records: neither record is applied, the first one included.
  for (const email of reader.duplicates) {
    tallies[reader.firstIndexOf(email) as number] = 0;
    delete settled[reader.firstIndexOf(email) as number];
    problems.push({ email, kind: 'duplicate_record', message: `${email} appears in more than one record: none of them is applied` });
  }
  const kept = users.filter(({ user }) => !reader.duplicates.has(user.email)).sort((a, b) => a.index - b.index);
  const summary = { set: 0, remove: 0, unchanged: 0, problems: 0, records: recordCount, compared: 0, skippedUnchanged };
  for (const packed of tallies) {
    if (!packed) continue;
    // A record with any count was compared with a service (duplicates' counts are cleared above).
    summary.compared++;
    const [set, remove, unchanged] = unpack(packed);
    summary.set += set;
    summary.remove += remove;
    summary.unchanged += unchanged;
  }
  summary.problems = problems.length;
  const planned = kept.map(({ user }) => user);
  const lookerUsers = planned.filter((user) => user.looker?.changes.some(writes)).length;
  const lookerWrites = planned.reduce((sum, user) => sum + (user.looker?.changes.filter(writes).length ?? 0), 0);
  const forecast = {
    looker: lookerWrites + identityCalls(lookerUsers) + (lookerWrites > 0 ? LOOKER_LOGINS : 0),
    dx: planned.filter((user) => user.dx?.changes.some(writes)).length,
  };
  const lookerPlan: LookerServicePlan = lookerState
    ? { status: 'planned', baseUrl: (context.looker as SyncLooker).baseUrl, attributes: attributeList, userPages: lookerState.directory.pages, usersRead }
    : skipped(context.looker, 'Looker');
  const dxPlan: DxServicePlan = dxState
    ? { status: 'planned', baseUrl: (context.dx as SyncDx).baseUrl, attributes: dxNames(mapping), pages: dxState.pages, listedUsers: dxState.byEmail.size }
    : skipped(context.dx, 'DX');
  const id = `${createdAt.replace(/[-:.]/g, '')}-${Math.floor(runtime.random() * 2 ** 48).toString(16).padStart(12, '0')}`;
  return {
    ok: true,
    data: sealPlan({
      version: PLAN_VERSION,
      id,
      createdAt,
      incremental: previous !== undefined,
      services: { looker: lookerPlan, dx: dxPlan },
      users: planned,
      problems,
      warnings: [...warnings, ...kept.flatMap((entry) => entry.warnings)],
      forecast,
      summary,
      // Holes (records not settled) are skipped: the digests, in record order.
      settled: settled.filter(() => true),
    }),
  };
}
