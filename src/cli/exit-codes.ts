// Exit codes, as Terraform's: what `plan` and `apply` return to a shell or a cron job.
import type { ApplyReport, SyncPlan } from './sync-api.js';

/** The exit codes of the command line. */
export const ExitCode = {
  /** `plan`: nothing to change. `apply`: every change applied. Also `--help` and `--version`. */
  ok: 0,
  /** Any error: usage, input, credentials, a refused or partly failed apply. */
  error: 1,
  /** `plan`: changes are planned. */
  changes: 2,
  /** Stopped by Ctrl-C (128 + SIGINT). */
  interrupted: 130,
} as const;

/** One of the exit codes above. */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** The number of writes a plan holds: values to set and values to remove. */
export function plannedWrites(plan: SyncPlan): number {
  return plan.summary.set + plan.summary.remove;
}

/** `plan` exits 2 when it holds a write, 0 when it holds none. */
export function planExitCode(plan: SyncPlan): ExitCode {
  return plannedWrites(plan) > 0 ? ExitCode.changes : ExitCode.ok;
}

/**
 * `apply` exits 0 only when every planned change is applied (now, or by the run a journal
 * resumes); 130 when it was stopped by Ctrl-C; 1 otherwise.
 */
export function applyExitCode(report: ApplyReport, interrupted: boolean): ExitCode {
  if (report.aborted && interrupted) return ExitCode.interrupted;
  const complete = !report.aborted && report.failed === 0 && report.conflict === 0 && report.applied + report.resumed >= report.planned;
  return complete ? ExitCode.ok : ExitCode.error;
}
