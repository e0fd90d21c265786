// The Looker users by email, paged once per plan, and the one user a record's email names (or why
// none can be chosen: no user, several, or a disabled one).
import { failure, type PlainResult } from '../../core/result.js';
import { plainError, type SyncError } from '../model/errors.js';
import type { SyncLooker, SyncLookerUser } from '../model/ports.js';
import type { SyncProblem } from '../model/records.js';
import type { Lane } from '../lanes/lane.js';
import { readPages } from '../reads/pages.js';

/** Looker's page size for `all_users` as the sync pages it. */
export const LOOKER_PAGE_SIZE = 500;

/** The id of the one Looker user with an email, or the ids of every user sharing it. */
type LookerEntry = string | readonly string[];

/** Every Looker user by lowercased email, built from one paging of `all_users`. */
export interface LookerDirectory {
  // Ids alone, not users: 100,000 of them are held for the whole plan.
  readonly byEmail: ReadonlyMap<string, LookerEntry>;
  /** Ids of the disabled users. */
  readonly disabled: ReadonlySet<string>;
  /**
   * The ids of the groups each user belongs to, for users in any group (the effective-value diff
   * needs them). Users with the same groups share one frozen array, so 100,000 users in a few
   * dozen group combinations hold a few dozen arrays.
   */
  readonly groupsOf: ReadonlyMap<string, readonly string[]>;
  /** Ids of the users listed without an email: no record names them, yet attribute values apply to them too. */
  readonly withoutEmail: readonly string[];
  readonly pages: number;
}

/** The id of the one enabled Looker user with exactly this email, or the problem. */
export function findLookerUser(directory: LookerDirectory, email: string, record: number): { userId: string } | { problem: SyncProblem } {
  const entry = directory.byEmail.get(email);
  const at = { email, record, service: 'looker' as const };
  if (entry === undefined) return { problem: { ...at, kind: 'user_not_found', message: `no Looker user has the email ${email}` } };
  if (typeof entry !== 'string')
    return { problem: { ...at, kind: 'ambiguous_user', message: `${entry.length} Looker users have the email ${email} (ids ${entry.join(', ')})` } };
  if (directory.disabled.has(entry)) return { problem: { ...at, kind: 'disabled_user', message: `the Looker user ${entry} with the email ${email} is disabled` } };
  return { userId: entry };
}

/** Pages every Looker user into an exact, case-insensitive email map (no LIKE search involved). */
export async function loadLookerUsers(lane: Lane, looker: SyncLooker, signal?: AbortSignal): Promise<PlainResult<LookerDirectory, SyncError>> {
  const byEmail = new Map<string, LookerEntry>();
  const disabled = new Set<string>();
  const groupsOf = new Map<string, readonly string[]>();
  const shared = new Map<string, readonly string[]>();
  const withoutEmail: string[] = [];
  const fields = ['id', 'email', 'is_disabled', 'group_ids'];
  const listed = await readPages<SyncLookerUser>(
    lane,
    async (index, options) => {
      const page = await looker.allUsers({ fields, limit: LOOKER_PAGE_SIZE, offset: index * LOOKER_PAGE_SIZE }, options);
      // Looker says nothing of a total: a short page is the last.
      return page.ok ? { ...page, data: { items: page.data, more: page.data.length === LOOKER_PAGE_SIZE } } : page;
    },
    (user) => {
      const id = String(user.id);
      const groups = user.group_ids?.map(String).sort();
      if (groups?.length) {
        const key = groups.join(',');
        const known = shared.get(key) ?? Object.freeze(groups);
        shared.set(key, known);
        groupsOf.set(id, known);
      }
      const email = user.email?.trim().toLowerCase();
      if (!email) return void withoutEmail.push(id);
      if (user.is_disabled === true) disabled.add(id);
      const known = byEmail.get(email);
      if (known === undefined) byEmail.set(email, id);
      else byEmail.set(email, [...(typeof known === 'string' ? [known] : known), id]);
    },
    signal,
  );
  if (!listed.ok) return failure(plainError(listed.error, 'looker'));
  return { ok: true, data: { byEmail, disabled, groupsOf, withoutEmail, pages: listed.data } };
}
