// What every command does first: its output, its way out on an error, and the services the environment sets up.
import { readServiceEnv } from '../env.js';
import { ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { createOutput } from '../output.js';

/** The command's output, `fail` (prints an error, gives exit 1) and the environment's services, each skipped one noted. */
export function startCommand(io: CliIo, flags: { readonly json: boolean; readonly noColor: boolean }) {
  const out = createOutput(io, flags);
  const fail = (error: { kind: string; message: string }, details?: readonly string[]) => {
    out.error(error, details);
    return ExitCode.error;
  };
  const env = readServiceEnv(io.env);
  if (env.ok) for (const { service, message } of env.data.skipped) out.note(message, { type: 'skipped', service, message });
  return { out, fail, env };
}
