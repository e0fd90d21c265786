// `apply`: carries out a saved plan through the sync library, with progress, a journal and Ctrl-C.
import type { ApplyCommand } from '../args.js';
import { createClients } from '../clients.js';
import { applyExitCode, ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import type { Output } from '../output.js';
import { defaultJournal, readPlanFile } from '../plan-file.js';
import { createProgressBar } from '../progress.js';
import { applyEvent, outcomeEvent, progressEvent } from '../render-json.js';
import { renderApplyReport, summaryLine } from '../render-plan.js';
import { handleInterrupts } from '../signals.js';
import { shellWord } from '../shell-word.js';
import { writeSnapshotFile } from '../snapshot-file.js';
import { createSync, mappingOfPlan, recordSnapshot, type SyncError, type SyncProgress } from '../sync.js';
import { startCommand } from './start.js';

/** In JSON mode, at most one progress event a second (the bar redraws ten times a second). */
const JSON_PROGRESS_INTERVAL_MS = 1000;

/** Runs `apply`; resolves to the exit code. */
export async function runApply(args: ApplyCommand, io: CliIo): Promise<ExitCode> {
  const { out, fail, env } = startCommand(io, args);
  if (!env.ok) return fail(env.error);
  const planFile = await readPlanFile(args.plan, io.stdin);
  if (!planFile.ok) return fail(planFile.error, planFile.error.details);
  const plan = planFile.data;
  const mapping = mappingOfPlan(plan);
  if (!mapping.ok) return fail({ kind: 'invalid_plan_file', message: `${args.plan}: ${mapping.error.message}` });
  if (mapping.data === undefined) {
    out.note('The plan planned neither Looker nor DX: there is nothing to apply.', { type: 'nothing_to_apply', message: 'the plan planned neither Looker nor DX' });
    return ExitCode.ok;
  }
  const journal = args.journal ?? defaultJournal(args.plan);
  const clients = createClients(env.data);
  if (!clients.ok) return fail(clients.error);

  if (!args.yes && !args.dryRun && !out.json && io.stdin.isTTY === true) {
    out.print(`${summaryLine(plan, out.paint)}\n`);
    const answer = await io.ask(`Apply ${args.plan}? Only "yes" goes ahead: `);
    if (answer.trim() !== 'yes') return fail({ kind: 'cancelled', message: 'apply cancelled' });
  }

  const sync = createSync({ ...clients.data, mapping: mapping.data });

  const resume = `To resume: user-attributes-sdk apply ${shellWord(args.plan)} --journal ${shellWord(journal)}`;
  const progress = progressReporter(out, io);
  const interrupts = handleInterrupts(io.signals, {
    onFirst: () => out.note('\nStopping after the requests in flight: no new change is started (Ctrl-C again to abort them)…', {
      type: 'stopping', message: 'stopping after the requests in flight: no new change is started',
    }),
    // The requests cut off are in the journal as attempts: the resume reads them back first.
    onSecond: () => out.note('\nAborting the requests in flight: the resume checks them first (Ctrl-C again to quit at once)…', {
      type: 'aborting', message: 'aborting the requests in flight: the resume checks them first',
    }),
    onLater: () => {
      out.note(`\nQuit at once: the journal may lack the last requests. ${resume}`, { type: 'interrupted', message: 'quit at once', journal, resume });
      io.exit(ExitCode.interrupted);
    },
  });
  const result = await sync.apply(plan, {
    journal,
    dryRun: args.dryRun,
    allowMissingDxUsers: args.allowMissingDxUsers,
    stop: interrupts.stop,
    signal: interrupts.signal,
    onProgress: (report) => progress.update(report),
    ...(out.json && { onOutcome: (outcome) => out.emit(outcomeEvent(outcome)) }),
    ...(args.maxRemovals === undefined ? {} : { maxRemovals: args.maxRemovals }),
    ...(args.maxCalls === undefined ? {} : { maxCalls: args.maxCalls }),
  }).finally(() => {
    interrupts.dispose();
    progress.finish();
  });

  const stopped = (aborted: boolean) => {
    if (aborted) {
      const message = `aborted by Ctrl-C: the journal marks the requests cut off, which the resume checks first`;
      out.note(`Aborted by Ctrl-C; progress is in ${journal}, and the requests cut off are checked first. ${resume}`, { type: 'interrupted', message, journal, resume });
    } else {
      out.note(`Stopped by Ctrl-C; progress is in ${journal}. ${resume}`, { type: 'interrupted', message: 'stopped by Ctrl-C', journal, resume });
    }
    return ExitCode.interrupted;
  };
  if (!result.ok) return interrupts.interrupted() && result.error.kind === 'aborted' ? stopped(true) : fail(inTermsOfTheEnvironment(result.error, args.plan));
  const report = result.data;
  // Each outcome went out as it ended: the summary is the last event.
  if (out.json) out.emit(applyEvent(report, journal));
  else out.print(renderApplyReport(report, out.paint));
  // Only what is fully in place: records with a problem or a change not applied stay due.
  const snapshot = args.snapshot === undefined || report.dryRun ? undefined : await writeSnapshotFile(args.snapshot, recordSnapshot(plan, report));
  if (snapshot && !snapshot.ok) return fail(snapshot.error);
  if ((report.aborted || report.stopped) && interrupts.interrupted()) return stopped(report.aborted);
  return applyExitCode(report, interrupts.interrupted());
}

// The bar on a terminal; in JSON mode a progress event at most once a second, and the last one.
function progressReporter(out: Output, io: CliIo): { update: (p: SyncProgress) => void; finish: () => void } {
  if (!out.json) return createProgressBar({ write: (text) => out.print(text), now: io.now, paint: out.paint });
  const pending = new Map<string, SyncProgress>();
  let last: number | undefined;
  return {
    update(p) {
      pending.set(p.service, p);
      if (last !== undefined && io.now() - last < JSON_PROGRESS_INTERVAL_MS) return;
      last = io.now();
      for (const report of pending.values()) out.emit(progressEvent(report));
      pending.clear();
    },
    finish() {
      for (const report of pending.values()) out.emit(progressEvent(report));
    },
  };
}

// A plan for another Looker or DX: said in terms of the variable that chose the service.
function inTermsOfTheEnvironment(error: SyncError, planPath: string): { kind: string; message: string } {
  if (error.kind !== 'service_mismatch' || !('planned' in error)) return error;
  const [name, variable] = error.service === 'looker' ? ['Looker', 'LOOKER_BASE_URL'] : ['DX', 'DX_BASE_URL'];
  const instance = (url: string) => url.replace(/\/api\/4\.0$/, '');
  const message = `${planPath} was made against ${name} at ${error.planned}, but ${variable} gives ${error.given}: nothing was sent. `
    + `Set ${variable} to ${instance(error.planned)} to apply it, or make a new plan against ${instance(error.given)}`;
  return { kind: error.kind, message };
}
