// One user's current Looker values, read with every value on the search path: what plan compares
// the record with, and what apply re-checks before writing to a stale plan or a change in doubt.
import { failure, type PlainResult } from '../../core/result.js';
import { plainError, type SyncError } from '../model/errors.js';
import type { SyncAttributeValue, SyncLooker } from '../model/ports.js';
import type { Lane } from '../lanes/lane.js';

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
  readonly name: string;
  readonly hidden: boolean;
  /** Empty for an attribute not created yet (it is not read). */
  readonly id: string;
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
  // An attribute the plan creates holds no value yet: nothing to read of it.
  const userAttributeIds = attributes.map((attribute) => attribute.id).filter((id) => id !== '');
  if (!userAttributeIds.length) return { ok: true, data: new Map(attributes.map((attribute) => [attribute.name, currentOf([], attribute)])) };
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
