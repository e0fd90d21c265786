// What apply reports: one outcome per planned write, in plan order, and the counts. Apply builds
// it (apply/report.ts); a record snapshot is taken from it.
import type { Outcome } from './journal.js';
import type { Layer } from './layers.js';
import type { SyncService } from './ports.js';

/** How one planned change ended. */
export interface ApplyOutcome {
  /** The user's email; empty for a definition or group values change. */
  readonly email: string;
  readonly service: SyncService;
  readonly attribute: string;
  /** Set for a change of an attribute's definition or group values (Looker's): `attribute` names the attribute. */
  readonly layer?: Layer;
  readonly outcome: Outcome;
  /**
   * `already_in_state`, `changed_since_plan`, `layer_not_applied` (skipped: the attribute's definition or
   * group values, applied first, failed or were a conflict), `email_mismatch` or `user_gone` (a conflict: the Looker
   * id now has another email, or no user, so nothing was written), `no_dx_user` (DX has no user with this email: failed,
   * or skipped with `allowMissingDxUsers`), `dry_run`, `stopped`, `aborted` or `budget_exhausted`.
   */
  readonly reason?: string;
  readonly error?: { readonly kind: string; readonly message: string; readonly status?: number };
}

/** What `apply` did: one outcome per planned write, in plan order. */
export interface ApplyReport {
  readonly planId: string;
  readonly dryRun: boolean;
  /** Planned writes: set and remove changes, and the definition and group values changes (one each). */
  readonly planned: number;
  readonly applied: number;
  readonly failed: number;
  readonly conflict: number;
  readonly skipped: number;
  readonly outcomes: readonly ApplyOutcome[];
  /** Calls this run sent (reads and writes, retries included). */
  readonly callsUsed: { readonly looker: number; readonly dx: number };
  /**
   * Of `callsUsed`, the tries sent again after a 429, a 5xx, a network error or a timeout. The
   * plan's forecast assumes none: `callsUsed` ≤ forecast + `retries` (short of a re-login).
   */
  readonly retries: { readonly looker: number; readonly dx: number };
  /** The signal cut the run short; changes skipped with reason `aborted` are retried (re-checked when in doubt) by a resume. */
  readonly aborted: boolean;
  /**
   * The `stop` signal ended the run: the requests in flight finished and were journaled, and the
   * changes skipped with reason `stopped` were never sent; a resume does them. Both flags are true
   * when the signal aborted a run that was already stopping.
   */
  readonly stopped: boolean;
  /** Outcomes taken from the journal of earlier runs. */
  readonly resumed: number;
  /** True when the plan was older than `maxPlanAgeMs` and was re-checked. */
  readonly stale: boolean;
}
