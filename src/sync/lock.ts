// An exclusive lock beside a file (a journal; any file a run must own alone): a lock file created
// atomically with who holds it (pid, host, since when), refused while that process lives, taken
// over once it is gone, released however the holder ends. And the same refusal within one process
// for objects (a memory journal).
import { unlinkSync } from 'node:fs';
import { link, readFile, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';

/** Who holds a lock. */
export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  /** When the holder took it (ISO 8601). */
  readonly startedAt: string;
}

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

/** Whether a process of this host runs: signal 0 tests for it without touching it (EPERM: it runs as someone else). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const code = (error: unknown) => (error as NodeJS.ErrnoException).code;

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
  const { now = Date.now, isRunning: running = isRunning } = options;
  const mine: LockHolder = { pid: process.pid, host: hostname(), startedAt: new Date(now()).toISOString() };
  const text = `${JSON.stringify(mine)}\n`;
  const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    await writeFile(temporary, text, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    return { ok: false, error: { held: false, message: `the lock ${path} cannot be written (${code(error) ?? 'unknown error'})` } };
  }
  try {
    // Two tries: the second after taking over a stale lock.
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await link(temporary, path);
        return { ok: true, data: holdUntilReleased(path, text) };
      } catch (error) {
        if (code(error) !== 'EEXIST') return { ok: false, error: { held: false, message: `the lock ${path} cannot be created (${code(error) ?? 'unknown error'})` } };
      }
      const found = await readFile(path, 'utf8').catch(() => undefined);
      const holder = found === undefined ? undefined : parseHolder(found);
      if (found !== undefined && holder && holder.host === mine.host && !running(holder.pid) && attempt === 0) {
        // Stale: removed only if it is still the lock just read, so a lock taken meanwhile stays.
        if ((await readFile(path, 'utf8').catch(() => undefined)) === found) await unlink(path).catch(() => undefined);
        continue;
      }
      if (found === undefined && attempt === 0) continue;
      const who = holder ? `pid ${holder.pid} on ${holder.host}, since ${holder.startedAt}` : 'a holder it does not name';
      const message = `${path} is held by another run (${who}): wait for it to end; if it is not running, remove ${path}`;
      return { ok: false, error: { held: true, message, ...(holder && { holder }) } };
    }
    return { ok: false, error: { held: true, message: `${path} is held by another run: wait for it to end` } };
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
}

/** The held lock: removed on release, or as the process exits if it was not released. */
function holdUntilReleased(path: string, text: string): Lock {
  let held = true;
  const removeOnExit = () => {
    try {
      unlinkSync(path);
    } catch {
      // Already gone: nothing to free.
    }
  };
  process.once('exit', removeOnExit);
  return {
    async release() {
      if (!held) return;
      held = false;
      process.off('exit', removeOnExit);
      // Only our own lock: never one another run took after a mistaken removal.
      if ((await readFile(path, 'utf8').catch(() => undefined)) === text) await unlink(path).catch(() => undefined);
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
