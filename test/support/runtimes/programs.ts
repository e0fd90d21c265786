// The runtime programs (test/runtimes/programs/, and the README's Worker example) made ready to run
// from the packed package: each TypeScript file transpiled one to one to JavaScript (types
// stripped, imports kept) into a folder whose node_modules is the package's install, so that Bun
// and Deno load the package as users do; a Worker bundled by esbuild for workerd, as a Worker's
// build does (a Node-only import fails it). Each program runs as a child process with a deadline.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { build, transform } from 'esbuild';
import { installedPackage } from '../packed.js';

const root = new URL('../../..', import.meta.url).pathname;
const sources = [
  ...['checks', 'bun', 'deno', 'worker'].map((name) => `test/runtimes/programs/${name}.ts`),
  'examples/worker.ts',
];

/** Writes the programs as JavaScript into a new folder beside the installed package; resolves to it. */
export async function preparePrograms(): Promise<string> {
  const project = await installedPackage();
  const dir = await mkdtemp(join(tmpdir(), 'uas-runtimes-'));
  await symlink(join(project, 'node_modules'), join(dir, 'node_modules'), 'dir');
  await writeFile(join(dir, 'package.json'), JSON.stringify({ private: true, type: 'module' }));
  for (const source of sources) {
    const { code } = await transform(await readFile(join(root, source), 'utf8'), { loader: 'ts', format: 'esm', target: 'es2022' });
    // examples/worker.ts becomes example-worker.js.
    const name = source.startsWith('examples/') ? `example-${basename(source, '.ts')}.js` : `${basename(source, '.ts')}.js`;
    await writeFile(join(dir, name), code);
  }
  return dir;
}

/** Bundles the Worker module `file` of `dir` for workerd (the `workerd`, `worker` and `browser` conditions); resolves to the bundle's path. */
export async function bundleWorker(dir: string, file: string): Promise<string> {
  const outfile = join(dir, `${basename(file, '.js')}.bundle.js`);
  await build({
    absWorkingDir: dir,
    entryPoints: [join(dir, file)],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['workerd', 'worker', 'browser'],
    target: 'es2022',
    logLevel: 'silent',
  });
  return outfile;
}

/** How a program run ended. */
export interface ProgramRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `file` with `args` in `cwd` and the given environment (nothing else inherited), killed after `deadlineMs`. */
export function runProgram(
  file: string,
  args: readonly string[],
  options: { readonly cwd: string; readonly env: Record<string, string>; readonly deadlineMs: number },
): Promise<ProgramRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), options.deadlineMs);
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
