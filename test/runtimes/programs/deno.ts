// The Deno program: `deno run --allow-net=HOST deno.ts CONFIG_JSON` runs the checks, prints their
// summary as one JSON line and exits 1 when one failed. Deno's own APIs, not Node's.
import { runChecks, type CheckConfig } from './checks.js';

declare const Deno: { readonly args: readonly string[]; exit(code: number): never };

const summary = await runChecks(JSON.parse(Deno.args[0] ?? '') as CheckConfig);
console.log(JSON.stringify(summary));
Deno.exit(summary.checks.every((check) => check.ok) ? 0 : 1);
