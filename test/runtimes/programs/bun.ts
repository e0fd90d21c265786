// The Bun program: `bun run bun.ts CONFIG_JSON` runs the checks, prints their summary as one JSON
// line and exits 1 when one failed.
import { runChecks, type CheckConfig } from './checks.js';

const summary = await runChecks(JSON.parse(process.argv[2] ?? '') as CheckConfig);
console.log(JSON.stringify(summary));
process.exit(summary.checks.every((check) => check.ok) ? 0 : 1);
