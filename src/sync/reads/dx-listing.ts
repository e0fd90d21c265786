// The DX listing: every listed user by email, with the values of the attributes the mapping
// writes. Plan compares records with it; apply pages it again to re-check DX changes.
import { failure, type PlainResult } from '../../core/result.js';
import { plainError, type SyncError } from '../model/errors.js';
import type { SyncDx, SyncDxUser } from '../model/ports.js';
import type { Lane } from '../lanes/lane.js';
import { readPages } from './pages.js';
import { EmailTable, NumberColumn, SlotDirectory, type ByEmail } from '../model/email-table.js';

/** DX's largest `users.list` page. */
export const DX_PAGE_SIZE = 100;

/** A DX user's current values of the mapped attributes, by lowercased name (made when asked for). */
export type DxEntry = Readonly<Record<string, string>>;

/**
 * The listed DX users' values on the plan's table, a column per mapped attribute: a listing of
 * 1,000,000 users holds a reference per user and attribute, and each user's object is made only
 * when the plan asks for it.
 */
class DxValues extends SlotDirectory<DxEntry> {
  /** Each slot's row in the columns (-1: not listed). */
  readonly #rows = new NumberColumn('int32', -1);
  readonly #columns: (string | undefined)[][];
  #count = 0;

  constructor(table: EmailTable, private readonly names: readonly string[], private readonly bare: boolean) {
    super(table);
    this.#columns = names.map(() => []);
  }

  /** Sets the values listed for `email`; a later listing of the same email wins. */
  set(email: string, values: readonly (string | undefined)[]): void {
    const slot = this.table.slotOf(email);
    let row = this.#rows.get(slot);
    if (row === -1) {
      row = this.#count++;
      this.#rows.set(slot, row);
      this.list(slot);
    }
    values.forEach((value, i) => void ((this.#columns[i] as (string | undefined)[])[row] = value));
  }

  protected entryAt(slot: number): DxEntry | undefined {
    const row = this.#rows.get(slot);
    if (row === -1) return undefined;
    // A name that is an Object.prototype key cannot be a plain property.
    const entry: Record<string, string> = this.bare ? (Object.create(null) as Record<string, string>) : {};
    this.names.forEach((name, i) => {
      const value = this.#columns[i]?.[row];
      if (value !== undefined) entry[name] = value;
    });
    return entry;
  }
}

/** Every listed DX user by lowercased email. A user missing from it may exist with no attributes. */
export interface DxDirectory {
  readonly byEmail: ByEmail<DxEntry>;
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

/**
 * Pages DX `users.list`, keeping only the attributes the mapping writes. `gate`: see `Lane.run`.
 * `emails`: the plan's table, which holds each email once for every directory and the records.
 */
export async function loadDxUsers(
  lane: Lane,
  dx: SyncDx,
  names: readonly string[],
  signal?: AbortSignal,
  gate?: AbortSignal,
  emails = new EmailTable(),
): Promise<PlainResult<DxDirectory, SyncError>> {
  const wanted = new Set(names.map((name) => name.toLowerCase()));
  const deleted = new Set<string>();
  const found = new Map<string, string>();
  const intern = interning();
  const carried = new Map<string, string>();
  const columns = [...wanted];
  const byEmail = new DxValues(emails, columns, columns.some((name) => name in Object.prototype));
  const listed = await readPages<SyncDxUser>(
    lane,
    async (index, options) => {
      const page = await dx.listUsersPage({ page: index + 1, pageSize: DX_PAGE_SIZE }, options);
      return page.ok ? { ...page, data: { items: page.data.users, more: page.data.nextPage !== null } } : page;
    },
    (user) => {
      for (const { name, value } of user.attributes ?? []) {
        const key = String(name).toLowerCase();
        if (!carried.has(key)) carried.set(key, String(name));
        if (wanted.has(key) && typeof value === 'string') found.set(key, value);
      }
      const values = columns.map((key) => {
        const value = found.get(key);
        return value === undefined ? undefined : intern(value);
      });
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
