// Runs the scale benchmark: the generated services in one child process, the plan in another.
import { fork, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { ScaleResult } from './scale.js';

// The planning process runs bundled JavaScript under plain node, as a user's job would: the
// TypeScript loader alone would add some 30 MiB to its resident set.
const BUNDLE = fileURLToPath(new URL('./.scale-bundle.mjs', import.meta.url));
const SNAPSHOT = fileURLToPath(new URL('./.scale-snapshot.json', import.meta.url));

function once<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    child.once('message', (message) => resolve(message as T));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${String(child.spawnargs.at(-1))} exited with code ${code}`)));
  });
}

/** How a scale run plans: its records (all users' by default), incremental or not, paced or not, how it finds Looker users. */
export interface ScaleOptions {
  readonly records?: number;
  /** With last night's snapshot as `previous` (the default), or a full plan. */
  readonly incremental?: boolean;
  /** At the sync's default paces rather than with the lanes wide open. */
  readonly paced?: boolean;
  readonly lookerUsers?: 'auto' | 'listing' | 'lookups';
}

/** The scale run's result, with `users` users in both services and as many records. */
export async function measureScale(users: number, options: ScaleOptions = {}): Promise<ScaleResult> {
  return (await measureScaleRuns(users, options, [undefined]))[0] as ScaleResult;
}

/**
 * The measured plan run once per heap cap (`--max-old-space-size` in MiB; undefined: node's own
 * limit), on the same services and last night's snapshot.
 */
export async function measureScaleRuns(users: number, options: ScaleOptions, heapCapsMiB: readonly (number | undefined)[]): Promise<ScaleResult[]> {
  const env = {
    ...process.env,
    SCALE_USERS: String(users),
    ...(options.records !== undefined && { SCALE_RECORDS: String(options.records) }),
    ...(options.paced && { SCALE_PACED: '1' }),
    ...(options.lookerUsers && { SCALE_LOOKER_USERS: options.lookerUsers }),
  };
  const incremental = options.incremental ?? true;
  const services = fork(new URL('./scale-server.ts', import.meta.url), { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    const { url } = await once<{ url: string }>(services);
    await build({
      entryPoints: [fileURLToPath(new URL('./scale.ts', import.meta.url))], bundle: true, platform: 'node', format: 'esm',
      external: ['user-attributes-sdk'], outfile: BUNDLE, logLevel: 'warning',
    });
    const run = <T>(extra: Record<string, string>, heapCapMiB?: number) => {
      const execArgv = heapCapMiB === undefined ? [] : [`--max-old-space-size=${heapCapMiB}`];
      return once<T>(fork(BUNDLE, { env: { ...env, SCALE_URL: url, ...extra }, execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
    };
    const measured = async (extra: Record<string, string>) => {
      const results: ScaleResult[] = [];
      for (const cap of heapCapsMiB) results.push({ ...(await run<ScaleResult>(extra, cap)), ...(cap !== undefined && { heapCapMiB: cap }) });
      return results;
    };
    if (!incremental) return await measured({});
    // Last night's plan in a process of its own, so that the measured one starts from its snapshot alone.
    await run<{ snapshot: string }>({ SCALE_SNAPSHOT_OUT: SNAPSHOT, SCALE_PACED: '', SCALE_RECORDS: String(users) });
    return await measured({ SCALE_SNAPSHOT: SNAPSHOT });
  } finally {
    await rm(BUNDLE, { force: true });
    await rm(SNAPSHOT, { force: true });
    services.removeAllListeners('exit');
    services.disconnect();
  }
}
