// Progress of a plan: the reads done and, once it can be known, how many are left at most; the
// calls used and the pace. The listings' reads are counted by wrapping the lanes; each record's by
// the planner as the record is done, so that one report says both the read and the record.
import type { Runtime } from '../../core/runtime.js';
import { laneOf, type Lane } from '../lanes/lane.js';

/** Progress of `plan`, reported after each read of the listings, then after each record. */
export interface PlanProgress {
  /** Reads answered so far, failed ones included: the attribute listing, each page of the user listings, each user's Looker values. */
  readonly readsDone: number;
  /**
   * Reads left at most, or `null` while unknown. It is unknown while the listings are read (neither
   * service says how many pages there are) and, when the records are not an array, until they end;
   * after the listings it is one read per record left (a record with no Looker user, or unchanged
   * since `previous`, needs none, so the count can drop faster than reads are done), and 0 once
   * the plan is made or when Looker is not planned.
   */
  readonly readsToDo: number | null;
  /** Requests the plan has sent per service, retries included. */
  readonly callsUsed: { readonly looker: number; readonly dx: number };
  /** Reads per second since the plan began. */
  readonly ratePerSecond: number;
}

/** What `buildPlan` tells the tracker, and the lanes it reads through. */
export interface PlanProgressTracker {
  /** The lanes to read the listings through: they count each read that ends. */
  readonly lanes: { readonly looker: Lane; readonly dx: Lane };
  /** The listings are read; `perRecord`: each record may still need a read (Looker is planned). */
  listed(perRecord: boolean): void;
  /** One record is planned, left out or found unusable; `read`: its Looker values were read (answered, or failed). */
  recordDone(read: boolean): void;
  /** The plan is made: nothing is left to read. */
  finish(): void;
}

/** Tracks a plan's progress for `onProgress`; without it, the lanes are the ones given and nothing is counted. */
export function trackPlanProgress(
  lanes: { readonly looker: Lane; readonly dx: Lane },
  runtime: Runtime,
  records: number | undefined,
  onProgress: ((progress: PlanProgress) => void) | undefined,
): PlanProgressTracker {
  if (!onProgress) return { lanes, listed: () => {}, recordDone: () => {}, finish: () => {} };
  const startedAt = runtime.now();
  const startCalls = { looker: lanes.looker.callsUsed, dx: lanes.dx.callsUsed };
  let readsDone = 0;
  let recordsDone = 0;
  // Before the listings end: unknown. After: per record, or none at all.
  let left: (() => number | null) = () => null;
  const report = () => {
    const elapsedMs = runtime.now() - startedAt;
    onProgress({
      readsDone,
      readsToDo: left(),
      callsUsed: { looker: lanes.looker.callsUsed - startCalls.looker, dx: lanes.dx.callsUsed - startCalls.dx },
      ratePerSecond: elapsedMs > 0 ? (readsDone * 1000) / elapsedMs : 0,
    });
  };
  const counting = (lane: Lane): Lane => laneOf(
    lane,
    async (send, signal, gate) => {
      const result = await lane.run(send, signal, gate);
      // A read never sent (stopped while waiting), or cut off by an abort, is not done.
      if (result.ok || (result.error.attempts > 0 && result.error.kind !== 'aborted')) {
        readsDone++;
        report();
      }
      return result;
    },
    (budget) => counting(lane.within(budget)),
  );
  return {
    lanes: { looker: counting(lanes.looker), dx: counting(lanes.dx) },
    listed(perRecord) {
      left = !perRecord ? () => 0 : records === undefined ? () => null : () => Math.max(0, records - recordsDone);
      report();
    },
    recordDone(read) {
      recordsDone++;
      if (read) readsDone++;
      report();
    },
    finish() {
      left = () => 0;
      report();
    },
  };
}
