// The plan's effective-value sections: for each attribute whose definition or group values change,
// the effective diff over every Looker user listed (their groups from the listing, their own values
// where the plan read them, kept by keepOwnValue as the records are compared), and a warning for
// each attribute a change widens.
import type { EffectiveSection } from '../model/effective.js';
import type { Change, SyncWarning } from '../model/plan.js';
import type { LookerCurrent } from '../reads/looker-values.js';
import { effectiveDiff, type AttributeLayers, type EffectiveUser } from './effective.js';
import { held, type LookerDirectory } from './looker-directory.js';

/** One attribute's layers before and after the plan's definition and group-value changes. */
export interface LayerChange {
  readonly attribute: string;
  readonly before: AttributeLayers;
  readonly after: AttributeLayers;
}

/** A user's own value of an attribute as the plan read it, and as the plan's own writes leave it. */
export interface OwnValue {
  readonly own: string | null;
  /** Present when the plan writes the user's own value: the value set, or null when removed. */
  readonly after?: string | null;
}

/** Own values the plan read: attribute name → Looker user id → value. */
export type OwnValues = ReadonlyMap<string, ReadonlyMap<string, OwnValue>>;

/** Keeps a user's own value of `name` as read, and as the plan's changes leave it (comparing the records calls it). */
export function keepOwnValue(
  kept: Map<string, Map<string, OwnValue>>,
  name: string,
  userId: string,
  read: LookerCurrent | undefined,
  changes: readonly Change[],
): void {
  if (!read) return;
  const change = changes.find((c) => c.attribute === name);
  const after = change?.action === 'set' ? { after: change.after } : change?.action === 'remove' ? { after: null } : {};
  let users = kept.get(name);
  if (!users) kept.set(name, (users = new Map()));
  users.set(userId, { own: read.own?.value ?? null, ...after });
}

/** Every listed Looker user, with their groups and, where read, their own value of `attribute`. */
function* usersOf(directory: LookerDirectory, own: ReadonlyMap<string, OwnValue> | undefined): Generator<EffectiveUser> {
  const user = (id: string, email?: string): EffectiveUser => {
    const read = own?.get(id);
    return {
      id,
      ...(email !== undefined && { email }),
      groupIds: directory.groupsOf.get(held(id)) ?? [],
      ...(read && { own: read.own, ...(read.after !== undefined && { ownAfter: read.after }) }),
    };
  };
  for (const [email, entry] of directory.byEmail) {
    if (Array.isArray(entry)) for (const id of entry as readonly (number | string)[]) yield user(String(id), email);
    else yield user(String(entry), email);
  }
  for (const id of directory.withoutEmail) yield user(id);
}

const quote = (value: string | null) => (value === null ? 'no value' : JSON.stringify(value));

/** The sections, in the order given, and a `widens_access` warning per attribute a change widens. */
export function effectiveSections(
  directory: LookerDirectory,
  changes: readonly LayerChange[],
  own: OwnValues,
): { sections: EffectiveSection[]; warnings: SyncWarning[] } {
  const sections: EffectiveSection[] = [];
  const warnings: SyncWarning[] = [];
  for (const { attribute, before, after } of changes) {
    const diff = effectiveDiff(usersOf(directory, own.get(attribute)), before, after);
    sections.push({ attribute, ...diff });
    const widened = diff.changes.filter((change) => change.widens);
    if (!widened.length) continue;
    const first = widened[0] as (typeof widened)[number];
    const example = diff.valuesHidden ? '' : ` (${first.email ?? `user ${first.userId}`}: ${quote(first.before.value)} → ${quote(first.after.value)})`;
    const who = `${widened.length} user${widened.length === 1 ? '' : 's'}${diff.upperBound ? ' at most' : ''}`;
    const message = `the change gives ${who} a broader value of ${attribute} than before${example}: under row-level access filters they may see more`;
    warnings.push({ service: 'looker', attribute, kind: 'widens_access', message });
  }
  return { sections, warnings };
}
