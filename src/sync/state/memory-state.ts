// The state in memory, for tests and short-lived jobs: the same document, lock and journals as the
// folder's, held by one object (`document` and `journals` to inspect).
import { acquireObjectLock } from '../apply/lock.js';
import { createMemoryJournal, type Journal } from '../model/journal.js';
import type { StateDocument, SyncState } from '../model/state.js';

/** A state in memory; `document` is what was last written (a copy, as a file would hold it). */
export interface MemoryState extends SyncState {
  readonly document: StateDocument | undefined;
  /** The journal of each plan, by plan id. */
  readonly journals: ReadonlyMap<string, Journal & { readonly lines: string[] }>;
}

/** A state in memory, empty or holding `document`. */
export function createMemoryState(document?: StateDocument): MemoryState {
  let stored: string | undefined = document && JSON.stringify(document);
  const journals = new Map<string, Journal & { readonly lines: string[] }>();
  const key = {};
  return {
    location: 'memory',
    get document() {
      return stored === undefined ? undefined : (JSON.parse(stored) as StateDocument);
    },
    journals,
    read: async () => ({ ok: true, data: stored === undefined ? undefined : (JSON.parse(stored) as unknown) }),
    async write(next) {
      stored = JSON.stringify(next);
      return { ok: true, data: undefined };
    },
    async lock() {
      const lock = acquireObjectLock(key);
      if (lock) return { ok: true, data: lock };
      return { ok: false, error: { kind: 'state_locked', message: 'another run in this process holds the state: wait for it to end' } };
    },
    journal(planId) {
      let journal = journals.get(planId);
      if (!journal) journals.set(planId, (journal = createMemoryJournal()));
      return journal;
    },
    async removeJournal(planId) {
      journals.delete(planId);
    },
  };
}
