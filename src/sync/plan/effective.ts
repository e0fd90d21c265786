// The effective-value diff: each user's value of one attribute resolved as Looker resolves it (own
// value, else the first group value by precedence among the user's groups, else the default),
// before and after a change of its definition or group values, and the users whose value changes.
// Pure: tested against the testing kit's own resolution.
import type { EffectiveChange, EffectiveDiff, ResolvedValue } from '../model/effective.js';
import { widens } from './widening.js';

export type { EffectiveChange, EffectiveDiff, ResolvedValue } from '../model/effective.js';

/** One group's value of an attribute. */
export interface EffectiveGroupValue {
  readonly groupId: string;
  readonly value: string;
  /** Lowest wins, when every group value has one; otherwise the list's order decides (first wins). */
  readonly rank?: number | null;
}

/** The layers of one attribute that decide its users' values, before or after a change. */
export interface AttributeLayers {
  /** Looker's type (`advanced_filter_string`, …): a broader value under an advanced filter widens access. */
  readonly type: string | null;
  readonly defaultValue: string | null;
  /** The attribute hides its values: the diff then lists who changes, never a value. */
  readonly hidden: boolean;
  readonly groupValues: readonly EffectiveGroupValue[];
}

/** A user as the diff needs them. */
export interface EffectiveUser {
  readonly id: string;
  readonly email?: string;
  /** The ids of the groups the user belongs to. */
  readonly groupIds: readonly string[];
  /** The user's own value: null when they have none, undefined when it was not read. */
  readonly own?: string | null;
  /** The user's own value once the plan's own writes are made (a set, or null for a removal); absent: as `own`. */
  readonly ownAfter?: string | null;
}

/** Group id → its place in precedence order and its value (the first of a group repeated wins). */
type Precedence = ReadonlyMap<string, { readonly place: number; readonly value: string }>;

/**
 * The group values in precedence order: by rank when every one has a rank (ties keep list order),
 * else in list order, as `set_user_attribute_group_values` describes.
 */
export function precedenceOf(groupValues: readonly EffectiveGroupValue[]): Precedence {
  const ranked = groupValues.length > 0 && groupValues.every((gv) => typeof gv.rank === 'number' && Number.isFinite(gv.rank));
  const ordered = ranked ? [...groupValues].sort((a, b) => (a.rank as number) - (b.rank as number)) : groupValues;
  const places = new Map<string, { place: number; value: string }>();
  ordered.forEach(({ groupId, value }, place) => {
    if (!places.has(groupId)) places.set(groupId, { place, value });
  });
  return places;
}

/** A user's value under one set of layers (an unread own value counts as none); `own` in place of the user's. */
export function resolveValue(
  user: EffectiveUser,
  layers: AttributeLayers,
  precedence: Precedence = precedenceOf(layers.groupValues),
  own: string | null | undefined = user.own,
): ResolvedValue {
  if (typeof own === 'string') return { value: own, source: 'user' };
  let best: { place: number; value: string; groupId: string } | undefined;
  for (const groupId of user.groupIds) {
    const held = precedence.get(groupId);
    if (held && (!best || held.place < best.place)) best = { ...held, groupId };
  }
  return best ? { value: best.value, source: 'group', groupId: best.groupId } : { value: layers.defaultValue, source: 'default' };
}

const hide = (resolved: ResolvedValue): ResolvedValue => ({ ...resolved, value: null });

/** Every user whose resolved value differs between `before` and `after`, with whether it widens. */
export function effectiveDiff(users: Iterable<EffectiveUser>, before: AttributeLayers, after: AttributeLayers): EffectiveDiff {
  const [was, will] = [precedenceOf(before.groupValues), precedenceOf(after.groupValues)];
  const valuesHidden = before.hidden || after.hidden;
  const changes: EffectiveChange[] = [];
  let upperBound = false;
  let widening = false;
  for (const user of users) {
    const ownAfter = user.ownAfter === undefined ? user.own : user.ownAfter;
    // A user's own value that stays wins over both: nothing changes for them.
    if (typeof user.own === 'string' && ownAfter === user.own) continue;
    const from = resolveValue(user, before, was);
    const to = resolveValue(user, after, will, ownAfter);
    if (from.value === to.value) continue;
    const broader = widens(after.type ?? before.type, from, to);
    const unread = user.own === undefined && user.ownAfter === undefined;
    upperBound ||= unread;
    widening ||= broader;
    changes.push({
      userId: user.id,
      ...(user.email !== undefined && { email: user.email }),
      before: valuesHidden ? hide(from) : from,
      after: valuesHidden ? hide(to) : to,
      widens: broader,
      ...(unread && { ownValueUnread: true as const }),
    });
  }
  return { count: changes.length, changes, upperBound, widens: widening, valuesHidden };
}
