// The changes of one user, decided without any I/O: what each attribute needs (set, remove or
// unchanged), with the warnings and per-field problems that go with it. Pure: tested without I/O.
import type { SyncMapping } from '../model/mapping.js';
import type { Change, PlannedLookerAttribute, SyncWarning } from '../model/plan.js';
import type { ReadRecord, SyncProblem } from '../model/records.js';
import type { DxEntry } from '../reads/dx-listing.js';
import type { LookerCurrent } from '../reads/looker-values.js';
import { lookerValueProblem } from '../model/value-types.js';

/** The changes of one user in one service, and what was found on the way. */
export interface UserPlan {
  readonly changes: Change[];
  readonly warnings: SyncWarning[];
  readonly problems: SyncProblem[];
}

/** What the record asks for one attribute: a value, a removal, or nothing (keep / refused). */
type Desired = { readonly value: string } | { readonly remove: true } | { readonly keep: true };

function desiredOf(record: ReadRecord, field: string, whenEmpty: 'remove' | 'keep'): Desired | undefined {
  if (!record.values.has(field)) return undefined;
  const value = record.values.get(field) ?? null;
  if (value !== null) return { value };
  return whenEmpty === 'keep' ? { keep: true } : { remove: true };
}

/** Looker attributes that users can edit, as warnings (one per attribute, not per user). */
export function userEditableWarnings(attributes: readonly PlannedLookerAttribute[]): SyncWarning[] {
  return attributes
    .filter((attribute) => attribute.userCanEdit)
    .map((attribute) => ({
      service: 'looker',
      attribute: attribute.name,
      kind: 'user_editable',
      message: `users can edit ${attribute.name} themselves, so Looker cannot use it as an access filter`,
    }));
}

/** Plans the Looker attributes of one user from the record and what the user has now. */
export function planLookerUser(
  mapping: SyncMapping,
  record: ReadRecord,
  attributes: ReadonlyMap<string, PlannedLookerAttribute>,
  current: ReadonlyMap<string, LookerCurrent>,
): UserPlan {
  const plan: UserPlan = { changes: [], warnings: [], problems: [] };
  const { email, index } = record;
  for (const [field, target] of Object.entries(mapping.fields)) {
    const attribute = target.looker === undefined ? undefined : attributes.get(target.looker);
    const desired = desiredOf(record, field, target.whenEmpty);
    if (!attribute || !desired) continue;
    const name = attribute.name;
    const now = current.get(name) ?? { hidden: false, fallback: { value: null, source: 'No Value' }, fallbackIsDefault: false };
    if ('keep' in desired) {
      plan.changes.push({ attribute: name, action: 'unchanged' });
    } else if (now.hidden) {
      // Listed as readable, yet its values came back hidden: nothing can be compared, so nothing is planned.
      const message = `Looker returned ${email}'s ${name} hidden: it cannot be compared, so it is left out`;
      plan.problems.push({ email, record: index, service: 'looker', attribute: name, kind: 'read_failed', message });
    } else if ('value' in desired) {
      const problem = lookerValueProblem(attribute.type, desired.value);
      if (problem) {
        // The value itself is left out of the message: the record may hold what is not meant to be shown.
        const message = `"${field}" ${problem} (${attribute.type === null ? `the attribute ${name}` : `the ${attribute.type} attribute ${name}`})`;
        plan.problems.push({ email, record: index, service: 'looker', attribute: name, kind: 'invalid_value', message });
      } else if (now.own?.value === desired.value) {
        plan.changes.push({ attribute: name, action: 'unchanged' });
      } else {
        plan.changes.push({ attribute: name, action: 'set', before: now.own?.value ?? null, after: desired.value });
      }
    } else if (!now.own) {
      plan.changes.push({ attribute: name, action: 'unchanged' });
    } else {
      plan.changes.push({ attribute: name, action: 'remove', before: now.own.value, fallback: now.fallback });
      if (now.fallbackIsDefault && now.fallback.value !== '') {
        plan.warnings.push({
          email,
          service: 'looker',
          attribute: name,
          kind: 'widens_access',
          message: `removing ${email}'s own ${name} leaves them on the attribute's default "${now.fallback.value}", which may widen access`,
        });
      }
    }
  }
  return plan;
}

/**
 * Plans the DX attributes of one user. A user DX does not list may still exist: it simply has no
 * attributes DX will tell us about, so everything asked for is a `set` and nothing is removed.
 */
export function planDxUser(mapping: SyncMapping, record: ReadRecord, entry: DxEntry | undefined): UserPlan {
  const plan: UserPlan = { changes: [], warnings: [], problems: [] };
  for (const [field, target] of Object.entries(mapping.fields)) {
    const desired = desiredOf(record, field, target.whenEmpty);
    if (target.dx === undefined || !desired) continue;
    const attribute = target.dx;
    const before = entry?.[attribute.toLowerCase()];
    if ('keep' in desired) plan.changes.push({ attribute, action: 'unchanged' });
    else if ('value' in desired) {
      if (before === desired.value) plan.changes.push({ attribute, action: 'unchanged' });
      else plan.changes.push({ attribute, action: 'set', before: before ?? null, after: desired.value });
    } else if (before === undefined) plan.changes.push({ attribute, action: 'unchanged' });
    else plan.changes.push({ attribute, action: 'remove', before, fallback: { value: null, source: 'none' } });
  }
  return plan;
}
