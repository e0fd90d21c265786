// Runs one command line: help, version and usage errors here, plan and apply in commands/.
import { VERSION } from '../version.js';
import { parseCommandLine } from './args.js';
import { ExitCode } from './exit-codes.js';
import { helpText } from './help.js';
import type { CliIo } from './io.js';
import { plain } from './terminal-text.js';

/** Runs the command `io.argv` names; resolves to the exit code. */
export async function runCli(io: CliIo): Promise<ExitCode> {
  const parsed = parseCommandLine(io.argv);
  if (!parsed.ok) {
    const topic = ['plan', 'apply', 'history', 'revert'].includes(io.argv[0] ?? '') ? ` ${io.argv[0]}` : '';
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
    // Each command's code (the sync, the clients, csv-parse) loads only when that command runs, so
    // that --help and --version start as fast as node itself.
    case 'plan':
      return (await import('./commands/plan.js')).runPlan(command, io);
    case 'apply':
      return (await import('./commands/apply.js')).runApply(command, io);
    case 'history':
      return (await import('./commands/history.js')).runHistory(command, io);
    case 'revert':
      return (await import('./commands/revert.js')).runRevert(command, io);
  }
}
