// The sync's file I/O, all of it: every file the sync reads or writes goes through this module, and
// so does what its journal lock asks of the process (pid, host name, whether a process runs).
// Node's builtins are looked up only when a path is used, through `process.getBuiltinModule`
// (Node 20.16+, Bun, Deno, workerd with Node.js compatibility), never imported: so `/sync` bundles
// and loads where there is no file system (Workers without it), and a path given there fails with
// an error saying what to pass.

// Types only: erased from the build, they import nothing at run time.
import type * as fs from 'node:fs';
import type * as fsPromises from 'node:fs/promises';
import type * as os from 'node:os';

/** The Node builtins the sync's file I/O may take, by name: add one here before using it. */
interface Builtins {
  'node:fs/promises': typeof fsPromises;
  'node:fs': typeof fs;
  'node:os': typeof os;
}

/** The parts of the runtime's `process` this module uses; any of them may be missing. */
interface Host {
  readonly pid?: number;
  getBuiltinModule?: (id: string) => unknown;
  kill?: (pid: number, signal: number) => boolean;
  once?: (event: 'exit', listener: () => void) => unknown;
  off?: (event: 'exit', listener: () => void) => unknown;
}

const runtimeProcess = () => (globalThis as { process?: Host }).process;

/**
 * Node's builtin module `name`, from the runtime. Throws an `Error` saying that paths need a file
 * system where the runtime has none (Workers without Node compatibility).
 */
export function nodeBuiltin<Name extends keyof Builtins>(name: Name): Builtins[Name] {
  const found = runtimeProcess()?.getBuiltinModule?.(name);
  if (!found) {
    const where = 'file paths work on Node, Bun, Deno and Workers with Node.js compatibility; elsewhere pass a Journal object';
    throw new Error(`this runtime has no Node builtin ${name}, so no file system: ${where}`);
  }
  return found as Builtins[Name];
}

const codeOf = (error: unknown) => (error as { code?: unknown } | undefined)?.code;

/** The text of a UTF-8 file, or undefined when there is no such file. */
export async function readTextFile(path: string): Promise<string | undefined> {
  try {
    return await nodeBuiltin('node:fs/promises').readFile(path, 'utf8');
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return undefined;
    throw error;
  }
}

/** Creates `path` holding `text`, readable and writable by its owner only; fails (`EEXIST`) when it exists. */
export async function writeNewFile(path: string, text: string): Promise<void> {
  await nodeBuiltin('node:fs/promises').writeFile(path, text, { flag: 'wx', mode: 0o600 });
}

/** Gives the file `existing` the second name `path` at once, whole; fails (`EEXIST`) when `path` exists. */
export async function linkFile(existing: string, path: string): Promise<void> {
  await nodeBuiltin('node:fs/promises').link(existing, path);
}

/** Removes the file `path`. */
export async function removeFile(path: string): Promise<void> {
  await nodeBuiltin('node:fs/promises').unlink(path);
}

/** Removes the file `path` at once: for a process's exit, when nothing asynchronous runs any more. */
export function removeFileSync(path: string): void {
  nodeBuiltin('node:fs').unlinkSync(path);
}

/** Creates the folder `path` (owner-only) and the folders above it, when missing. */
export async function makeDirectory(path: string): Promise<void> {
  await nodeBuiltin('node:fs/promises').mkdir(path, { recursive: true, mode: 0o700 });
}

/**
 * Replaces `path` with `text` whole: written to a temporary file beside it, flushed, then renamed
 * into place, so that a reader (or a crash) sees the old file or the new one, never half of one.
 */
export async function replaceFile(path: string, text: string): Promise<void> {
  const promises = nodeBuiltin('node:fs/promises');
  const temporary = `${path}.${runtimeProcess()?.pid ?? 0}.${Math.random().toString(36).slice(2)}.tmp`;
  const handle = await promises.open(temporary, 'wx', 0o600);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.datasync();
  } finally {
    await handle.close();
  }
  try {
    await promises.rename(temporary, path);
  } catch (error) {
    await promises.unlink(temporary).catch(() => undefined);
    throw error;
  }
}

/** A file opened to append to (and to read), created when missing. */
export interface AppendOnlyFile {
  /** Appends `data` (text as UTF-8) and resolves once it is on disk (`fdatasync`). */
  append(data: string | Uint8Array): Promise<void>;
  /** The file's size in bytes. */
  size(): Promise<number>;
  /** At most `length` bytes from byte `position` on. */
  read(position: number, length: number): Promise<Uint8Array>;
  /** Cuts the file to its first `size` bytes, and resolves once that is on disk. */
  truncate(size: number): Promise<void>;
  /** Closes the file; appends after it fail. */
  close(): Promise<void>;
}

/** Opens `path` to append to and read, creating it when missing. */
export async function openForAppend(path: string): Promise<AppendOnlyFile> {
  const handle = await nodeBuiltin('node:fs/promises').open(path, 'a+');
  return {
    async append(data) {
      await handle.write(typeof data === 'string' ? new TextEncoder().encode(data) : data);
      await handle.datasync();
    },
    size: async () => (await handle.stat()).size,
    async read(position, length) {
      const bytes = new Uint8Array(length);
      const { bytesRead } = await handle.read(bytes, 0, length, position);
      return bytes.subarray(0, bytesRead);
    },
    async truncate(size) {
      await handle.truncate(size);
      await handle.datasync();
    },
    close: () => handle.close(),
  };
}

/** What the journal's lock asks of the process it runs in. */
export interface HostProcess {
  readonly pid: number;
  /** The host's name. Throws where the runtime will not tell (Deno without `--allow-sys=hostname`). */
  hostname(): string;
  /**
   * Whether process `pid` of this host runs. False only when the system says there is no such
   * process; true when it cannot tell (Deno without `--allow-run`, Workers), so that a lock whose
   * holder may live is never taken over.
   */
  isRunning(pid: number): boolean;
  /** Runs `listener` as the process exits, where the runtime says so; resolves to what cancels it. */
  onExit(listener: () => void): () => void;
}

/** The process the sync runs in. Throws, as `nodeBuiltin` does, where the runtime has no file system. */
export function hostProcess(): HostProcess {
  const builtins = nodeBuiltin('node:os');
  const host = runtimeProcess() as Host;
  return {
    pid: host.pid ?? 0,
    hostname: () => builtins.hostname(),
    isRunning(pid) {
      try {
        // Signal 0 tests for the process without touching it.
        host.kill?.(pid, 0);
        return true;
      } catch (error) {
        return codeOf(error) !== 'ESRCH';
      }
    },
    onExit(listener) {
      host.once?.('exit', listener);
      return () => void host.off?.('exit', listener);
    },
  };
}
