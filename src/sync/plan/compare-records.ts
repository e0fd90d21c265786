// Comparing the records with the services, the I/O half of a plan: stream the records, read the
// current Looker values of each user a record names (a bounded number at once), and hand them,
// with the DX listing, to the pure diff of user-changes.ts. What it finds, record by record, is
// what assemble.ts makes the plan of.
import { failure, success, type PlainResult } from '../../core/result.js';
import { createPool } from '../lanes/pool.js';
import type { SyncError } from '../model/errors.js';
import { writes, type Change, type PlannedUser, type SyncWarning } from '../model/plan.js';
import type { SyncLooker } from '../model/ports.js';
import { RecordReader, type ReadRecord, type RecordSource, type SyncProblem } from '../model/records.js';
import { readLookerValues, type LookerCurrent } from '../reads/looker-values.js';
import type { OwnValue, OwnValues } from './effective-sections.js';
import { abortedError, type Gathered, type PlanContext } from './gather.js';
import { fingerprint } from './incremental.js';
import { findLookerUser } from './looker-directory.js';
import type { PlanProgressTracker } from './progress.js';
import { pack, tally, type Tally } from './tally.js';
import { planDxUser, planLookerUser } from './user-changes.js';

/** A planned user, with the record it came from and its warnings. */
export interface ComparedUser {
  readonly index: number;
  readonly user: PlannedUser;
  readonly warnings: readonly SyncWarning[];
}

/** What comparing the records found. Arrays are by record index, holes where a record has none. */
export interface Compared {
  /** Per-record problems, in the order they were found. */
  readonly problems: SyncProblem[];
  /** Users with a write, in the order they were planned. */
  readonly users: readonly ComparedUser[];
  /** Each compared record's counts (`pack`ed), by record index. */
  readonly tallies: number[];
  /** The digest of each record settled without a write, by record index. */
  readonly settled: number[];
  /** Users whose Looker values were read. */
  readonly usersRead: number;
  /** Usable records read. */
  readonly records: number;
  /** Records the previous snapshot holds as in place, left out. */
  readonly skippedUnchanged: number;
  /** Emails found in more than one record, and the index of the first record of each. */
  readonly duplicates: ReadonlyMap<string, number>;
  /** The own values read of the attributes `CompareOptions.watch` names (the effective-value diff's). */
  readonly ownValues?: OwnValues;
}

/** What the comparison reads the records under. */
export interface CompareOptions {
  readonly signal: AbortSignal | undefined;
  /** What each record's digest is taken under (`recordSignature`). */
  readonly signature: string;
  /** The digests of the records in place after the last run, when the plan is incremental. */
  readonly previous: ReadonlySet<number> | undefined;
  /** Looker attributes whose own values to keep, as read and as the plan leaves them (see `Compared.ownValues`). */
  readonly watch?: ReadonlySet<string>;
}

/** What was gathered of Looker. */
type LookerState = NonNullable<Gathered['looker']>;

/** One service's part of a record's comparison. */
interface Part<P> {
  readonly part?: P;
  /** The record met a problem: it is neither settled nor given a digest, so it stays due. */
  readonly troubled: boolean;
}

/** The comparison of one plan run's records. */
class RecordComparison {
  readonly problems: SyncProblem[] = [];
  readonly users: ComparedUser[] = [];
  readonly tallies: number[] = [];
  readonly settled: number[] = [];
  readonly ownValues = new Map<string, Map<string, OwnValue>>();
  usersRead = 0;
  records = 0;
  skippedUnchanged = 0;
  /** A failure that ends the whole plan (the signal aborted a read). */
  fatal: SyncError | undefined;

  constructor(
    private readonly context: PlanContext,
    private readonly gathered: Gathered,
    private readonly options: CompareOptions,
    private readonly progress: PlanProgressTracker,
  ) {}

  /** Takes one usable record: left out when the snapshot holds it, else handed to `compare` (through the pool). */
  take(record: ReadRecord, problems: readonly SyncProblem[]): (() => Promise<void>) | undefined {
    this.records++;
    this.problems.push(...problems);
    // A field refused while reading leaves the record out of every snapshot: it stays due.
    const digest = problems.length ? undefined : fingerprint(record, this.options.signature);
    if (digest !== undefined && this.options.previous?.has(digest)) {
      this.skippedUnchanged++;
      this.progress.recordDone(false);
      this.settled[record.index] = digest;
      return undefined;
    }
    return () => this.compare(record, digest);
  }

  /** Compares one record; `digest` is given for a record read without a problem. */
  async compare(record: ReadRecord, digest: number | undefined): Promise<void> {
    const state = this.gathered.looker;
    const userId = state && this.#lookerUser(record, state);
    // The one wait of a record: everything after it runs at once, so problems keep their order.
    const current = state && userId !== undefined
      ? await readLookerValues(this.context.lanes.looker, this.context.looker as SyncLooker, userId, state.refs, this.options.signal)
      : undefined;
    const counts: Tally = [0, 0, 0];
    const warnings: SyncWarning[] = [];
    const looker = state ? this.#looker(record, state, userId, current, counts, warnings) : { troubled: false };
    const dx = this.#dx(record, counts);
    this.tallies[record.index] = pack(counts);
    const whole = digest !== undefined && !looker.troubled && !dx.troubled;
    if (looker.part || dx.part) {
      const user = { email: record.email, ...(whole && { digest }), ...(looker.part && { looker: looker.part }), ...(dx.part && { dx: dx.part }) };
      this.users.push({ index: record.index, user, warnings });
    } else if (whole) this.settled[record.index] = digest;
    // A read cut off by an abort is not done.
    this.progress.recordDone(current !== undefined && (current.ok || current.error.kind !== 'aborted'));
  }

  /** The id of the Looker user the record names, or undefined with the problem noted. */
  #lookerUser(record: ReadRecord, state: LookerState): string | undefined {
    const found = findLookerUser(state.directory, record.email, record.index);
    if ('problem' in found) {
      this.problems.push(found.problem);
      return undefined;
    }
    this.usersRead++;
    return found.userId;
  }

  /** The record's Looker changes, from the user's current values (none when no user, or the read failed). */
  #looker(
    record: ReadRecord,
    state: LookerState,
    userId: string | undefined,
    current: Awaited<ReturnType<typeof readLookerValues>> | undefined,
    counts: Tally,
    warnings: SyncWarning[],
  ): Part<PlannedUser['looker']> {
    if (userId === undefined || current === undefined) return { troubled: true };
    if (!current.ok) {
      if (current.error.kind === 'aborted') this.fatal ??= abortedError(this.options.signal);
      const message = `reading the Looker values of ${record.email} failed: ${current.error.message}`;
      this.problems.push({ email: record.email, record: record.index, service: 'looker', kind: 'read_failed', message });
      return { troubled: true };
    }
    const plan = planLookerUser(this.context.mapping, record, state.attributes, current.data);
    for (const name of this.options.watch ?? []) keepOwnValue(this.ownValues, name, userId, current.data.get(name), plan.changes);
    this.problems.push(...plan.problems);
    warnings.push(...plan.warnings);
    tally(plan.changes, counts);
    const part = plan.changes.some(writes) ? { userId, changes: plan.changes } : undefined;
    return { ...(part && { part }), troubled: plan.problems.length > 0 };
  }

  #dx(record: ReadRecord, counts: Tally): Part<PlannedUser['dx']> {
    const state = this.gathered.dx;
    if (!state) return { troubled: false };
    if (state.deleted.has(record.email)) {
      this.problems.push({ email: record.email, record: record.index, service: 'dx', kind: 'deleted_user', message: `the DX user ${record.email} is deleted` });
      return { troubled: true };
    }
    const plan = planDxUser(this.context.mapping, record, state.byEmail.get(record.email));
    tally(plan.changes, counts);
    return plan.changes.some(writes) ? { part: { changes: plan.changes }, troubled: false } : { troubled: false };
  }
}

/** Keeps a user's own value of `name` as read, and as the plan's changes leave it. */
function keepOwnValue(
  kept: Map<string, Map<string, OwnValue>>,
  name: string,
  userId: string,
  read: LookerCurrent | undefined,
  changes: readonly Change[],
): void {
  if (!read) return;
  const change = changes.find((c) => c.attribute === name);
  const after = change?.action === 'set' ? { after: change.after } : change?.action === 'remove' ? { after: null } : {};
  let users = kept.get(name);
  if (!users) kept.set(name, (users = new Map()));
  users.set(userId, { own: read.own?.value ?? null, ...after });
}

/**
 * Compares every record with what was gathered, reading each named Looker user's values (at most
 * `readAhead` at once, so streamed records are read only as fast as they are compared). Fails when
 * the signal aborts, the records cannot be read, or a mapped field is in no record.
 */
export async function compareRecords(
  context: PlanContext,
  gathered: Gathered,
  records: RecordSource,
  options: CompareOptions,
  progress: PlanProgressTracker,
): Promise<PlainResult<Compared, SyncError>> {
  const { signal } = options;
  const comparison = new RecordComparison(context, gathered, options, progress);
  const reader = new RecordReader(context.mapping);
  const pool = createPool(context.readAhead);
  try {
    for await (const item of reader.read(records)) {
      if (signal?.aborted || comparison.fatal) break;
      if ('problem' in item) {
        comparison.problems.push(item.problem);
        progress.recordDone(false);
        continue;
      }
      const compare = comparison.take(item.record, item.problems);
      if (compare) await pool.add(compare);
    }
  } catch (error) {
    await pool.drain();
    if (signal?.aborted) return failure(abortedError(signal));
    return failure({ kind: 'input_failed', message: `reading the records failed: ${error instanceof Error ? error.message : String(error)}` });
  }
  await pool.drain();
  if (comparison.fatal || signal?.aborted) return failure(comparison.fatal ?? abortedError(signal));
  const missing = reader.missingFields();
  if (missing) return failure(missing);
  const duplicates = new Map([...reader.duplicates].map((email) => [email, reader.firstIndexOf(email) as number]));
  const { problems, users, tallies, settled, usersRead, records: read, skippedUnchanged } = comparison;
  return success({ problems, users, tallies, settled, usersRead, records: read, skippedUnchanged, duplicates, ownValues: comparison.ownValues });
}
