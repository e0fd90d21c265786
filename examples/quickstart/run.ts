import { runCliTour } from './cli-tour.js';
import { readRealServices } from './config.js';
import { runFakeTour } from './fake-tour.js';
import { runRealTour } from './real-tour.js';
import type { Print } from './steps.js';

/**
 * Runs the quickstart: against the real services when their credentials are in `env`, else
 * against the built-in fake, then the command line against a fake of its own. Resolves to the
 * process exit code.
 */
export async function runQuickstart(env: Readonly<Record<string, string | undefined>>, print: Print): Promise<number> {
  const real = readRealServices(env);
  if (real) return (await runRealTour(real, print)) ? 0 : 1;
  const tour = await runFakeTour(print);
  const cli = await runCliTour(print);
  return tour && cli ? 0 : 1;
}
