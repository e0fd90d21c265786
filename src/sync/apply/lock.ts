// An exclusive lock beside a file (a journal; any file a run must own alone): a lock file created
// atomically with who holds it (pid, host, since when), refused while that process lives, taken
// over once it is gone, released however the holder ends. And the same refusal within one process
// for objects (a memory journal).
import type { LockHolder } from '../model/errors.js';
import { hostProcess, linkFile, readTextFile, removeFile, removeFileSync, writeNewFile, type HostProcess } from '../files.js';

/** A lock that is held; `release` frees it (once; later calls do nothing). */
export interface Lock {
  release(): Promise<void>;
}

/** Why a lock was not taken: another holder (named when the lock file says who), or the file system refused. */
export interface LockRefusal {
  readonly held: boolean;
  readonly message: string;
  readonly holder?: LockHolder;
}

/** Seams for tests: the clock and whether a process of this host still runs. */
export interface LockOptions {
  readonly now?: () => number;
  readonly isRunning?: (pid: number) => boolean;
}

const code = (error: unknown) => (error as { code?: unknown } | undefined)?.code;
/** Why a file operation failed: its code (`EACCES`), else its message (a runtime with no file system, a permission Deno lacks). */
const why = (error: unknown) => {
  const found = code(error);
  return typeof found === 'string' ? found : error instanceof Error ? error.message : String(error);
};
// The text of a lock file, or undefined when it is gone or cannot be read.
const readLock = (path: string) => readTextFile(path).catch(() => undefined);

function parseHolder(text: string): LockHolder | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    const ok = Number.isSafeInteger(value.pid) && typeof value.host === 'string' && typeof value.startedAt === 'string';
    return ok ? (value as LockHolder) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Takes the lock file `path`: written in full under another name, then linked into place, which
 * fails when the file exists, so the lock never exists half-written. A lock of this host whose
 * process is gone is stale: it is removed and taken. Resolves to the lock, or why it was refused.
 */
export async function acquireFileLock(
  path: string,
  options: LockOptions = {},
): Promise<{ ok: true; data: Lock } | { ok: false; error: LockRefusal }> {
  const { now = Date.now } = options;
  let host: HostProcess;
  let mine: LockHolder;
  try {
    host = hostProcess();
    mine = { pid: host.pid, host: host.hostname(), startedAt: new Date(now()).toISOString() };
  } catch (error) {
    return { ok: false, error: { held: false, message: `the lock ${path} cannot be written (${why(error)})` } };
  }
  const running = options.isRunning ?? host.isRunning;
  const text = `${JSON.stringify(mine)}\n`;
  const temporary = `${path}.${mine.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    await writeNewFile(temporary, text);
  } catch (error) {
    return { ok: false, error: { held: false, message: `the lock ${path} cannot be written (${why(error)})` } };
  }
  try {
    // Two tries: the second after taking over a stale lock.
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await linkFile(temporary, path);
        return { ok: true, data: holdUntilReleased(path, text, host) };
      } catch (error) {
        if (code(error) !== 'EEXIST') return { ok: false, error: { held: false, message: `the lock ${path} cannot be created (${why(error)})` } };
      }
      const found = await readLock(path);
      const holder = found === undefined ? undefined : parseHolder(found);
      if (found !== undefined && holder && holder.host === mine.host && !running(holder.pid) && attempt === 0) {
        // Stale: removed only if it is still the lock just read, so a lock taken meanwhile stays.
        if ((await readLock(path)) === found) await removeFile(path).catch(() => undefined);
        continue;
      }
      if (found === undefined && attempt === 0) continue;
      const who = holder ? `pid ${holder.pid} on ${holder.host}, since ${holder.startedAt}` : 'a holder it does not name';
      const message = `${path} is held by another run (${who}): wait for it to end; if it is not running, remove ${path}`;
      return { ok: false, error: { held: true, message, ...(holder && { holder }) } };
    }
    return { ok: false, error: { held: true, message: `${path} is held by another run: wait for it to end` } };
  } finally {
    await removeFile(temporary).catch(() => undefined);
  }
}

/** The held lock: removed on release, or as the process exits if it was not released. */
function holdUntilReleased(path: string, text: string, host: HostProcess): Lock {
  let held = true;
  const cancel = host.onExit(() => {
    try {
      removeFileSync(path);
    } catch {
      // Already gone: nothing to free.
    }
  });
  return {
    async release() {
      if (!held) return;
      held = false;
      cancel();
      // Only our own lock: never one another run took after a mistaken removal.
      if ((await readLock(path)) === text) await removeFile(path).catch(() => undefined);
    },
  };
}

const heldObjects = new WeakSet<object>();

/** Takes an in-process lock on `key` (a memory journal): undefined while another holder has it. */
export function acquireObjectLock(key: object): Lock | undefined {
  if (heldObjects.has(key)) return undefined;
  heldObjects.add(key);
  let held = true;
  return {
    async release() {
      if (held) heldObjects.delete(key);
      held = false;
    },
  };
}
