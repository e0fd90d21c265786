// How a plan finds the Looker user each record's email names: from one listing of every user, or
// by an exact lookup per email (findUserByEmail), whichever costs fewer calls for the input at hand.
import { failure, type PlainResult } from '../../core/result.js';
import { plainError, type SyncError } from '../model/errors.js';
import type { LookerUsersFound } from '../model/plan.js';
import type { PortError, SyncLooker, SyncLookerUser } from '../model/ports.js';
import type { SyncProblem } from '../model/records.js';
import type { Lane } from '../lanes/lane.js';
import type { EmailTable } from '../model/email-table.js';
import { byId, findLookerUser, LOOKER_PAGE_SIZE, LOOKER_USER_FIELDS, loadLookerUsers, type LookerDirectory, type OpeningPage } from './looker-directory.js';

/** How the plan is told to find Looker users: `auto` takes the cheaper way. */
export type LookerUsersMode = 'auto' | 'listing' | 'lookups';

/** Records a streamed input is read ahead to count them, before the way to find users is chosen. */
export const COUNT_AHEAD = 1000;

/** The user an email names, the problem that keeps the record from Looker, or the call's failure. */
export type FoundLookerUser = { readonly userId: string } | { readonly problem: SyncProblem } | { readonly error: PortError };

/** Finds the Looker user of each record's email, in the way the plan chose. */
export interface LookerUserFinder {
  /** The way chosen and why, as the plan reports it. */
  readonly found: LookerUsersFound;
  /** `all_users` pages read (0 when users were looked up one by one). */
  readonly pages: number;
  /** Every user, when they were listed (the effective-value diff reads it, or lists them itself). */
  readonly directory?: LookerDirectory;
  /** At once from a listing; a promise for a lookup. */
  find(email: string, record: number, signal: AbortSignal | undefined): FoundLookerUser | Promise<FoundLookerUser>;
}

/** What the choice is made from. */
export interface FinderInput {
  readonly lane: Lane;
  readonly looker: SyncLooker;
  readonly mode: LookerUsersMode;
  /** The input's records, or undefined when a streamed input has more than `COUNT_AHEAD`. */
  readonly records: number | undefined;
  readonly signal: AbortSignal | undefined;
  /** The plan's emails: a listing holds each on its slot. */
  readonly emails?: EmailTable;
  /** Why a mode other than `auto` was taken, when the caller did not ask for it. */
  readonly why?: string;
}

const count = (n: number, one: string) => `${n.toLocaleString('en-US')} ${one}${n === 1 ? '' : 's'}`;

/** The pages' worth of users the opening read may ask for at most (a reply of a few hundred kB). */
export const OPENING_PAGES = 10;

const USER_FIELDS = ['id', 'email', 'is_disabled'];

/** The way chosen, why, the requests it took to choose that the way chosen does not use, and the users already read. */
type Choice = { readonly method: 'listing' | 'lookups'; readonly reason: string; readonly probes: number; readonly opening?: OpeningPage };

/**
 * The way to find users and why. With the records counted, the users Looker lists first are read
 * in one call, as many as `records` pages would hold (at most `OPENING_PAGES`): fewer, and that
 * call was the whole listing; as many, and the listing would take more calls than the lookups.
 * Past `OPENING_PAGES` records, one probe more tells whether a user stands where the listing
 * would pass the lookups' cost.
 */
async function choose(input: FinderInput): Promise<PlainResult<Choice, SyncError>> {
  const { mode, records, looker, lane, signal } = input;
  const chosen = (method: Choice['method'], reason: string, probes = 0, opening?: OpeningPage) =>
    ({ ok: true, data: { method, reason, probes, ...(opening && { opening }) } }) as const;
  if (mode !== 'auto') return chosen(mode, input.why ?? `asked for (lookerUsers: '${mode}')`);
  if (!looker.findUserByEmail) return chosen('listing', 'the Looker client has no findUserByEmail');
  if (records === undefined) {
    return chosen('listing', `the input has more than ${count(COUNT_AHEAD, 'record')}: looking each up would cost more calls than listing `
      + `an org of up to ${count(COUNT_AHEAD * LOOKER_PAGE_SIZE, 'user')}, and the listing's cost is bounded by the org, not the input`);
  }
  const limit = Math.min(Math.max(records, 1), OPENING_PAGES) * LOOKER_PAGE_SIZE;
  const read = await lane.run((options) => looker.allUsers({ fields: LOOKER_USER_FIELDS, limit, offset: 0 }, options), signal);
  if (!read.ok) return failure(plainError(read.error, 'looker'));
  const opening = { users: read.data, limit };
  const lookups = count(records, 'lookup');
  if (read.data.length < limit) return chosen('listing', `one call listed all ${count(read.data.length, 'Looker user')}, no more than ${lookups}`, 0, opening);
  if (records * LOOKER_PAGE_SIZE <= limit) {
    // From the start, listing takes at least one call more than that full read; the lookups, that read and one call a record.
    const least = count(limit / LOOKER_PAGE_SIZE + 1, 'call');
    return chosen('lookups', `Looker has at least ${count(limit, 'user')}: listing them takes at least ${least}, more than ${lookups}`, 1);
  }
  // Listing the rest takes floor((users - limit) / page) + 1 calls: more than `records` exactly when a user stands here.
  const offset = limit + records * LOOKER_PAGE_SIZE - 1;
  const probe = await lane.run((options) => looker.allUsers({ fields: ['id'], limit: 1, offset }, options), signal);
  if (!probe.ok) return failure(plainError(probe.error, 'looker'));
  return probe.data.length
    ? chosen('lookups', `Looker has more than ${count(offset, 'user')}: listing them takes more calls than ${lookups}`, 2)
    : chosen('listing', `Looker has at most ${count(offset, 'user')}: listing them takes no more calls than ${lookups}`, 1, opening);
}

/** Chooses how to find the Looker users (see `choose`) and, for a listing, reads it. */
export async function lookerUserFinder(input: FinderInput): Promise<PlainResult<LookerUserFinder, SyncError>> {
  const chosen = await choose(input);
  if (!chosen.ok) return chosen;
  const { lane, looker } = input;
  const { method, reason, probes, opening } = chosen.data;
  if (method === 'listing') {
    const directory = await loadLookerUsers(lane, looker, input.signal, opening, input.emails);
    if (!directory.ok) return directory;
    const found = { method, reason, calls: directory.data.pages, probes };
    const find = (email: string, record: number) => findLookerUser(directory.data, email, record);
    return { ok: true, data: { found, pages: directory.data.pages, directory: directory.data, find } };
  }
  const found = { method, reason, calls: 0, probes };
  const find = async (email: string, record: number, signal: AbortSignal | undefined): Promise<FoundLookerUser> => {
    found.calls++;
    const lookup = looker.findUserByEmail as NonNullable<SyncLooker['findUserByEmail']>;
    const result = await lane.run((options) => lookup({ email, fields: USER_FIELDS }, options), signal);
    // The lane hands the client's error on with every field it has, `candidates` included.
    return lookedUp(result as PlainResult<SyncLookerUser, LookupFailure>, email, record);
  };
  return { ok: true, data: { found, pages: 0, find } };
}

/** A lookup's failure: `no_match`, `ambiguous` (with every match), or the call's own. */
type LookupFailure = PortError & { readonly candidates?: readonly SyncLookerUser[] };

/** A lookup's answer as the listing would have given it: the same user, or the same problem. */
function lookedUp(result: PlainResult<SyncLookerUser, LookupFailure>, email: string, record: number): FoundLookerUser {
  const at = { email, record, service: 'looker' as const };
  if (result.ok) {
    const id = String(result.data.id);
    if (result.data.is_disabled === true) return { problem: { ...at, kind: 'disabled_user', message: `the Looker user ${id} with the email ${email} is disabled` } };
    return { userId: id };
  }
  const { error } = result;
  if (error.kind === 'no_match') return { problem: { ...at, kind: 'user_not_found', message: `no Looker user has the email ${email}` } };
  if (error.kind === 'ambiguous') {
    const ids = byId((error.candidates ?? []).map((user) => String(user.id)));
    return { problem: { ...at, kind: 'ambiguous_user', message: `${ids.length} Looker users have the email ${email} (ids ${ids.join(', ')})` } };
  }
  return { error };
}
