// The journal held by one apply at a time: a file journal by the lock file beside it, any other
// journal object within this process; refused, naming the holder, while another apply runs.
import type { PlainResult } from '../../core/result.js';
import type { JournalError, JournalLockedError } from '../model/errors.js';
import type { Journal } from '../model/journal.js';
import { acquireFileLock, acquireObjectLock, type Lock, type LockOptions } from './lock.js';

/**
 * Takes the journal for one apply: a file journal by the lock file beside it (`<path>.lock`,
 * naming the process that holds it; a lock of a process gone from this host is taken over), any
 * other journal object within this process. Refused while another apply holds it.
 */
export async function lockJournal(
  journal: string | Journal,
  options: LockOptions = {},
): Promise<PlainResult<Lock, JournalLockedError | JournalError>> {
  if (typeof journal !== 'string') {
    const lock = acquireObjectLock(journal);
    if (lock) return { ok: true, data: lock };
    return { ok: false, error: { kind: 'journal_locked', message: 'another apply in this process is using this journal: nothing was sent; wait for it to end' } };
  }
  const lockPath = `${journal}.lock`;
  const lock = await acquireFileLock(lockPath, options);
  if (lock.ok) return lock;
  const { held, holder } = lock.error;
  if (!held) return { ok: false, error: { kind: 'journal_failed', message: `${lock.error.message}: nothing was sent` } };
  const who = holder ? ` (pid ${holder.pid} on ${holder.host}, since ${holder.startedAt})` : '';
  const message = `another apply is using the journal ${journal}${who}: nothing was sent. Wait for it to end; if it is no longer running, remove ${lockPath}`;
  return { ok: false, error: { kind: 'journal_locked', message, ...(holder && { holder }) } };
}
