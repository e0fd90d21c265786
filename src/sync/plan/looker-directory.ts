// The Looker users by email, paged once per plan, and the one user a record's email names (or why
// none can be chosen: no user, several, or a disabled one).
import { failure, type PlainResult } from '../../core/result.js';
import { plainError, type SyncError } from '../model/errors.js';
import type { SyncLooker, SyncLookerUser } from '../model/ports.js';
import type { SyncProblem } from '../model/records.js';
import type { Lane } from '../lanes/lane.js';
import { readPages } from '../reads/pages.js';
import { EmailTable, NumberColumn, SlotDirectory, type ByEmail } from '../model/email-table.js';

/** Looker's page size for `all_users` as the sync pages it. */
export const LOOKER_PAGE_SIZE = 500;

/** The fields the plan lists Looker users with (the opening page included): group ids for the effective-value diff. */
export const LOOKER_USER_FIELDS = ['id', 'email', 'is_disabled', 'group_ids'];

/** A Looker id as held: a number when it is a plain decimal that a number holds exactly (Looker's are), else the text. */
type HeldId = number | string;

/** The id of the one Looker user with an email, or the ids of every user sharing it. */
type LookerEntry = HeldId | readonly HeldId[];

/** The id to hold: numbers take no memory of their own, a string of digits some 20 bytes. */
export const held = (id: string): HeldId => (/^[1-9]\d{0,14}$/.test(id) ? Number(id) : id);

/** Looker ids by email on the plan's table: a number in a typed array, the rare other (text, several) in a map. */
class LookerIds extends SlotDirectory<LookerEntry> {
  readonly #ids = new NumberColumn('float64', Number.NaN);
  readonly #others = new Map<number, LookerEntry>();

  add(email: string, id: HeldId): void {
    const slot = this.table.slotOf(email);
    const known = this.entryAt(slot);
    if (known !== undefined) return void this.#others.set(slot, [...(Array.isArray(known) ? (known as readonly HeldId[]) : [known as HeldId]), id]);
    this.list(slot);
    if (typeof id === 'number') this.#ids.set(slot, id);
    else this.#others.set(slot, id);
  }

  protected entryAt(slot: number): LookerEntry | undefined {
    const other = this.#others.get(slot);
    if (other !== undefined) return other;
    const id = this.#ids.get(slot);
    return Number.isNaN(id) ? undefined : id;
  }
}

/** Every Looker user by lowercased email, built from one paging of `all_users`. */
export interface LookerDirectory {
  // Ids alone, not users, each on the email's slot: 1,000,000 of them are held for the whole plan.
  readonly byEmail: ByEmail<LookerEntry>;
  /** Ids of the disabled users. */
  readonly disabled: ReadonlySet<HeldId>;
  /**
   * The ids of the groups each user belongs to, for users in any group (the effective-value diff
   * needs them). Users with the same groups share one frozen array, so 100,000 users in a few
   * dozen group combinations hold a few dozen arrays.
   */
  readonly groupsOf: ReadonlyMap<HeldId, readonly string[]>;
  /** Ids of the users listed without an email: no record names them, yet attribute values apply to them too. */
  readonly withoutEmail: readonly string[];
  readonly pages: number;
}

/** Ids in numeric order, as Looker numbers its users: a problem names them alike however they were found. */
export const byId = (ids: readonly string[]) => [...ids].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));

/** The id of the one enabled Looker user with exactly this email, or the problem. */
export function findLookerUser(directory: LookerDirectory, email: string, record: number): { userId: string } | { problem: SyncProblem } {
  const entry = directory.byEmail.get(email);
  const at = { email, record, service: 'looker' as const };
  if (entry === undefined) return { problem: { ...at, kind: 'user_not_found', message: `no Looker user has the email ${email}` } };
  if (Array.isArray(entry)) {
    const ids = byId(entry.map(String));
    return { problem: { ...at, kind: 'ambiguous_user', message: `${ids.length} Looker users have the email ${email} (ids ${ids.join(', ')})` } };
  }
  const id = entry as HeldId;
  if (directory.disabled.has(id)) return { problem: { ...at, kind: 'disabled_user', message: `the Looker user ${id} with the email ${email} is disabled` } };
  return { userId: String(id) };
}

/** The users Looker lists from offset 0, read before the choice to list them was made. */
export interface OpeningPage {
  readonly users: readonly SyncLookerUser[];
  /** The `limit` it was read with: fewer users than that ends the listing. */
  readonly limit: number;
}

/**
 * Pages every Looker user into an exact, case-insensitive email map (no LIKE search involved),
 * going on from `opening` when the plan read the first users to choose how to find them. `emails`:
 * the plan's table, which holds each email once for every directory and the records.
 */
export async function loadLookerUsers(
  lane: Lane,
  looker: SyncLooker,
  signal?: AbortSignal,
  opening?: OpeningPage,
  emails = new EmailTable(),
): Promise<PlainResult<LookerDirectory, SyncError>> {
  const byEmail = new LookerIds(emails);
  const disabled = new Set<HeldId>();
  const groupsOf = new Map<HeldId, readonly string[]>();
  const shared = new Map<string, readonly string[]>();
  const withoutEmail: string[] = [];
  const fields = LOOKER_USER_FIELDS;
  const add = (user: SyncLookerUser) => {
    const groups = user.group_ids?.map(String).sort();
    if (groups?.length) {
      const key = groups.join(',');
      const known = shared.get(key) ?? Object.freeze(groups);
      shared.set(key, known);
      groupsOf.set(held(String(user.id)), known);
    }
    const email = user.email?.trim().toLowerCase();
    if (!email) return void withoutEmail.push(String(user.id));
    const id = held(String(user.id));
    if (user.is_disabled === true) disabled.add(id);
    byEmail.add(email, id);
  };
  opening?.users.forEach(add);
  if (opening && opening.users.length < opening.limit) return { ok: true, data: { byEmail, disabled, groupsOf, withoutEmail, pages: 1 } };
  const start = opening?.users.length ?? 0;
  const listed = await readPages<SyncLookerUser>(
    lane,
    async (index, options) => {
      const page = await looker.allUsers({ fields, limit: LOOKER_PAGE_SIZE, offset: start + index * LOOKER_PAGE_SIZE }, options);
      // Looker says nothing of a total: a short page is the last.
      return page.ok ? { ...page, data: { items: page.data, more: page.data.length === LOOKER_PAGE_SIZE } } : page;
    },
    add,
    signal,
  );
  if (!listed.ok) return failure(plainError(listed.error, 'looker'));
  return { ok: true, data: { byEmail, disabled, groupsOf, withoutEmail, pages: listed.data + (opening ? 1 : 0) } };
}
