// A state held by one run: locked, read and checked against the run's desired state and services,
// saved whole as the run ends, and its journals pruned.
import type { PlainResult } from '../../core/result.js';
import { openState, type StateDocument, type StateError, type StateKey, type SyncState } from '../model/state.js';

/** A state this run holds: the document as read, `save` to replace it, `release` to let go (once). */
export interface HeldState {
  readonly document: StateDocument;
  /** Writes `document` whole, removes the journals of the plans named in `prune`, and keeps it as the document. */
  save(document: StateDocument, prune?: readonly string[]): Promise<PlainResult<undefined, StateError>>;
  /** Frees the state for the next run. */
  release(): Promise<void>;
}

/**
 * Takes `state` for one run: locks it (refused while another run holds it), reads it, and checks
 * its version, desired state and services against `key` (refused, with the lock freed, when they
 * differ). A state never written is an empty one for `key`.
 */
export async function holdState(state: SyncState, key: StateKey): Promise<PlainResult<HeldState, StateError>> {
  const lock = await state.lock();
  if (!lock.ok) return lock;
  const stored = await state.read();
  const opened = stored.ok ? openState(stored.data, key, state.location) : stored;
  if (!opened.ok) {
    await lock.data.release();
    return opened;
  }
  let document = opened.data;
  return {
    ok: true,
    data: {
      get document() {
        return document;
      },
      async save(next, prune = []) {
        const written = await state.write(next);
        if (!written.ok) return written;
        document = next;
        for (const planId of prune) await state.removeJournal(planId);
        return written;
      },
      release: () => lock.data.release(),
    },
  };
}

/** Reads `state` without holding it (`history`): checked against its own version only when `key` is not given. */
export async function readState(state: SyncState, key?: StateKey): Promise<PlainResult<StateDocument | undefined, StateError>> {
  const stored = await state.read();
  if (!stored.ok) return stored;
  if (stored.data === undefined) return { ok: true, data: undefined };
  const own = stored.data as Partial<StateKey>;
  const asStored: StateKey = key ?? { desiredState: String(own.desiredState), services: own.services ?? { looker: null, dx: null } };
  return openState(stored.data, asStored, state.location);
}
