// `history`: the applies a state folder recorded (counts, outcomes, calls; never a value), the
// month's calls against its budget, and with --chart an SVG of them.
import { ExitCode } from '../exit-codes.js';
import { writeFileAtomically } from '../file-output.js';
import { historyChartSvg } from '../history-chart.js';
import type { CliIo } from '../io.js';
import { createOutput } from '../output.js';
import type { HistoryCommand } from '../state-args.js';
import { ledgerNotice } from '../state-run.js';
import { createFileState, readState, type StateRun } from '../sync.js';

const calls = (run: StateRun, service: 'looker' | 'dx') => run.calls.plan[service] + run.calls.apply[service];

function runLine(run: StateRun): string {
  const when = `${run.at.slice(0, 16).replace('T', ' ')}Z`;
  const check = run.dryRun ? 'dry run' : run.partial ? 'partial' : run.fullCheck ? 'full' : 'incremental';
  const end = run.aborted ? ', aborted' : run.stopped ? ', stopped' : '';
  const counts = `${run.applied} applied, ${run.failed} failed, ${run.conflict} conflict, ${run.skipped} skipped of ${run.planned}${end}`;
  return `${when}  ${check.padEnd(11)}  ${counts}; calls Looker ${calls(run, 'looker')}, DX ${calls(run, 'dx')}  (plan ${run.planId})`;
}

/** Runs `history`; resolves to the exit code. */
export async function runHistory(args: HistoryCommand, io: CliIo): Promise<ExitCode> {
  const out = createOutput(io, args);
  const read = await readState(createFileState(args.state));
  if (!read.ok) {
    out.error(read.error);
    return ExitCode.error;
  }
  const state = read.data;
  if (!state) {
    out.error({ kind: 'no_state', message: `${args.state} holds no state yet: plan and apply with --state ${args.state} record one` });
    return ExitCode.error;
  }
  if (args.chart !== undefined) {
    const written = await writeFileAtomically(args.chart, historyChartSvg(state), 'the chart');
    if (!written.ok) {
      out.error(written.error);
      return ExitCode.error;
    }
  }
  const month = ledgerNotice(state, Date.now(), { looker: 0, dx: 0 });
  if (out.json) {
    for (const run of state.runs) out.emit({ type: 'run', ...run });
    const { type: _type, ...ledger } = month.event;
    out.emit({ type: 'history', state: args.state, desiredState: state.desiredState, services: state.services, runs: state.runs.length,
      lastFullCheck: state.lastFullCheck, ledger: state.ledger, thisMonth: ledger, ...(args.chart !== undefined && { chart: args.chart }) });
    return ExitCode.ok;
  }
  const lines = state.runs.length === 0 ? ['No apply recorded yet.'] : state.runs.map(runLine);
  const full = state.lastFullCheck ? `last full drift check planned ${state.lastFullCheck}` : 'no full drift check recorded';
  const thisMonth = month.text.replace(/; this run: 0/g, '');
  const chart = args.chart === undefined ? '' : `Chart written to ${args.chart}.\n`;
  out.print(`Runs of ${state.desiredState} (${args.state}), oldest first:\n${lines.join('\n')}\n\n${thisMonth}\n${full}.\n${chart}`);
  return ExitCode.ok;
}
