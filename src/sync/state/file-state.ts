// The state in a folder: `state.json` replaced whole (temporary file, then rename), held by one run
// at a time through `state.lock` (the journal's lock mechanism), and a journal per plan under
// `journals/`. Files only through ../files.ts, so the sync still loads where there are none.
import type { PlainResult } from '../../core/result.js';
import { acquireFileLock, type LockOptions } from '../apply/lock.js';
import { makeDirectory, readTextFile, removeFile, replaceFile } from '../files.js';
import type { StateError, SyncState } from '../model/state.js';

const failed = (message: string, error: unknown): { ok: false; error: StateError } => {
  const code = (error as { code?: unknown } | undefined)?.code;
  const why = typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
  return { ok: false, error: { kind: 'state_failed', message: `${message} (${why})` } };
};

/** A plan id as a file name: the ids `plan` makes; anything else (a path) is refused. */
function journalName(planId: string): string {
  if (!/^[\w.-]+$/.test(planId) || planId.startsWith('.')) throw new Error(`the plan id ${JSON.stringify(planId)} cannot name a journal file`);
  return `${planId}.ndjson`;
}

/**
 * The state kept in the folder `path` (created when missing, owner-only). It holds record digests,
 * counts and dates, never an email, a value or a secret, so it may be cached or committed.
 */
export function createFileState(path: string, options: LockOptions = {}): SyncState {
  const dir = path.replace(/\/+$/, '') || '/';
  const file = `${dir}/state.json`;
  const journals = `${dir}/journals`;
  return {
    location: dir,
    async read() {
      let text: string | undefined;
      try {
        text = await readTextFile(file);
      } catch (error) {
        return failed(`cannot read ${file}`, error);
      }
      if (text === undefined) return { ok: true, data: undefined };
      try {
        return { ok: true, data: JSON.parse(text) as unknown };
      } catch {
        return { ok: false, error: { kind: 'state_failed', message: `${file} is not JSON: the state cannot be read (restore it, or remove it to start afresh)` } };
      }
    },
    async write(document) {
      try {
        await makeDirectory(dir);
        await replaceFile(file, `${JSON.stringify(document)}\n`);
        return { ok: true, data: undefined };
      } catch (error) {
        return failed(`cannot write ${file}`, error);
      }
    },
    async lock(): Promise<PlainResult<{ release(): Promise<void> }, StateError>> {
      try {
        await makeDirectory(journals);
      } catch (error) {
        return failed(`cannot create the state folder ${dir}`, error);
      }
      const lock = await acquireFileLock(`${dir}/state.lock`, options);
      if (lock.ok) return lock;
      const { held, holder, message } = lock.error;
      if (!held) return { ok: false, error: { kind: 'state_failed', message: `${message}: nothing was sent` } };
      return { ok: false, error: { kind: 'state_locked', message: `another run holds the state: ${message}`, ...(holder && { holder }) } };
    },
    journal: (planId) => `${journals}/${journalName(planId)}`,
    async removeJournal(planId) {
      const journal = `${journals}/${journalName(planId)}`;
      for (const name of [journal, `${journal}.fragments`]) await removeFile(name).catch(() => undefined);
    },
  };
}
