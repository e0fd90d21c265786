import { readRealServices } from './config.js';
import { runFakeTour } from './fake-tour.js';
import { runRealTour } from './real-tour.js';
import type { Print } from './steps.js';

/**
 * Runs the quickstart: against the real services when their credentials are in `env`, else
 * against the built-in fake. Resolves to the process exit code.
 */
export async function runQuickstart(env: Readonly<Record<string, string | undefined>>, print: Print): Promise<number> {
  const real = readRealServices(env);
  const ok = real ? await runRealTour(real, print) : await runFakeTour(print);
  return ok ? 0 : 1;
}
