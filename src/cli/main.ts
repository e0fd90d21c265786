#!/usr/bin/env node
// The `user-attributes-sdk` command: connects runCli to this process.
import { guardOutput } from './closed-output.js';
import { runCli } from './run.js';

// Output closed under the command is dropped: a run that goes on cannot leave a write in doubt,
// and its journal and exit code still say how it ended. Said once on stderr (unless that is gone too).
const stderr = guardOutput(process.stderr, () => {});
const stdout = guardOutput(process.stdout, (code) => {
  stderr.write(`user-attributes-sdk: standard output is closed (${code}); the command goes on without printing, and its exit code says how it ends\n`);
});

runCli(
  {
    argv: process.argv.slice(2),
    env: process.env,
    stdin: process.stdin,
    stdout,
    stderr,
    now: () => performance.now(),
    signals: process,
    exit: (code) => process.exit(code),
    async ask(question, to) {
      const { createInterface } = await import('node:readline/promises');
      const prompt = createInterface({ input: process.stdin, output: to === 'stderr' ? process.stderr : process.stdout });
      // Ctrl-D or Ctrl-C closes it (the question rejects, or is left pending): no answer, so a cancel.
      const closed = new Promise<string>((resolve) => prompt.once('close', () => resolve('')));
      try {
        return await Promise.race([prompt.question(question).catch(() => ''), closed]);
      } finally {
        prompt.close();
      }
    },
  },
).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // A bug, not bad input: say so without a stack of internals, and fail.
    stderr.write(`error: unexpected failure: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
