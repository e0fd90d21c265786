// Runs one command line: help, version and usage errors here, plan and apply in commands/.
import { VERSION } from '../version.js';
import { parseCommandLine } from './args.js';
import { runApply } from './commands/apply.js';
import { runPlan } from './commands/plan.js';
import { runRevert } from './commands/revert.js';
import { ExitCode } from './exit-codes.js';
import { helpText } from './help.js';
import type { CliIo } from './io.js';
import { plain } from './terminal-text.js';

/** Runs the command `io.argv` names; resolves to the exit code. */
export async function runCli(io: CliIo): Promise<ExitCode> {
  const parsed = parseCommandLine(io.argv);
  if (!parsed.ok) {
    const topic = io.argv[0] === 'plan' || io.argv[0] === 'apply' || io.argv[0] === 'revert' ? ` ${io.argv[0]}` : '';
    io.stderr.write(`error: ${plain(parsed.error.message)} (see: user-attributes-sdk${topic} --help)\n`);
    return ExitCode.error;
  }
  const command = parsed.data;
  switch (command.command) {
    case 'help':
      io.stdout.write(helpText(command.topic));
      return ExitCode.ok;
    case 'version':
      io.stdout.write(`${VERSION}\n`);
      return ExitCode.ok;
    case 'plan':
      return runPlan(command, io);
    case 'apply':
      return runApply(command, io);
    case 'revert':
      return runRevert(command, io);
  }
}
