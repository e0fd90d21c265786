// The record snapshot: which records are fully in place, as the 53-bit digests of those records
// (no email, no value), built from a plan and how its apply ended, and read by the next plan to
// leave those records out. Records with a problem or a change not applied are never in it.
import type { PlainResult } from '../../core/result.js';
import type { ApplyReport } from './apply-report.js';
import type { InvalidSnapshotError } from './errors.js';
import { writes, type SyncPlan } from './plan.js';
import { changeKey, type JournalLine } from './journal.js';

/** The snapshot format this library writes and reads. */
export const SNAPSHOT_VERSION = 1;

/** Records fully in place after a run: pass it to the next `plan` as `previous`. A plain JSON value. */
export interface RecordSnapshot {
  readonly version: typeof SNAPSHOT_VERSION;
  /** The digest of each record in place (`SyncPlan.settled`, and `PlannedUser.digest` once applied). */
  readonly digests: readonly number[];
}

/** The outcomes that leave a change in place: applied (now or by the run resumed), or found so. */
function inPlace(plan: SyncPlan, ended: ApplyReport | readonly JournalLine[]): Set<string> {
  const keys = new Set<string>();
  const add = (service: 'looker' | 'dx', email: string, attribute: string, outcome: string, reason: string | undefined) => {
    if (outcome === 'applied' || (outcome === 'skipped' && reason === 'already_in_state')) keys.add(changeKey(service, email, attribute));
  };
  if (Array.isArray(ended)) {
    for (const line of ended as readonly JournalLine[]) if (line.type === 'outcome' && line.plan === plan.id) add(line.service, line.email, line.attribute, line.outcome, line.reason);
  } else {
    const report = ended as ApplyReport;
    if (report.planId === plan.id) for (const o of report.outcomes) add(o.service, o.email, o.attribute, o.outcome, o.reason);
  }
  return keys;
}

/**
 * The snapshot of what is fully in place once `plan` was applied: the records the plan settled
 * without a write, and each planned user whose every write ended applied or already in place,
 * per the apply report (or the journal's lines). Problems, failures, conflicts and changes not
 * reached are left out, so that the next plan takes those records up again.
 */
export function recordSnapshot(plan: SyncPlan, ended: ApplyReport | readonly JournalLine[]): RecordSnapshot {
  const done = inPlace(plan, ended);
  const digests = [...plan.settled];
  for (const user of plan.users) {
    if (user.digest === undefined) continue;
    const keys = (['looker', 'dx'] as const).flatMap((service) => (user[service]?.changes.filter(writes) ?? []).map((c) => changeKey(service, user.email, c.attribute)));
    if (keys.every((key) => done.has(key))) digests.push(user.digest);
  }
  return { version: SNAPSHOT_VERSION, digests };
}

/** Checks that `value` is a snapshot this library wrote, e.g. `previous` read back from a file. */
export function validateSnapshot(value: unknown): PlainResult<RecordSnapshot, InvalidSnapshotError> {
  const snapshot = value as Partial<RecordSnapshot> | null;
  const isDigest = (n: unknown) => Number.isSafeInteger(n) && (n as number) >= 0;
  if (typeof snapshot === 'object' && snapshot !== null && snapshot.version === SNAPSHOT_VERSION && Array.isArray(snapshot.digests) && snapshot.digests.every(isDigest))
    return { ok: true, data: snapshot as RecordSnapshot };
  // The records of the last run were what `previous` took before snapshots: say what it takes now.
  const records = typeof value === 'object' && value !== null && (Symbol.iterator in value || Symbol.asyncIterator in value);
  const message = records
    ? 'previous takes a record snapshot (recordSnapshot(plan, report) after the last apply), not the last run\'s records'
    : `previous is not a record snapshot of version ${SNAPSHOT_VERSION} ({ version, digests }, as recordSnapshot returns it)`;
  return { ok: false, error: { kind: 'invalid_snapshot', message } };
}

/** The digests of a snapshot as the plan asks them: sorted in one typed array (8 bytes each, where a Set takes some 50). */
export class DigestSet {
  readonly #sorted: Float64Array;

  constructor(digests: readonly number[]) {
    this.#sorted = Float64Array.from(digests).sort();
  }

  has(digest: number): boolean {
    const sorted = this.#sorted;
    let low = 0;
    let high = sorted.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const value = sorted[middle] as number;
      if (value === digest) return true;
      if (value < digest) low = middle + 1;
      else high = middle - 1;
    }
    return false;
  }
}
