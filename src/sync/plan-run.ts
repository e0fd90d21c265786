// Making a plan: resolve names once, stream the records, read current values only for the users
// that need it, and assemble the plan with its forecast and counts.
import type { Runtime } from '../core/settings.js';
import { failure, type NoServiceError, type SyncError, type SyncResult } from './errors.js';
import { loadPrevious, type ChangeFilter } from './incremental.js';
import { identityCalls } from './identity.js';
import { checkColumns } from './input-fields.js';
import { dxNames, lookerNames, type SyncMapping } from './mapping.js';
import { PLAN_VERSION, writes, type Change, type DxServicePlan, type LookerServicePlan, type PlannedLookerAttribute, type PlannedUser, type SyncPlan, type SyncWarning } from './plan.js';
import { planDxUser, planLookerUser, userEditableWarnings } from './planner.js';
import { createPool } from './pool.js';
import type { SyncDx, SyncLooker } from './ports.js';
import { RecordReader, type ReadRecord, type RecordSource, type SyncProblem } from './records.js';
import { findLookerUser, loadDxUsers, loadLookerAttributes, loadLookerUsers, readLookerValues, type AttributeRef, type DxDirectory, type LookerDirectory } from './resolve.js';
import type { Lane } from './scheduler.js';

/** Options of `plan`. */
export interface PlanOptions {
  /** The previous run's input: records equal to it are left out (an incremental plan). */
  previous?: RecordSource;
  /** Plan every record even when `previous` is given (a periodic full drift check). */
  fullDriftCheck?: boolean;
  /**
   * The input's column names, when it has a header (a CSV file's first row): the email field or a
   * mapped field missing from them refuses the plan (`missing_fields`) before any request. Without
   * it, a field no record holds refuses the plan once the records are read.
   */
  columns?: readonly string[];
  signal?: AbortSignal;
}

/** What a plan run works with. */
export interface PlanContext {
  readonly mapping: SyncMapping;
  readonly looker?: SyncLooker;
  readonly dx?: SyncDx;
  readonly lanes: { readonly looker: Lane; readonly dx: Lane };
  readonly runtime: Runtime;
  /** Users whose Looker values are read at once (beyond the lane's own bound). */
  readonly readAhead: number;
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

const abortedError = (signal: AbortSignal | undefined): SyncError => ({ kind: 'aborted', message: `the plan was aborted: ${String(signal?.reason ?? 'aborted')}` });

interface Resolved {
  looker?: { directory: LookerDirectory; attributes: Map<string, PlannedLookerAttribute>; refs: AttributeRef[] };
  dx?: DxDirectory;
}

async function resolve(context: PlanContext, signal: AbortSignal | undefined): Promise<SyncResult<Resolved, SyncError>> {
  const { mapping, looker, dx, lanes } = context;
  const lookerTargets = lookerNames(mapping);
  const dxTargets = dxNames(mapping);
  const lookerPart = async (): Promise<SyncResult<Resolved['looker'], SyncError>> => {
    if (!looker || !lookerTargets.length) return { ok: true, data: undefined };
    const found = await loadLookerAttributes(lanes.looker, looker, lookerTargets, signal);
    if (!found.ok) return found;
    const directory = await loadLookerUsers(lanes.looker, looker, signal);
    if (!directory.ok) return directory;
    const attributes = new Map(
      [...found.data].map(([name, a]) => {
        const planned = { name, id: String(a.id), type: a.type, userCanEdit: a.user_can_edit === true };
        return [name, planned];
      }),
    );
    // Attributes that hide their values were refused above.
    const refs = [...found.data.values()].map((a) => ({ id: String(a.id), name: a.name, hidden: false, defaultValue: a.default_value }));
    return { ok: true, data: { directory: directory.data, attributes, refs } };
  };
  const dxPart = async () => (dx && dxTargets.length ? loadDxUsers(lanes.dx, dx, dxTargets, signal) : ({ ok: true, data: undefined } as const));
  const [lookerResult, dxResult] = await Promise.all([lookerPart(), dxPart()]);
  for (const result of [lookerResult, dxResult]) {
    if (!result.ok) return signal?.aborted ? failure(abortedError(signal)) : result;
  }
  return { ok: true, data: { looker: lookerResult.ok ? lookerResult.data : undefined, dx: dxResult.ok ? dxResult.data : undefined } };
}

const skipped = (client: unknown, service: string) =>
  ({ status: 'skipped', reason: !client ? `no ${service} client was given` : `the mapping names no ${service} attribute` }) as const;

/** The error when no service the mapping writes to has a client: such a plan would compare nothing. */
function unservedError({ mapping, looker, dx }: PlanContext): NoServiceError | undefined {
  const named = [...(lookerNames(mapping).length ? ['looker' as const] : []), ...(dxNames(mapping).length ? ['dx' as const] : [])];
  if (named.some((service) => (service === 'looker' ? looker : dx))) return undefined;
  const names = named.map((service) => (service === 'looker' ? 'Looker' : 'DX'));
  const message = `the mapping writes to ${names.join(' and ')}, but no ${names.join(' or ')} client was given: nothing would be compared`;
  return { kind: 'no_service', message, services: named };
}

/** Makes a plan. Never throws: a failure to resolve is the error; per-record failures are problems. */
export async function buildPlan(context: PlanContext, records: RecordSource, options: PlanOptions = {}): Promise<SyncResult<SyncPlan, SyncError>> {
  const { mapping, runtime, lanes } = context;
  const { signal } = options;
  if (signal?.aborted) return failure(abortedError(signal));
  const unserved = unservedError(context);
  if (unserved) return failure(unserved);
  const columns = options.columns === undefined ? undefined : checkColumns(mapping, options.columns);
  if (columns) return failure(columns);
  const createdAt = new Date(runtime.now()).toISOString();
  const resolved = await resolve(context, signal);
  if (!resolved.ok) return resolved;
  const { looker: lookerState, dx: dxState } = resolved.data;
  let filter: ChangeFilter | undefined;
  try {
    if (options.previous && !options.fullDriftCheck) filter = await loadPrevious(options.previous, mapping, signal);
  } catch {
    return failure(abortedError(signal));
  }

  const problems: SyncProblem[] = [];
  const warnings: SyncWarning[] = lookerState ? userEditableWarnings([...lookerState.attributes.values()]) : [];
  const users: { index: number; user: PlannedUser; warnings: SyncWarning[] }[] = [];
  // By record index, not by email: one small number per record, even for 100,000 of them.
  const tallies: number[] = [];
  const attributeList = lookerState ? [...lookerState.attributes.values()] : [];
  let usersRead = 0;
  let recordCount = 0;
  let skippedUnchanged = 0;
  let fatal: SyncError | undefined;

  async function planRecord(record: ReadRecord): Promise<void> {
    const counts: Tally = [0, 0, 0];
    let lookerPart: PlannedUser['looker'];
    let dxPart: PlannedUser['dx'];
    const userWarnings: SyncWarning[] = [];
    if (lookerState) {
      const found = findLookerUser(lookerState.directory, record.email, record.index);
      if ('problem' in found) problems.push(found.problem);
      else {
        usersRead++;
        const current = await readLookerValues(lanes.looker, context.looker as SyncLooker, found.userId, lookerState.refs, signal);
        if (!current.ok) {
          if (current.error.kind === 'aborted') fatal ??= abortedError(signal);
          const message = `reading the Looker values of ${record.email} failed: ${current.error.message}`;
          problems.push({ email: record.email, record: record.index, service: 'looker', kind: 'read_failed', message });
        } else {
          const plan = planLookerUser(mapping, record, lookerState.attributes, current.data);
          problems.push(...plan.problems);
          userWarnings.push(...plan.warnings);
          tally(plan.changes, counts);
          if (plan.changes.some(writes)) lookerPart = { userId: found.userId, changes: plan.changes };
        }
      }
    }
    if (dxState) {
      if (dxState.deleted.has(record.email)) {
        problems.push({ email: record.email, record: record.index, service: 'dx', kind: 'deleted_user', message: `the DX user ${record.email} is deleted` });
      } else {
        const plan = planDxUser(mapping, record, dxState.byEmail.get(record.email));
        tally(plan.changes, counts);
        if (plan.changes.some(writes)) dxPart = { changes: plan.changes };
      }
    }
    tallies[record.index] = pack(counts);
    if (lookerPart || dxPart) {
      const user = { email: record.email, ...(lookerPart && { looker: lookerPart }), ...(dxPart && { dx: dxPart }) };
      users.push({ index: record.index, user, warnings: userWarnings });
    }
  }

  const reader = new RecordReader(mapping);
  const pool = createPool(context.readAhead);
  try {
    for await (const item of reader.read(records)) {
      if (signal?.aborted || fatal) break;
      if ('problem' in item) {
        problems.push(item.problem);
        continue;
      }
      recordCount++;
      problems.push(...item.problems);
      if (filter?.unchanged(item.record)) {
        skippedUnchanged++;
        continue;
      }
      await pool.add(() => planRecord(item.record));
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

  // An email in two records: neither record is applied, the first one included.
  for (const email of reader.duplicates) {
    tallies[reader.firstIndexOf(email) as number] = 0;
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
  const forecast = {
    looker: planned.reduce((sum, user) => sum + (user.looker?.changes.filter(writes).length ?? 0), 0) + identityCalls(lookerUsers),
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
    data: {
      version: PLAN_VERSION,
      id,
      createdAt,
      incremental: filter !== undefined,
      services: { looker: lookerPlan, dx: dxPlan },
      users: planned,
      problems,
      warnings: [...warnings, ...kept.flatMap((entry) => entry.warnings)],
      forecast,
      summary,
    },
  };
}
