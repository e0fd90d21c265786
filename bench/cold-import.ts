// Cold import: a fresh `node` process per sample (no tsx loader, no warm module cache), timed
// from the process's own start (`performance.timeOrigin`) to the moment the import resolved.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { median, shuffled } from './measure.js';

const run = promisify(execFile);

export interface ImportTarget<K extends string> {
  readonly key: K;
  /** What `import()` loads in the fresh process. */
  readonly specifier: string;
}

export interface ColdImport {
  readonly specifier: string;
  /** Median time from process start to the import resolved. */
  readonly medianStartToImportedMs: number;
  /** Median time of the `import()` alone (after Node's own start-up). */
  readonly medianImportOnlyMs: number;
  readonly samples: readonly { readonly startToImportedMs: number; readonly importOnlyMs: number }[];
}

// Runs as an ES module, like the consumers of an ESM package; prints [before import, after import]
// in milliseconds since the process started.
const PROBE =
  'const t0 = performance.now(); await import(process.argv[1]); const t1 = performance.now(); process.stdout.write(JSON.stringify([t0, t1]));';

async function probe(specifier: string, cwd: string): Promise<{ startToImportedMs: number; importOnlyMs: number }> {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', PROBE, specifier], {
    cwd,
    env: { PATH: process.env.PATH ?? '' },
  });
  const [before, after] = JSON.parse(stdout) as [number, number];
  return { startToImportedMs: after, importOnlyMs: after - before };
}

/**
 * Imports each target `samples` times, one process at a time, the targets shuffled in every round.
 * `cwd` must be the package root so that the package can import itself by name.
 */
export async function measureColdImports<K extends string>(
  targets: readonly ImportTarget<K>[],
  samples: number,
  cwd: string,
): Promise<Map<K, ColdImport>> {
  const collected = new Map<K, { startToImportedMs: number; importOnlyMs: number }[]>(targets.map((t) => [t.key, []]));
  // One unrecorded round first, so that every file is in the OS page cache for all of them alike.
  for (const target of targets) await probe(target.specifier, cwd);
  for (let round = 0; round < samples; round++) {
    for (const target of shuffled(targets)) collected.get(target.key)!.push(await probe(target.specifier, cwd));
  }
  return new Map(
    targets.map((target) => {
      const all = collected.get(target.key)!;
      return [
        target.key,
        {
          specifier: target.specifier,
          medianStartToImportedMs: median(all.map((s) => s.startToImportedMs)),
          medianImportOnlyMs: median(all.map((s) => s.importOnlyMs)),
          samples: all,
        },
      ];
    }),
  );
}
