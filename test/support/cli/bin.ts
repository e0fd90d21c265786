// Runs the real `user-attributes-sdk` bin as users get it: from the packed package installed into a
// throw-away project (../packed.ts), run with child_process, in a pipe or in a pseudo-terminal.
//
// The pseudo-terminal is util-linux `script` (script -qfec CMD /dev/null): a real pty with no native
// addon to build, and present wherever util-linux is (python3's pty module would need python3 too).
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { FakeServices } from '../../../src/testing/index.js';
import { installedPackage } from '../packed.js';

const root = new URL('../../..', import.meta.url).pathname;

/** What one run of the bin did. */
export interface BinRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** How to run the bin: environment (nothing else is inherited but PATH), standard input, folder. */
export interface BinOptions {
  readonly env?: Record<string, string>;
  readonly stdin?: string;
  readonly cwd?: string;
  /** In a terminal only: shell text after the command, e.g. `| cat` or `> out.ndjson`. */
  readonly redirect?: string;
  /**
   * Called with each chunk of stdout as it arrives, with the child: e.g. to send SIGINT mid-run, or
   * to close the pipe's reading end as `| head` does once it has its lines.
   */
  readonly onStdout?: (text: string, child: { kill(signal: NodeJS.Signals): boolean; closeStdout(): void }) => void;
}

/** Installs the packed package once per tarball (see ../packed.ts) and resolves to its bin. */
export async function installedBin(): Promise<string> {
  return join(await installedPackage(), 'node_modules/.bin/user-attributes-sdk');
}

/** The environment a run gets: PATH (for `#!/usr/bin/env node`) and what the test gives. */
function environment(env: Record<string, string> | undefined): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env };
}

/** Runs the bin with `args` in pipes: standard output is not a terminal. */
export async function runBin(args: readonly string[], options: BinOptions = {}): Promise<BinRun> {
  return spawnAndCollect(await installedBin(), args, options);
}

/**
 * Runs a `sh -c` script in pipes, `args` as `$1`…, with the installed bin first on the PATH as
 * `user-attributes-sdk`: a script as cron runs it.
 */
export async function runShell(script: string, args: readonly string[], options: BinOptions = {}): Promise<BinRun> {
  const path = `${dirname(await installedBin())}:${process.env.PATH ?? '/usr/bin:/bin'}`;
  return spawnAndCollect('sh', ['-c', script, 'sh', ...args], { ...options, env: { ...options.env, PATH: path } });
}

/** Runs the bin in a pseudo-terminal: standard input and output are a terminal (output has \r\n). */
export async function runBinInTerminal(args: readonly string[], options: BinOptions = {}): Promise<BinRun> {
  const command = [[await installedBin(), ...args].map(shellQuote).join(' '), options.redirect].filter(Boolean).join(' ');
  return spawnAndCollect('script', ['-qfec', command, '/dev/null'], { ...options, env: { TERM: 'xterm-256color', ...options.env } });
}

function spawnAndCollect(file: string, args: readonly string[], options: BinOptions): Promise<BinRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env: environment(options.env), cwd: options.cwd ?? root, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    const handle = { kill: (signal: NodeJS.Signals) => child.kill(signal), closeStdout: () => child.stdout.destroy() };
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
      options.onStdout?.(text, handle);
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('error', reject);
    // A child that exits before reading its input (a usage error) closes the pipe: not a failure here.
    child.stdin.on('error', () => {});
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}

function shellQuote(word: string): string {
  return /^[\w./:=@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The JSON lines of an output. */
export function jsonLines(text: string): Record<string, unknown>[] {
  return text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Writes `files` (name → text) into a new temp folder and resolves to it; remove it with `rm`. */
export async function scratch(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'uas-cli-files-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

/** The variables that point the bin at a fake server, with fresh credentials; `secrets` to look for in every output. */
export function kitEnvironment(server: { readonly url: string; readonly fake: FakeServices }): { env: Record<string, string>; secrets: string[] } {
  const credentials = server.fake.looker.createApiCredentials();
  const token = server.fake.dx.createToken();
  return {
    env: {
      LOOKER_BASE_URL: server.url,
      LOOKER_CLIENT_ID: credentials.clientId,
      LOOKER_CLIENT_SECRET: credentials.clientSecret,
      DX_BASE_URL: server.url,
      DX_API_TOKEN: token,
    },
    secrets: [credentials.clientSecret, token],
  };
}
