// The command that resumes an interrupted apply: as an argv array and as a line for a shell.
import type { ApplyCommand } from './args.js';
import { shellWord } from './shell-word.js';

/** The resume command, both ways. */
export interface ResumeCommand {
  /** The program and its arguments, for `execFile` or a job runner: no quoting to undo. */
  readonly argv: readonly string[];
  /** The same command shell-quoted, to paste into a terminal. */
  readonly line: string;
}

/**
 * The same plan and journal, with the limits and choices the run was given: a resume checks the
 * limits again (the removal cap counts the plan's removals), so without them it could be refused,
 * and it writes the same snapshot and treats missing DX users the same way.
 */
export function resumeCommand(args: ApplyCommand, journal: string): ResumeCommand {
  const argv = ['user-attributes-sdk', 'apply', args.plan, '--journal', journal];
  if (args.maxRemovals !== undefined) argv.push('--max-removals', String(args.maxRemovals));
  const { looker, dx } = args.maxCalls ?? {};
  if (looker !== undefined && looker === dx) argv.push('--max-calls', String(looker));
  else {
    if (looker !== undefined) argv.push('--max-calls', `looker=${looker}`);
    if (dx !== undefined) argv.push('--max-calls', `dx=${dx}`);
  }
  if (args.snapshot !== undefined) argv.push('--snapshot', args.snapshot);
  if (args.summaryMd !== undefined) argv.push('--summary-md', args.summaryMd);
  if (args.allowMissingDxUsers) argv.push('--allow-missing-dx-users');
  if (args.state) argv.push('--state', args.state.dir);
  return { argv, line: argv.map(shellWord).join(' ') };
}
