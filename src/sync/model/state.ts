// The sync's memory between runs: the state document (what the last applies put fully in place as
// record digests, when the last full drift check ran, the month's call ledger, the run history,
// the plans' journals) and the `SyncState` port that stores it. Digests, counts and names only:
// never an email, a value or a secret.
import type { PlainResult } from '../../core/result.js';
import type { Journal } from './journal.js';
import type { LockHolder } from './errors.js';
import type { RecordSnapshot } from './snapshot.js';
import type { SyncService } from './ports.js';

/** The state format this library writes and reads: a newer one is refused, never rewritten. */
export const STATE_VERSION = 1;

/** Calls per service. */
export interface ServiceCalls {
  readonly looker: number;
  readonly dx: number;
}

/** What a state belongs to: one desired state (named as its owner names it) against these services. */
export interface StateKey {
  /** The desired state, e.g. the mapping file's path as given: a state for another is refused. */
  readonly desiredState: string;
  /** Each service's base URL (null when skipped). Base URLs only, never credentials. */
  readonly services: { readonly looker: string | null; readonly dx: string | null };
}

/** One apply as the history keeps it: counts and calls, no email and no value. */
export interface StateRun {
  readonly planId: string;
  /** When the apply ended (ISO 8601). */
  readonly at: string;
  readonly dryRun: boolean;
  /** The plan checked every record (a full drift check), not only those changed since the snapshot. */
  readonly fullCheck: boolean;
  /** The plan covered only some people (`partial`): it did not replace the snapshot. */
  readonly partial: boolean;
  readonly planned: number;
  readonly applied: number;
  readonly failed: number;
  readonly conflict: number;
  readonly skipped: number;
  readonly resumed: number;
  readonly stopped: boolean;
  readonly aborted: boolean;
  /** Requests the plan sent (when the state saw it made), and the apply's. */
  readonly calls: { readonly plan: ServiceCalls; readonly apply: ServiceCalls };
  /** The monthly budget in force then, per service, when one was set. */
  readonly monthlyBudget?: Partial<ServiceCalls>;
}

/** A plan the state saw made: its calls (joined to its apply's run) and whether it was a full check. */
export interface StatePlan {
  readonly planId: string;
  readonly at: string;
  readonly fullCheck: boolean;
  readonly calls: ServiceCalls;
}

/** A journal the state keeps, one per plan applied. */
export interface StateJournal {
  readonly planId: string;
  /** When its plan was last applied (ISO 8601). */
  readonly at: string;
}

/** The state document: a plain JSON value. */
export interface StateDocument extends StateKey {
  readonly version: typeof STATE_VERSION;
  /** What the last applies fully put in place: the next plan's `previous`. */
  readonly snapshot: RecordSnapshot;
  /** When the last full drift check that was applied was planned (ISO 8601), or null. */
  readonly lastFullCheck: string | null;
  /** Requests sent per calendar month (UTC, `2026-01`) per service: plans and applies, retries and logins included. */
  readonly ledger: Readonly<Record<string, ServiceCalls>>;
  /** The monthly budget last given, per service. */
  readonly monthlyBudget: Partial<ServiceCalls>;
  /** Applies, oldest first (the last `STATE_HISTORY_LIMIT`). */
  readonly runs: readonly StateRun[];
  /** Plans made, oldest first (the last `STATE_PLANS_LIMIT`). */
  readonly plans: readonly StatePlan[];
  /** Journals kept, oldest first (see `STATE_JOURNALS_KEPT`). */
  readonly journals: readonly StateJournal[];
}

/** A state that cannot be used: unreadable, of a newer version, for another desired state, or held by another run. */
export interface StateError {
  readonly kind: 'state_failed' | 'state_newer' | 'state_mismatch' | 'state_locked';
  readonly message: string;
  readonly holder?: LockHolder;
}

/** A held state: `release` frees it (once). */
export interface StateLock {
  /** Frees the state for the next run. */
  release(): Promise<void>;
}

/**
 * Where the sync keeps its state (a folder: `createFileState`; memory: `createMemoryState`).
 * `write` replaces the document whole and atomically; `lock` is held by one run at a time.
 */
export interface SyncState {
  /** Where it is, for messages (a folder's path). */
  readonly location: string;
  /** The document, undefined when none was written yet; not checked (see `openState`). */
  read(): Promise<PlainResult<unknown, StateError>>;
  /** Replaces the document whole: a reader sees the old one or the new one. */
  write(document: StateDocument): Promise<PlainResult<undefined, StateError>>;
  /** Holds the state for one run: refused (`state_locked`, naming the holder) while another holds it. */
  lock(): Promise<PlainResult<StateLock, StateError>>;
  /** The journal of a plan (a file path, or a `Journal`). */
  journal(planId: string): string | Journal;
  /** Removes a plan's journal (pruning); a journal already gone is no error. */
  removeJournal(planId: string): Promise<void>;
}

/** A state with nothing recorded, for `key`. */
export function emptyState(key: StateKey): StateDocument {
  const { desiredState, services } = key;
  return {
    version: STATE_VERSION, desiredState, services, snapshot: { version: 1, digests: [] }, lastFullCheck: null,
    ledger: {}, monthlyBudget: {}, runs: [], plans: [], journals: [],
  };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const urlOrNull = (value: unknown) => value === null || typeof value === 'string';

function wellFormed(value: Record<string, unknown>): boolean {
  const services = value.services;
  const snapshot = value.snapshot;
  return typeof value.desiredState === 'string' && isObject(services) && urlOrNull(services.looker) && urlOrNull(services.dx)
    && isObject(snapshot) && Array.isArray(snapshot.digests) && snapshot.digests.every((n) => Number.isSafeInteger(n))
    && (value.lastFullCheck === null || typeof value.lastFullCheck === 'string') && isObject(value.ledger) && isObject(value.monthlyBudget)
    && Array.isArray(value.runs) && Array.isArray(value.plans) && Array.isArray(value.journals);
}

const serviceList = (services: StateKey['services']) =>
  (['looker', 'dx'] as const).map((s: SyncService) => `${s === 'looker' ? 'Looker' : 'DX'} ${services[s] ?? '(skipped)'}`).join(', ');

/**
 * Checks a stored document against the version and the key of this run: none yet gives an empty
 * state; a newer version, another desired state or other services are refused, saying which.
 */
export function openState(stored: unknown, key: StateKey, location: string): PlainResult<StateDocument, StateError> {
  if (stored === undefined) return { ok: true, data: emptyState(key) };
  const value = isObject(stored) ? stored : {};
  if (typeof value.version === 'number' && value.version > STATE_VERSION) {
    const message = `the state in ${location} is of version ${value.version}, newer than this version reads (${STATE_VERSION}): upgrade user-attributes-sdk, or use another state folder`;
    return { ok: false, error: { kind: 'state_newer', message } };
  }
  if (value.version !== STATE_VERSION || !wellFormed(value)) {
    return { ok: false, error: { kind: 'state_failed', message: `${location} holds no state this library wrote (state.json is not a state of version ${STATE_VERSION})` } };
  }
  const document = value as unknown as StateDocument;
  const sameServices = document.services.looker === key.services.looker && document.services.dx === key.services.dx;
  if (document.desiredState !== key.desiredState || !sameServices) {
    const message = `the state in ${location} belongs to ${document.desiredState} against ${serviceList(document.services)}, `
      + `not to ${key.desiredState} against ${serviceList(key.services)}: nothing was sent. Give each desired state and instance a state folder of its own`;
    return { ok: false, error: { kind: 'state_mismatch', message } };
  }
  return { ok: true, data: document };
}
