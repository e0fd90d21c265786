// What apply takes: its options, the progress it reports, and what it works with.
import type { Runtime } from '../../core/runtime.js';
import type { Lane } from '../lanes/lane.js';
import type { ApplyOutcome } from '../model/apply-report.js';
import type { Journal } from '../model/journal.js';
import type { SyncDx, SyncLooker, SyncService } from '../model/ports.js';
import type { RemovalCap } from './removal-cap.js';

/** Progress of one service during apply. */
export interface SyncProgress {
  readonly service: SyncService;
  /**
   * Changes whose end is final and journaled (applied, failed, conflict, or skipped as already in
   * state), in this run and earlier ones. Changes a resume still has to do (stopped, aborted, out
   * of budget) are not done: they stay in `remaining`.
   */
  readonly done: number;
  readonly failed: number;
  /** Planned writes of the service minus `done`. */
  readonly remaining: number;
  /** Calls per second of the service's lane so far. */
  readonly ratePerSecond: number;
  /** Calls this run has sent to the service. */
  readonly callsUsed: number;
}

/** Options of `apply`. */
export interface ApplyOptions {
  /**
   * NDJSON file path (append-only, created when missing; Node, Bun and Deno) or a `Journal` (any
   * runtime). Without one the run cannot resume. A run that writes holds it alone: a second apply
   * with the same journal is refused (`journal_locked`): for a file, by a lock file beside it
   * (`<path>.lock`), for another journal within this process.
   */
  journal?: string | Journal;
  /**
   * More removals than this refuse the whole run (`too_many_removals`), before any call: a number
   * of values (default 10), or a share of the plan's managed values (`managedValues`), as
   * `{ percent: 2 }` or `'2%'`, rounded down.
   */
  maxRemovals?: RemovalCap;
  /**
   * Requests allowed per service in this run, counted as they are sent: reads, writes, every
   * retry, the replay after a 401 and each login a call starts. A forecast above it refuses the run
   * before anything is sent; a run that reaches it sends no more, and the changes it did not
   * finish are skipped (`budget_exhausted`) for a resume to do.
   */
  maxCalls?: { looker?: number; dx?: number };
  /** Plans older than this are re-checked user by user; changed values become conflicts. Default one hour. */
  maxPlanAgeMs?: number;
  /** Default TRUE: nothing is written. Pass `dryRun: false` to write. */
  dryRun?: boolean;
  /**
   * Aborts the run at once: the requests in flight are cut off, so their effect is unknown; the
   * journal's attempt lines make a resume re-check them before writing.
   */
  signal?: AbortSignal;
  /**
   * Stops the run gracefully: once it aborts, no new change, write or read is started (a call
   * waiting for its turn is not sent), every request already sent finishes (retries included) and
   * its outcome is journaled, then apply resolves with `stopped: true`. The changes not reached
   * are skipped with reason `stopped` and not journaled: a resume with the same plan and journal
   * does them, re-checking nothing. `signal` still aborts a run that is stopping.
   */
  stop?: AbortSignal;
  /**
   * A DX write that DX refuses because it has no user with that email (error code
   * `user_not_found`) ends `failed` with reason `no_dx_user`; with this option it ends `skipped`
   * with that reason instead, a warning. It never turns any other failure into a skip. Default false.
   */
  allowMissingDxUsers?: boolean;
  /** Called after changes end, per service, when its counts moved. */
  onProgress?: (progress: SyncProgress) => void;
  /**
   * Called once per planned change, with the very object the report's `outcomes` holds: first for
   * the outcomes resumed from the journal, then as each change ends (a dry run's at once), and
   * last, as apply winds up, for the changes a stop or abort left unreached.
   */
  onOutcome?: (outcome: ApplyOutcome) => void;
}

/** What apply works with. */
export interface ApplyContext {
  readonly looker?: SyncLooker;
  readonly dx?: SyncDx;
  readonly lanes: { readonly looker: Lane; readonly dx: Lane };
  readonly runtime: Runtime;
  readonly concurrency: { readonly looker: number; readonly dx: number };
}
