// The DX listing: every listed user by email, with the values of the attributes the mapping
// writes. Plan compares records with it; apply pages it again to re-check DX changes.
import { failure, type PlainResult } from '../../core/result.js';
import { plainError, type SyncError } from '../model/errors.js';
import type { SyncDx, SyncDxUser } from '../model/ports.js';
import type { Lane } from '../lanes/lane.js';
import { readPages } from './pages.js';

/** DX's largest `users.list` page. */
export const DX_PAGE_SIZE = 100;

/**
 * A DX user's current values of the mapped attributes, by lowercased name. A plain object, not a
 * Map, and nothing else per user: a listing of 100,000 users holds 100,000 of these.
 */
export type DxEntry = Readonly<Record<string, string>>;

/** Every listed DX user by lowercased email. A user missing from it may exist with no attributes. */
export interface DxDirectory {
  readonly byEmail: ReadonlyMap<string, DxEntry>;
  /** Emails of the listed users DX marks deleted. */
  readonly deleted: ReadonlySet<string>;
  /** Every attribute name a listed user carries, lowercased (DX matches names so), to the spelling first listed. */
  readonly names: ReadonlyMap<string, string>;
  readonly pages: number;
}

/** Values seen up to this many distinct ones are held once, however many users share them. */
const INTERNED_VALUES = 10_000;

/**
 * One string for each distinct value (departments, regions: a few, shared by thousands), the
 * table bounded so that values unique to each user cost no more than before.
 */
function interning(): (value: string) => string {
  const seen = new Map<string, string>();
  return (value) => {
    const known = seen.get(value);
    if (known !== undefined) return known;
    if (seen.size < INTERNED_VALUES) seen.set(value, value);
    return value;
  };
}

/** Pages DX `users.list`, keeping only the attributes the mapping writes. `gate`: see `Lane.run`. */
export async function loadDxUsers(
  lane: Lane,
  dx: SyncDx,
  names: readonly string[],
  signal?: AbortSignal,
  gate?: AbortSignal,
): Promise<PlainResult<DxDirectory, SyncError>> {
  const wanted = new Set(names.map((name) => name.toLowerCase()));
  const byEmail = new Map<string, DxEntry>();
  const deleted = new Set<string>();
  const found = new Map<string, string>();
  const intern = interning();
  const carried = new Map<string, string>();
  // A name that is an Object.prototype key cannot be a plain property.
  const bare = [...wanted].some((name) => name in Object.prototype);
  const listed = await readPages<SyncDxUser>(
    lane,
    async (index, options) => {
      const page = await dx.listUsersPage({ page: index + 1, pageSize: DX_PAGE_SIZE }, options);
      return page.ok ? { ...page, data: { items: page.data.users, more: page.data.nextPage !== null } } : page;
    },
    (user) => {
      // Filled in the mapping's order, so that every entry shares one object shape.
      const values: Record<string, string> = bare ? (Object.create(null) as Record<string, string>) : {};
      for (const { name, value } of user.attributes ?? []) {
        const key = String(name).toLowerCase();
        if (!carried.has(key)) carried.set(key, String(name));
        if (wanted.has(key) && typeof value === 'string') found.set(key, value);
      }
      for (const key of wanted) {
        const value = found.get(key);
        if (value !== undefined) values[key] = intern(value);
      }
      found.clear();
      const email = String(user.email).trim().toLowerCase();
      byEmail.set(email, values);
      // A later listing of the same email wins, as it does for the values.
      if (user.deleted_at) deleted.add(email);
      else deleted.delete(email);
    },
    signal,
    gate,
  );
  if (!listed.ok) return failure(plainError(listed.error, 'dx'));
  return { ok: true, data: { byEmail, deleted, names: carried, pages: listed.data } };
}
