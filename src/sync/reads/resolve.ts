// Resolving names to ids once per run: Looker users by exact email, Looker attributes by name,
// DX users and their current attributes from the listing, and one user's current Looker values.
import { failure, type PlainResult, type Result } from '../../core/result.js';
import { plainError, type SyncError } from '../model/errors.js';
import type { SyncProblem } from '../model/records.js';
import type { PortCallOptions, PortError, SyncAttributeValue, SyncDx, SyncDxUser, SyncLooker, SyncLookerAttribute, SyncLookerUser } from '../model/ports.js';
import type { Lane } from '../lanes/lane.js';

/** Looker's page size for `all_users` as the sync pages it. */
export const LOOKER_PAGE_SIZE = 500;
/** DX's largest `users.list` page. */
export const DX_PAGE_SIZE = 100;

/** The id of the one Looker user with an email, or the ids of every user sharing it. */
type LookerEntry = string | readonly string[];

/** Every Looker user by lowercased email, built from one paging of `all_users`. */
export interface LookerDirectory {
  // Ids alone, not users: 100,000 of them are held for the whole plan.
  readonly byEmail: ReadonlyMap<string, LookerEntry>;
  /** Ids of the disabled users. */
  readonly disabled: ReadonlySet<string>;
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

/** One page of a listing, and whether another may follow. */
interface Page<T> {
  readonly items: readonly T[];
  readonly more: boolean;
}

/**
 * Reads a listing page by page, one lane call per page: a 429 or a 5xx repeats that page only.
 * Resolves to the number of pages read.
 */
async function readPages<T>(
  lane: Lane,
  fetchPage: (index: number, options: PortCallOptions) => Promise<Result<Page<T>, PortError>>,
  each: (item: T) => void,
  signal?: AbortSignal,
  gate?: AbortSignal,
): Promise<PlainResult<number, PortError>> {
  for (let index = 0; ; index++) {
    const page = await lane.run((options) => fetchPage(index, options), signal, gate);
    if (!page.ok) return page;
    for (const item of page.data.items) each(item);
    if (!page.data.more) return { ok: true, data: index + 1 };
  }
}

/** Pages every Looker user into an exact, case-insensitive email map (no LIKE search involved). */
export async function loadLookerUsers(lane: Lane, looker: SyncLooker, signal?: AbortSignal): Promise<PlainResult<LookerDirectory, SyncError>> {
  const byEmail = new Map<string, LookerEntry>();
  const disabled = new Set<string>();
  const fields = ['id', 'email', 'is_disabled'];
  const listed = await readPages<SyncLookerUser>(
    lane,
    async (index, options) => {
      const page = await looker.allUsers({ fields, limit: LOOKER_PAGE_SIZE, offset: index * LOOKER_PAGE_SIZE }, options);
      // Looker says nothing of a total: a short page is the last.
      return page.ok ? { ...page, data: { items: page.data, more: page.data.length === LOOKER_PAGE_SIZE } } : page;
    },
    (user) => {
      const email = user.email?.trim().toLowerCase();
      if (!email) return;
      const id = String(user.id);
      if (user.is_disabled === true) disabled.add(id);
      const known = byEmail.get(email);
      if (known === undefined) byEmail.set(email, id);
      else byEmail.set(email, [...(typeof known === 'string' ? [known] : known), id]);
    },
    signal,
  );
  if (!listed.ok) return failure(plainError(listed.error, 'looker'));
  return { ok: true, data: { byEmail, disabled, pages: listed.data } };
}

/**
 * Looker attributes by name. A name that does not exist is an `unknown_attribute` error; an
 * attribute that hides its values a `hidden_attribute` error; an attribute Looker lists with a null
 * name matches no name.
 */
export async function loadLookerAttributes(
  lane: Lane,
  looker: SyncLooker,
  names: readonly string[],
  signal?: AbortSignal,
): Promise<PlainResult<Map<string, SyncLookerAttribute>, SyncError>> {
  const fields = ['id', 'name', 'label', 'type', 'default_value', 'value_is_hidden', 'user_can_view', 'user_can_edit'];
  const listed = await lane.run((options) => looker.allUserAttributes({ fields }, options), signal);
  if (!listed.ok) return failure(plainError(listed.error, 'looker'));
  const byName = new Map<string, SyncLookerAttribute>();
  for (const attribute of listed.data) if (typeof attribute.name === 'string') byName.set(attribute.name, attribute);
  const unknown = names.filter((name) => !byName.has(name));
  if (unknown.length) {
    const message = `Looker has no user attribute named ${unknown.join(', ')} (attributes are never created by the sync)`;
    return failure({ kind: 'unknown_attribute', message, service: 'looker', names: unknown });
  }
  const hidden = names.filter((name) => byName.get(name)?.value_is_hidden === true);
  if (hidden.length) {
    const [one, them] = hidden.length === 1 ? [`attribute ${hidden[0]} hides its`, 'it'] : [`attributes ${hidden.join(', ')} hide their`, 'them'];
    const message = `the Looker ${one} values: they cannot be read, so the sync cannot compare them, and it never carries hidden values `
      + `in a plan. Remove ${them} from the mapping (write a one-off value with the Looker client's setUserAttributeUserValue)`;
    return failure({ kind: 'hidden_attribute', message, service: 'looker', names: hidden });
  }
  return { ok: true, data: new Map(names.map((name) => [name, byName.get(name) as SyncLookerAttribute])) };
}

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
  readonly pages: number;
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
        if (wanted.has(key) && typeof value === 'string') found.set(key, value);
      }
      for (const key of wanted) {
        const value = found.get(key);
        if (value !== undefined) values[key] = value;
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
  return { ok: true, data: { byEmail, deleted, pages: listed.data } };
}

/** What one user has of one Looker attribute, read with `all_values=true`. */
export interface LookerCurrent {
  /** The attribute hides its values: they came back blank. */
  readonly hidden: boolean;
  /** The user's own value, when there is one (its `value` is null when hidden). */
  readonly own?: { readonly value: string | null };
  /** What the user resolves to without an own value: the first group value, else the default. */
  readonly fallback: { readonly value: string | null; readonly source: string };
  /** The fallback is the attribute's default (not a group's value, even of a group named "Default"). */
  readonly fallbackIsDefault: boolean;
}

const OWN_SOURCE = /^user( setting)?$/i;
const NO_VALUE_SOURCE = /^no value$/i;
const DEFAULT_SOURCE = /^default$/i;
// Group values carry their rank; the user's own value and the default carry none. A group may be
// named "User Setting" or "Default", so the source text alone cannot tell them apart.
const unranked = (row: SyncAttributeValue) => row.rank === null || row.rank === undefined;

/** The attribute as reading values needs it. */
export interface AttributeRef {
  readonly id: string;
  readonly name: string;
  readonly hidden: boolean;
  /** Used only when the reply lists nothing after the own value. */
  readonly defaultValue?: string | null;
}

/** Splits one attribute's search path (own value first, then groups, then default) into a `LookerCurrent`. */
export function currentOf(rows: readonly SyncAttributeValue[], attribute: AttributeRef): LookerCurrent {
  const hidden = attribute.hidden || rows.some((row) => row.value_is_hidden === true);
  const seen = (value: string | null | undefined) => (hidden || value === undefined ? null : value);
  const [first, ...rest] = rows;
  const isOwn = first !== undefined && unranked(first) && OWN_SOURCE.test(first.source ?? '');
  const after = (isOwn ? rest : rows).find((row) => !(unranked(row) && NO_VALUE_SOURCE.test(row.source ?? '')));
  const fallback = after
    ? { value: seen(after.value), source: after.source ?? 'unknown' }
    : attribute.defaultValue
      ? { value: hidden ? null : attribute.defaultValue, source: 'Default' }
      : { value: null, source: 'No Value' };
  const fallbackIsDefault = after ? unranked(after) && DEFAULT_SOURCE.test(after.source ?? '') : Boolean(attribute.defaultValue);
  return { hidden, ...(isOwn && { own: { value: seen(first.value) } }), fallback, fallbackIsDefault };
}

/** Reads one user's current values of the given attributes (one call, every value on the search path). `gate`: see `Lane.run`. */
export async function readLookerValues(
  lane: Lane,
  looker: SyncLooker,
  userId: string,
  attributes: readonly AttributeRef[],
  signal?: AbortSignal,
  gate?: AbortSignal,
): Promise<PlainResult<Map<string, LookerCurrent>, SyncError>> {
  const userAttributeIds = attributes.map((attribute) => attribute.id);
  const read = await lane.run(
    (options) => looker.userAttributeUserValues({ userId, userAttributeIds, allValues: true }, options),
    signal,
    gate,
  );
  if (!read.ok) return failure(plainError(read.error, 'looker'));
  const current = new Map<string, LookerCurrent>();
  for (const attribute of attributes) {
    const rows = read.data.filter((row) => {
      const id = row.user_attribute_id;
      return id !== null && id !== undefined ? String(id) === attribute.id : row.name === attribute.name;
    });
    current.set(attribute.name, currentOf(rows, attribute));
  }
  return { ok: true, data: current };
}
