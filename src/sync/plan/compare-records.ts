// Comparing the records with the services, the I/O half of a plan: stream the records, read the
// current Looker values of each user a record names (a bounded number at once), and hand them,
// with the DX listing, to the pure diff of user-changes.ts. What it finds, record by record, is
// what assemble.ts makes the plan of.
import { failure, success, type PlainResult } from '../../core/result.js';
import { createPool } from '../lanes/pool.js';
import type { SyncError } from '../model/errors.js';
import { writes, type PlannedUser, type SyncWarning } from '../model/plan.js';
import type { SyncLooker } from '../model/ports.js';
import { RecordReader, type ReadRecord, type RecordSource, type SyncProblem } from '../model/records.js';
import type { DigestSet } from '../model/snapshot.js';
import { readLookerValues } from '../reads/looker-values.js';
import { keepOwnValue, type OwnValue, type OwnValues } from './effective-sections.js';
import { abortedError, type Gathered, type PlanContext } from './gather.js';
import { fingerprint } from './incremental.js';
import type { FoundLookerUser } from './looker-finder.js';
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
  /** Records of people a partial plan does not target, left out. */
  readonly notTargeted?: number;
  /** The targets some record names (partial plans). */
  readonly matchedTargets?: ReadonlySet<string>;
  /** The own values read of the attributes `CompareOptions.watch` names (the effective-value diff's). */
  readonly ownValues?: OwnValues;
}

/** What the comparison reads the records under. */
export interface CompareOptions {
  readonly signal: AbortSignal | undefined;
  /** What each record's digest is taken under (`recordSignature`). */
  readonly signature: string;
  /** The digests of the records in place after the last run, when the plan is incremental. */
  readonly previous: DigestSet | undefined;
  /**
   * The DX listing still being read, in its own lane: each record's Looker half goes ahead
   * meanwhile, its DX half waits for it (then `gathered.dx` is not read).
   */
  readonly dxLater?: Promise<PlainResult<Gathered['dx'], SyncError>>;
  /**
   * A partial plan: the people planned, and the digests the previous snapshot holds (also with a
   * full drift check): a record of anyone else is left out, settled only when its digest is there.
   */
  readonly scope?: { readonly targets: ReadonlySet<string>; readonly carried: DigestSet };
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

/** A record compared with Looker, waiting for its DX half. */
interface LookerHalf {
  readonly looker: Part<PlannedUser['looker']>;
  readonly counts: Tally;
  readonly warnings: SyncWarning[];
  /** Its Looker values were read (answered, or failed). */
  readonly read: boolean;
}

/** The DX listing is still being read. */
const PENDING = Symbol('pending');

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
  notTargeted = 0;
  readonly matchedTargets = new Set<string>();
  /** A failure that ends the whole plan (the signal aborted a read, or the DX listing failed). */
  fatal: SyncError | undefined;
  /** The DX listing, or `PENDING` while it is read. */
  #dxDirectory: Gathered['dx'] | typeof PENDING;
  /** Settles once the DX listing is read (or failed). */
  readonly #dxRead: Promise<void>;
  /** The DX halves of the records compared with Looker while DX was still listed. */
  readonly #waiting: Promise<void>[] = [];

  constructor(
    private readonly context: PlanContext,
    private readonly gathered: Gathered,
    private readonly options: CompareOptions,
    private readonly progress: PlanProgressTracker,
  ) {
    const later = options.dxLater;
    this.#dxDirectory = later ? PENDING : gathered.dx;
    this.#dxRead = later
      ? later.then((listed) => {
          this.#dxDirectory = listed.ok ? listed.data : undefined;
          if (!listed.ok) this.fatal ??= listed.error;
        })
      : Promise.resolve();
  }

  /** Resolves once every record's DX half is done (and the DX listing read). */
  async settle(): Promise<void> {
    await this.#dxRead;
    await Promise.all(this.#waiting);
  }

  /** Takes one usable record: left out when the snapshot holds it, else handed to `compare` (through the pool). */
  take(record: ReadRecord, problems: readonly SyncProblem[]): (() => Promise<void>) | undefined {
    this.records++;
    if (this.#untargeted(record, problems)) return undefined;
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

  /** Leaves out the record of someone a partial plan does not target: settled only as the snapshot holds it. */
  #untargeted(record: ReadRecord, problems: readonly SyncProblem[]): boolean {
    const { scope } = this.options;
    if (!scope) return false;
    if (scope.targets.has(record.email)) {
      this.matchedTargets.add(record.email);
      return false;
    }
    this.notTargeted++;
    const digest = problems.length ? undefined : fingerprint(record, this.options.signature);
    if (digest !== undefined && scope.carried.has(digest)) this.settled[record.index] = digest;
    this.progress.recordDone(false);
    return true;
  }

  /** Compares one record; `digest` is given for a record read without a problem. */
  async compare(record: ReadRecord, digest: number | undefined): Promise<void> {
    const state = this.gathered.looker;
    const pending = state && this.#lookerUser(record, state);
    // A listed user is found at once, so that a record's problems keep their place among the others'.
    const userId = pending instanceof Promise ? await pending : pending;
    // After the user is found, the one wait of a record: everything after it runs at once.
    const current = state && userId !== undefined
      ? await readLookerValues(this.context.lanes.looker, this.context.looker as SyncLooker, userId, state.refs, this.options.signal)
      : undefined;
    const counts: Tally = [0, 0, 0];
    const warnings: SyncWarning[] = [];
    const looker = state ? this.#looker(record, state, userId, current, counts, warnings) : { troubled: false };
    // A read cut off by an abort is not done.
    const read = current !== undefined && (current.ok || current.error.kind !== 'aborted');
    const finish = () => this.#finish(record, digest, { looker, counts, warnings, read });
    // Looker's lane does not wait for DX's listing: this record's DX half does, without holding a place in the pool.
    if (this.#dxDirectory === PENDING) this.#waiting.push(this.#dxRead.then(finish));
    else finish();
  }

  /** The record's DX half, then what the plan holds of it. */
  #finish(record: ReadRecord, digest: number | undefined, half: LookerHalf): void {
    if (this.fatal) return;
    const { looker, counts, warnings, read } = half;
    const dx = this.#dx(record, counts);
    this.tallies[record.index] = pack(counts);
    const whole = digest !== undefined && !looker.troubled && !dx.troubled;
    if (looker.part || dx.part) {
      const user = { email: record.email, ...(whole && { digest }), ...(looker.part && { looker: looker.part }), ...(dx.part && { dx: dx.part }) };
      this.users.push({ index: record.index, user, warnings });
    } else if (whole) this.settled[record.index] = digest;
    this.progress.recordDone(read);
  }

  /** The id of the Looker user the record names, or undefined with the problem noted. */
  #lookerUser(record: ReadRecord, state: LookerState): string | undefined | Promise<string | undefined> {
    const found = state.directory.find(record.email, record.index, this.options.signal);
    return found instanceof Promise ? found.then((settled) => this.#foundUser(record, settled)) : this.#foundUser(record, found);
  }

  #foundUser(record: ReadRecord, found: FoundLookerUser): string | undefined {
    if ('error' in found) {
      if (found.error.kind === 'aborted') this.fatal ??= abortedError(this.options.signal);
      const message = `finding the Looker user ${record.email} failed: ${found.error.message}`;
      this.problems.push({ email: record.email, record: record.index, service: 'looker', kind: 'read_failed', message });
      return undefined;
    }
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
    const state = this.#dxDirectory;
    if (!state || state === PENDING) return { troubled: false };
    if (state.deleted.has(record.email)) {
      this.problems.push({ email: record.email, record: record.index, service: 'dx', kind: 'deleted_user', message: `the DX user ${record.email} is deleted` });
      return { troubled: true };
    }
    const plan = planDxUser(this.context.mapping, record, state.byEmail.get(record.email));
    tally(plan.changes, counts);
    return plan.changes.some(writes) ? { part: { changes: plan.changes }, troubled: false } : { troubled: false };
  }
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
  const reader = new RecordReader(context.mapping, context.emails);
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
    await comparison.settle();
    if (signal?.aborted) return failure(abortedError(signal));
    return failure({ kind: 'input_failed', message: `reading the records failed: ${error instanceof Error ? error.message : String(error)}` });
  }
  await pool.drain();
  await comparison.settle();
  if (comparison.fatal || signal?.aborted) return failure(comparison.fatal ?? abortedError(signal));
  const missing = reader.missingFields();
  if (missing) return failure(missing);
  const duplicates = new Map([...reader.duplicates].map((email) => [email, reader.firstIndexOf(email) as number]));
  const { problems, users, tallies, settled, usersRead, records: read, skippedUnchanged, notTargeted, matchedTargets } = comparison;
  const { ownValues } = comparison;
  const partial = { notTargeted, matchedTargets };
  return success({ problems, users, tallies, settled, usersRead, records: read, skippedUnchanged, duplicates, ...partial, ownValues });
}
