// Exit codes, as Terraform's: what `plan` and `apply` return to a shell or a cron job.
import type { ApplyReport, SyncPlan } from './sync.js';

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
 * `apply` exits 0 only when every planned change is in place: applied (now, or by the run a
 * journal resumes) or found already as planned. 130 when Ctrl-C stopped it; 1 otherwise. A dry
 * run exits 0 when the plan passed every check (nothing is sent, so nothing can fail).
 */
export function applyExitCode(report: ApplyReport, interrupted: boolean): ExitCode {
  const cutShort = report.aborted || report.stopped;
  if (cutShort && interrupted) return ExitCode.interrupted;
  if (cutShort) return ExitCode.error;
  if (report.dryRun) return report.failed + report.conflict === 0 ? ExitCode.ok : ExitCode.error;
  // A DX user that does not exist is skipped only when --allow-missing-dx-users asked for it: a warning.
  const settled = (reason: string | undefined) => reason === 'already_in_state' || reason === 'no_dx_user';
  const inPlace = report.failed + report.conflict === 0 && report.outcomes.every(({ outcome, reason }) => outcome === 'applied' || (outcome === 'skipped' && settled(reason)));
  return inPlace ? ExitCode.ok : ExitCode.error;
}
