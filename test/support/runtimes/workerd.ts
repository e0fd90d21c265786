// Serves Worker modules with workerd, the runtime of Cloudflare Workers, from a Cap'n Proto config
// written for the run: each Worker on its own loopback socket (port chosen by the system, reported
// on workerd's control fd), with text bindings as its `env`, its compatibility flags, and outbound
// fetches allowed to loopback only (where the fake is).
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Readable } from 'node:stream';

/** A Worker to serve: its bundled module and its text bindings. */
export interface WorkerSpec {
  /** Names the Worker and its socket. */
  readonly name: string;
  /** The bundled ES module, in the config's folder. */
  readonly module: string;
  readonly bindings?: Readonly<Record<string, string>>;
  /** Compatibility flags, e.g. `no_nodejs_compat_v2`. */
  readonly flags?: readonly string[];
}

/** A running workerd. */
export interface Workerd {
  /** Each Worker's origin, e.g. `http://127.0.0.1:38115`, by name. */
  readonly urls: Readonly<Record<string, string>>;
  /** Everything workerd wrote to standard error so far. */
  stderr(): string;
  /** Stops workerd and waits until it has exited. */
  stop(): Promise<void>;
}

/**
 * A fixed compatibility date keeps the behaviour pinned. From dates in 2026-09 on, workerd turns Node.js
 * compatibility on by default (`process`, `node:fs` on an in-memory file system); the flag
 * `no_nodejs_compat_v2` turns it off.
 */
export const COMPATIBILITY_DATE = '2026-11-01';

/** The text of a Cap'n Proto config serving `workers`. */
export function workerdConfig(workers: readonly WorkerSpec[]): string {
  const services = workers.map(({ name }) => `(name = ${JSON.stringify(name)}, worker = .${name})`);
  const sockets = workers.map(({ name }) => `(name = ${JSON.stringify(name)}, address = "127.0.0.1:0", http = (), service = ${JSON.stringify(name)})`);
  const definitions = workers.map(({ name, module, bindings = {}, flags = [] }) => {
    const texts = Object.entries(bindings).map(([key, value]) => `(name = ${JSON.stringify(key)}, text = ${JSON.stringify(value)})`);
    return `const ${name} :Workerd.Worker = (
  modules = [(name = ${JSON.stringify(basename(module))}, esModule = embed ${JSON.stringify(basename(module))})],
  compatibilityDate = ${JSON.stringify(COMPATIBILITY_DATE)},
  compatibilityFlags = [${flags.map((flag) => JSON.stringify(flag)).join(', ')}],
  globalOutbound = "loopback",
  bindings = [${texts.join(', ')}],
);`;
  });
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [${[...services, '(name = "loopback", network = (allow = ["local"]))'].join(', ')}],
  sockets = [${sockets.join(', ')}],
);
${definitions.join('\n')}
`;
}

/** Reads workerd's control fd until every socket has reported its port. */
function listenPorts(control: Readable, names: readonly string[], child: ChildProcess, stderr: () => string): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    const urls: Record<string, string> = {};
    let buffered = '';
    control.setEncoding('utf8').on('data', (text: string) => {
      buffered += text;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const event = JSON.parse(line) as { event?: string; socket?: string; port?: number };
        if (event.event === 'listen' && event.socket) urls[event.socket] = `http://127.0.0.1:${event.port}`;
      }
      if (names.every((name) => urls[name])) resolve(urls);
    });
    child.once('exit', (code, signal) => reject(new Error(`workerd exited (${code ?? signal}) before listening:\n${stderr()}`)));
  });
}

/** Writes the config into `dir` (beside the modules) and serves the Workers. */
export async function startWorkerd(binary: string, dir: string, workers: readonly WorkerSpec[]): Promise<Workerd> {
  const config = join(dir, 'workerd.capnp');
  await writeFile(config, workerdConfig(workers));
  const child = spawn(binary, ['serve', config, 'config', '--control-fd=3'], { cwd: dir, env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    const urls = await listenPorts(child.stdio[3] as Readable, workers.map(({ name }) => name), child, () => stderr);
    return { urls, stderr: () => stderr, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
