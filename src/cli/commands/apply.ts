// `apply`: carries out a saved plan through the sync library, with progress, a journal, and a
// graceful stop on Ctrl-C, SIGTERM or SIGHUP.
import type { ApplyCommand } from '../args.js';
import { createClients } from '../clients.js';
import { applyExitCode, ExitCode, signalExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { defaultJournal, readPlanFile } from '../plan-file.js';
import { createProgressBar, throttledProgress } from '../progress.js';
import { applyEvent, outcomeEvent, progressEvent } from '../render-json.js';
import { renderApplyReport, summaryLine } from '../render-plan.js';
import { resumeCommand } from '../resume-command.js';
import { handleInterrupts, signalName, type StopSignal } from '../signals.js';
import { writeSnapshotFile } from '../snapshot-file.js';
import { startApplyState, tighterCaps } from '../state-run.js';
import { writeSummary } from '../summary-file.js';
import { painter } from '../terminal-text.js';
import { createSync, recordSnapshot, type SyncError, type SyncProgress } from '../sync.js';
import { startCommand } from './start.js';

/** Runs `apply`; resolves to the exit code. */
export async function runApply(args: ApplyCommand, io: CliIo): Promise<ExitCode> {
  const { out, fail, env } = startCommand(io, args);
  if (!env.ok) return fail(env.error);
  const planFile = await readPlanFile(args.plan, io.stdin);
  if (!planFile.ok) return fail(planFile.error, planFile.error.details);
  const plan = planFile.data;
  if (plan.services.looker.status !== 'planned' && plan.services.dx.status !== 'planned' && plan.services.looker.baseUrl === undefined) {
    out.note('The plan planned neither Looker nor DX: there is nothing to apply.', { type: 'nothing_to_apply', message: 'the plan planned neither Looker nor DX' });
    return ExitCode.ok;
  }
  const clients = createClients(env.data);
  if (!clients.ok) return fail(clients.error);
  // The state (--state) is held for the whole run; a plan over the month's budget is refused here, before any call.
  const state = args.state === undefined ? undefined : await startApplyState(args.state, plan, clients.data, Date.now(), plan.partial !== undefined);
  if (state && !state.ok) return fail(state.error);
  const journal = args.journal ?? state?.data.journal ?? defaultJournal(args.plan);

  // Asked whenever standard input is a terminal, whatever standard output is (`| cat`, --json): a
  // person may be at the keyboard. Off the JSON lines: the question goes to stderr then.
  if (!args.yes && !args.dryRun && io.stdin.isTTY === true) {
    const to = out.json ? 'stderr' : 'stdout';
    io[to].write(`${summaryLine(plan, out.json ? painter(false) : out.paint)}\n`);
    const answer = await io.ask(`Apply ${args.plan}? Only "yes" goes ahead: `, to);
    if (answer.trim() !== 'yes') {
      await state?.data.release();
      return fail({ kind: 'cancelled', message: 'apply cancelled' });
    }
  }

  const sync = createSync(clients.data);

  const resume = resumeCommand(args, journal);
  // The event carries the command alone; the line on a terminal says what it is for.
  const interrupted = (text: string, message: string, signal: StopSignal) =>
    out.note(`${text} To resume: ${resume.line}`, { type: 'interrupted', message, signal, journal, resume: resume.line, resumeArgv: resume.argv });
  // Ctrl-C is pressed again; SIGTERM or SIGHUP come from a supervisor, which may send any of them.
  const again = (signal: StopSignal) => (signal === 'SIGINT' ? 'Ctrl-C again' : 'a second signal');
  const lead = (signal: StopSignal) => (signal === 'SIGINT' ? '' : `${signal}: `);
  // The bar on a terminal; in JSON mode a progress event at most once a second, and the last one.
  const progress = out.json
    ? throttledProgress((report: SyncProgress) => out.emit(progressEvent(report)), io.now, (report) => report.service)
    : createProgressBar({ write: (text) => out.print(text), now: io.now, paint: out.paint });
  const interrupts = handleInterrupts(io.signals, {
    onFirst: (signal) => out.note(`\n${lead(signal)}Stopping after the requests in flight: no new change is started (${again(signal)} to abort them)…`, {
      type: 'stopping', message: 'stopping after the requests in flight: no new change is started', signal,
    }),
    // The requests cut off are in the journal as attempts: the resume reads them back first.
    onSecond: (signal) => out.note(`\n${lead(signal)}Aborting the requests in flight: the resume checks them first (${again(signal)} to quit at once)…`, {
      type: 'aborting', message: 'aborting the requests in flight: the resume checks them first', signal,
    }),
    onLater: (signal) => {
      interrupted('\nQuit at once: the journal may lack the last requests.', 'quit at once', signal);
      io.exit(signalExitCode(interrupts.interrupted() ?? signal));
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
    ...(args.maxCalls === undefined && !state ? {} : { maxCalls: tighterCaps(args.maxCalls, state?.data.left) }),
  }).finally(() => {
    interrupts.dispose();
    progress.finish();
  });

  // The first signal names the stop and chooses the exit code, whichever came after it.
  const stopped = (signal: StopSignal, aborted: boolean) => {
    const by = signalName(signal);
    if (aborted) {
      const message = `aborted by ${by}: the journal marks the requests cut off, which the resume checks first`;
      interrupted(`Aborted by ${by}; progress is in ${journal}, and the requests cut off are checked first.`, message, signal);
    } else {
      interrupted(`Stopped by ${by}; progress is in ${journal}.`, `stopped by ${by}`, signal);
    }
    return signalExitCode(signal);
  };
  const signal = interrupts.interrupted();
  const booked = state && (await state.data.finish(result.ok ? result.data : undefined, sync.callsUsed, Date.now()));
  if (booked?.ok) out.note(booked.data.text, booked.data.event);
  if (booked && !booked.ok) return fail(booked.error);
  if (!result.ok) return signal && result.error.kind === 'aborted' ? stopped(signal, true) : fail(inTermsOfTheEnvironment(result.error, args.plan));
  const report = result.data;
  // Each outcome went out as it ended: the summary is the last event.
  if (out.json) out.emit(applyEvent(report, journal));
  else out.print(renderApplyReport(report, out.paint));
  const ledger = booked?.ok ? booked.data.text : undefined;
  const summary = args.summaryMd === undefined ? undefined : await writeSummary(args.summaryMd, plan, report, ledger);
  if (summary && !summary.ok) return fail(summary.error);
  // Only what is fully in place: records with a problem or a change not applied stay due.
  const snapshot = args.snapshot === undefined || report.dryRun ? undefined : await writeSnapshotFile(args.snapshot, recordSnapshot(plan, report));
  if (snapshot && !snapshot.ok) return fail(snapshot.error);
  if ((report.aborted || report.stopped) && signal) return stopped(signal, report.aborted);
  return applyExitCode(report, signal);
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
