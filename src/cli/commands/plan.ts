// `plan`: checks the input, asks the sync library for the plan (showing its progress), prints it
// and saves it with --out.
import type { PlanCommand } from '../args.js';
import { createClients } from '../clients.js';
import { plannedWrites, planExitCode, signalExitCode, type ExitCode } from '../exit-codes.js';
import { writeFileAtomically } from '../file-output.js';
import { writeSummary } from '../summary-file.js';
import type { CliIo } from '../io.js';
import { mappingIssueLines, readMappingFile } from '../mapping-file.js';
import type { Output } from '../output.js';
import { createPlanProgressBar, throttledProgress, type ProgressBar } from '../progress.js';
import { planEvents, progressEvent } from '../render-json.js';
import { comparedNothing, renderPlan } from '../render-plan.js';
import { handleInterrupts, signalName } from '../signals.js';
import { shellWord } from '../shell-word.js';
import { readSnapshotFile } from '../snapshot-file.js';
import { openRecords } from '../input-stream.js';
import { startPlanState } from '../state-run.js';
import { createSync, parseMapping, type PlanProgress, type SyncError, type SyncPlan } from '../sync.js';
import { painter, wantsColour } from '../terminal-text.js';
import { startCommand } from './start.js';

/** Runs `plan`; resolves to the exit code. Everything local is checked before the first request. */
export async function runPlan(args: PlanCommand, io: CliIo): Promise<ExitCode> {
  const { out, fail, env } = startCommand(io, args);
  if (!env.ok) return fail(env.error);

  const mappingFile = await readMappingFile(args.map, io.stdin);
  if (!mappingFile.ok) return fail(mappingFile.error);
  const previous = args.previous === undefined ? undefined : await readSnapshotFile(args.previous, io.stdin);
  if (previous && !previous.ok) return fail(previous.error);
  const clients = createClients(env.data);
  if (!clients.ok) return fail(clients.error);

  const mapping = parseMapping(mappingFile.data.value);
  if (!mapping.ok) return fail(mapping.error, mappingIssueLines(args.map, mapping.error, mappingFile.data.locate));
  // Only a desired state of definitions and group values alone reads no records.
  const mapsFields = Object.keys(mapping.data.fields).length > 0;
  if (args.input === undefined && mapsFields) return fail({ kind: 'usage', message: 'plan needs --input FILE: a CSV, JSON or NDJSON file, or - for standard input' });
  const records = args.input === undefined ? { ok: true as const, data: [], count: 0 } : await openRecords(args.input, io.stdin);
  if (!records.ok) return fail(records.error);
  const sync = createSync({ ...clients.data, mapping: mapping.data });
  // The state (--state): held until the plan's calls are booked; it gives the snapshot unless a full check is due.
  // The mapping's monthlyBudget, unless --monthly-budget names the service.
  const stateOptions = args.state && { ...args.state, monthlyBudget: { ...mapping.data.monthlyBudget, ...args.state.monthlyBudget } };
  const state = stateOptions === undefined ? undefined : await startPlanState(stateOptions, args.map, clients.data, args.fullDriftCheck, Date.now());
  if (state && !state.ok) {
    await records.close?.();
    return fail(state.error);
  }
  if (state) out.note(state.data.notice.text, state.data.notice.event);

  const interrupts = handleInterrupts(io.signals, { onSecond: (signal) => io.exit(signalExitCode(interrupts.interrupted() ?? signal)) });
  const progress = planProgress(out, io, args.noColor);
  const result = await sync.plan(records.data, {
    ...(previous ? { previous: previous.data } : state?.data.previous ? { previous: state.data.previous } : {}),
    fullDriftCheck: args.fullDriftCheck,
    ...(args.targets && { targets: args.targets }),
    ...(records.columns && { columns: records.columns }),
    ...(records.count !== undefined && { recordCount: records.count }),
    // A plan writes nothing, so nothing in flight is worth waiting for: the first signal ends it.
    signal: interrupts.stop,
    onProgress: (report) => progress?.update(report),
  }).finally(async () => {
    interrupts.dispose();
    progress?.finish();
    await records.close?.();
  });
  const signal = interrupts.interrupted();
  const booked = state && (await state.data.finish(result.ok && !signal ? result.data : undefined, sync.callsUsed, Date.now()));
  if (booked?.ok) out.note(booked.data.text, booked.data.event);
  if (signal) {
    const message = `stopped by ${signalName(signal)}: no plan was made`;
    out.note(`Stopped by ${signalName(signal)}: no plan was made.`, { type: 'interrupted', message, signal });
    return signalExitCode(signal);
  }
  if (!result.ok) return fail(named(result.error));
  if (booked && !booked.ok) return fail(booked.error);
  const plan = result.data;
  const ledger = booked?.ok ? booked.data.text : undefined;
  const summary = args.summaryMd === undefined ? undefined : await writeSummary(args.summaryMd, plan, undefined, ledger);
  if (summary && !summary.ok) return fail(summary.error);
  // A plan that compared nothing holds no change, yet nothing is known to match: an error, not "No changes".
  if (comparedNothing(plan)) {
    report(out, plan, undefined);
    const message = plan.partial && plan.partial.unmatched.length === plan.partial.targets.length
      ? `no record names a --target (${plan.partial.unmatched.join(', ')}): nothing was compared`
      : plan.summary.records + plan.summary.problems === 0
        ? 'the input has no records: nothing was compared'
        : `every record is a problem (${plan.summary.problems} listed): nothing was compared`;
    return fail({ kind: 'nothing_compared', message });
  }

  if (args.out !== undefined) {
    const saved = await writeFileAtomically(args.out, `${JSON.stringify(plan, null, 2)}\n`, 'the plan');
    if (!saved.ok) return fail(saved.error);
  }
  report(out, plan, args.out);
  return planExitCode(plan, args.detailedExitcode);
}

/**
 * A long plan is not silent: in JSON mode a progress event at most once a second; in text mode a
 * bar on standard error when it is a terminal (standard output holds the plan), erased once made.
 */
function planProgress(out: Output, io: CliIo, noColor: boolean): ProgressBar<PlanProgress> | undefined {
  if (out.json) return throttledProgress((report: PlanProgress) => out.emit(progressEvent(report)), io.now, () => 'plan');
  if (io.stderr.isTTY !== true) return undefined;
  return createPlanProgressBar({ write: (text) => io.stderr.write(text), now: io.now, paint: painter(wantsColour(io.stderr, io.env, noColor)) });
}

function report(out: Output, plan: SyncPlan, saved: string | undefined): void {
  if (out.json) {
    for (const event of planEvents(plan, saved)) out.emit(event);
    return;
  }
  out.print(renderPlan(plan, out.paint));
  if (plannedWrites(plan) === 0) return;
  out.print(saved === undefined
    ? '\nThe plan was not saved: run again with --out plan.json to apply it.\n'
    : `\nSaved the plan to ${saved}. To apply it: user-attributes-sdk apply ${shellWord(saved)}\n`);
}

const VARIABLES = { looker: 'LOOKER_BASE_URL, LOOKER_CLIENT_ID and LOOKER_CLIENT_SECRET', dx: 'DX_API_TOKEN' } as const;

// A client error while resolving names says which service refused (the library's `service`); a
// mapping whose services are all skipped names the variables that would set them up.
function named(error: SyncError): { kind: string; message: string } {
  if (error.kind === 'no_service' && 'services' in error) {
    const names = error.services.map((service) => (service === 'looker' ? 'Looker' : 'DX')).join(' and ');
    const set = error.services.map((service) => VARIABLES[service]).join(', and ');
    return { kind: error.kind, message: `nothing to compare: the mapping writes only to ${names}, which the environment skips (set ${set})` };
  }
  if (!('service' in error)) return error;
  return { kind: error.kind, message: `${error.service === 'looker' ? 'Looker' : 'DX'}: ${error.message}` };
}
