// Exit codes, as Terraform's: what `plan` and `apply` return to a shell or a cron job.
import type { StopSignal } from './signals.js';
import type { ApplyReport, SyncPlan } from './sync.js';

/** The exit codes of the command line. */
export const ExitCode = {
  /** `plan`: a plan was made (with `--detailed-exitcode`: one with nothing to change). `apply`: every change applied. Also `--help` and `--version`. */
  ok: 0,
  /** Any error: usage, input, credentials, a refused or partly failed apply. */
  error: 1,
  /** `plan --detailed-exitcode`: changes are planned. */
  changes: 2,
  /** Stopped by SIGHUP (128 + 1), as a shell reports a process the signal ended. */
  hangup: 129,
  /** Stopped by Ctrl-C (128 + SIGINT). */
  interrupted: 130,
  /** Stopped by SIGTERM (128 + 15). */
  terminated: 143,
} as const;

/** One of the exit codes above. */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * The exit code of a command a signal stopped: 128 + the signal's number, what a shell reports
 * for a process the signal killed, so a script (or `timeout`, systemd, Kubernetes) reads the stop
 * as the signal it sent, and a graceful stop differs from the kill it replaces only in being clean.
 */
export function signalExitCode(signal: StopSignal): ExitCode {
  return signal === 'SIGTERM' ? ExitCode.terminated : signal === 'SIGHUP' ? ExitCode.hangup : ExitCode.interrupted;
}

/** The number of writes a plan holds: values to set and remove, definitions to change, group value calls. */
export function plannedWrites(plan: SyncPlan): number {
  const { set, remove, definitionChanges = 0, groupValueCalls = 0 } = plan.summary;
  return set + remove + definitionChanges + groupValueCalls;
}

/**
 * `plan` exits 0 once it made a plan, changes or not, as `terraform plan` does: a `set -e` script
 * goes on to apply it. With `detailed` (`--detailed-exitcode`), 2 when it holds a write.
 */
export function planExitCode(plan: SyncPlan, detailed: boolean): ExitCode {
  return detailed && plannedWrites(plan) > 0 ? ExitCode.changes : ExitCode.ok;
}

/**
 * `apply` exits 0 only when every planned change is in place: applied (now, or by the run a
 * journal resumes) or found already as planned. When a signal stopped it, that signal's code (130
 * for Ctrl-C); 1 otherwise. A dry run exits 0 when the plan passed every check (nothing is sent,
 * so nothing can fail).
 */
export function applyExitCode(report: ApplyReport, interrupted: StopSignal | undefined): ExitCode {
  const cutShort = report.aborted || report.stopped;
  if (cutShort && interrupted) return signalExitCode(interrupted);
  if (cutShort) return ExitCode.error;
  if (report.dryRun) return report.failed + report.conflict === 0 ? ExitCode.ok : ExitCode.error;
  // A DX user that does not exist is skipped only when --allow-missing-dx-users asked for it: a warning.
  const settled = (reason: string | undefined) => reason === 'already_in_state' || reason === 'no_dx_user';
  const inPlace = report.failed + report.conflict === 0 && report.outcomes.every(({ outcome, reason }) => outcome === 'applied' || (outcome === 'skipped' && settled(reason)));
  return inPlace ? ExitCode.ok : ExitCode.error;
}
