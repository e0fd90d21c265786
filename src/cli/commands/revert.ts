// `revert`: reads an applied plan and its journal, asks the sync library for the plan that puts
// back what it replaced, prints it and saves it with --out. Sends nothing.
import type { RevertCommand } from '../args.js';
import { ExitCode } from '../exit-codes.js';
import { writeFileAtomically } from '../file-output.js';
import type { CliIo } from '../io.js';
import { defaultJournal, readPlanFile } from '../plan-file.js';
import { revertEvents, renderRevert } from '../render-revert.js';
import { createSync } from '../sync.js';
import { createOutput } from '../output.js';

/** Runs `revert`; resolves to the exit code. */
export async function runRevert(args: RevertCommand, io: CliIo): Promise<ExitCode> {
  const out = createOutput(io, args);
  const fail = (error: { kind: string; message: string }, details?: readonly string[]) => {
    out.error(error, details);
    return ExitCode.error;
  };
  const planFile = await readPlanFile(args.plan, io.stdin);
  if (!planFile.ok) return fail(planFile.error, planFile.error.details);
  const journal = args.journal ?? defaultJournal(args.plan);
  // No client: a revert plan is made from the plan and its journal alone.
  const revert = await createSync({}).revert(planFile.data, journal);
  if (!revert.ok) {
    const message = revert.error.kind === 'journal_mismatch' ? `${journal}: ${revert.error.message}` : revert.error.message;
    return fail({ kind: revert.error.kind, message });
  }
  const plan = revert.data;
  if (args.out !== undefined) {
    const saved = await writeFileAtomically(args.out, `${JSON.stringify(plan, null, 2)}\n`, 'the revert plan');
    if (!saved.ok) return fail(saved.error);
  }
  if (out.json) for (const event of revertEvents(plan, args.out)) out.emit(event);
  else out.print(renderRevert(plan, args.out, out.paint));
  return ExitCode.ok;
}
