// The desired state of Looker's attribute definitions and group values, as a mapping declares it
// under `looker`: its types, and the check that names every wrong key, type or value by its path.
import { isRecord } from '../../core/input-checks.js';
import type { LookerAttributeType } from './ports.js';
import { lookerValueProblem } from './value-types.js';

/** The properties of a definition the desired state may manage; one left out is left as it is. */
export interface DesiredDefinition {
  readonly type?: LookerAttributeType;
  readonly label?: string;
  /** The default value; null for none. */
  readonly default?: string | null;
  /** Hide the values (Looker then needs `hiddenValueDomains`). */
  readonly hidden?: boolean;
  readonly userCanView?: boolean;
  readonly userCanEdit?: boolean;
  /** Where hidden values may be sent (Looker's domain whitelist): set once, never edited after. */
  readonly hiddenValueDomains?: readonly string[];
}

/** An attribute to delete: said explicitly, per attribute; nothing else is ever deleted. */
export interface DeletedDefinition {
  readonly delete: true;
}

/** One declared attribute: its definition, or its deletion. */
export type DesiredAttribute = DesiredDefinition | DeletedDefinition;

/** One group holding a value, found by its exact name (groups are never created). */
export interface DesiredGroupValue {
  readonly group: string;
  readonly value: string;
  /** Looker's rank: on every item of the list or on none (then the first wins). */
  readonly rank?: number;
}

/** What the desired state says of Looker, beside the per-user fields. */
export interface LookerDesiredState {
  /** Attribute name → its definition (or deletion). Attributes not named are never touched. */
  readonly attributes: Readonly<Record<string, DesiredAttribute>>;
  /** Attribute name → exactly the groups that hold a value for it, in precedence order. */
  readonly groupValues: Readonly<Record<string, readonly DesiredGroupValue[]>>;
}

/** True when the declared attribute is to be deleted. */
export const isDeletion = (attribute: DesiredAttribute): attribute is DeletedDefinition => 'delete' in attribute;

type Add = (path: string, problem: string) => void;

const LOOKER_NAME = /^[a-z0-9_]+$/;
const TYPES = ['string', 'number', 'datetime', 'yesno', 'zipcode', 'relative_url', 'advanced_filter_string', 'advanced_filter_number', 'advanced_filter_datetime'];
const DEFINITION_KEYS = ['type', 'label', 'default', 'hidden', 'userCanView', 'userCanEdit', 'hiddenValueDomains', 'delete'];
const DOMAIN = /^[^,\s\0-\x1f\x7f]+$/;

/** Path of a key under `at`, quoted when it is not a plain identifier. */
export const keyPath = (at: string, name: string) => (/^[A-Za-z_][\w]*$/.test(name) ? `${at}.${name}` : `${at}[${JSON.stringify(name)}]`);

function checkDelete(raw: Record<string, unknown>, at: string, add: Add): DeletedDefinition | undefined {
  if (raw.delete !== true) {
    add(`${at}.delete`, 'must be true (to delete the attribute) or left out');
    return undefined;
  }
  const others = Object.keys(raw).filter((key) => key !== 'delete');
  if (others.length) add(at, `deletes the attribute: it cannot also declare ${others.join(', ')}`);
  return { delete: true };
}

function checkDefinition(raw: Record<string, unknown>, at: string, add: Add): DesiredAttribute | undefined {
  for (const key of Object.keys(raw)) if (!DEFINITION_KEYS.includes(key)) add(`${at}.${key}`, `is not a definition property (${DEFINITION_KEYS.join(', ')})`);
  if (raw.delete !== undefined) return checkDelete(raw, at, add);
  const { type, label, default: fallback, hidden, userCanView, userCanEdit, hiddenValueDomains: domains } = raw;
  if (type !== undefined && !(typeof type === 'string' && TYPES.includes(type))) add(`${at}.type`, `must be one of ${TYPES.join(', ')}`);
  if (label !== undefined && !(typeof label === 'string' && label.trim() !== '')) add(`${at}.label`, 'must be a non-blank text');
  if (fallback !== undefined && fallback !== null && typeof fallback !== 'string') add(`${at}.default`, 'must be a text or null (no default)');
  for (const [key, flag] of Object.entries({ hidden, userCanView, userCanEdit }))
    if (flag !== undefined && typeof flag !== 'boolean') add(`${at}.${key}`, 'must be true or false');
  if (domains !== undefined && !(Array.isArray(domains) && domains.length && domains.every((d) => typeof d === 'string' && DOMAIN.test(d))))
    add(`${at}.hiddenValueDomains`, 'must be a non-empty list of destinations (hosts, `*` wildcards allowed)');
  if (typeof type === 'string' && typeof fallback === 'string') {
    const problem = lookerValueProblem(type, fallback);
    if (problem) add(`${at}.default`, `${problem} (type ${type})`);
  }
  if (hidden === true && domains === undefined) add(`${at}.hiddenValueDomains`, 'is required to hide values (hidden: true)');
  if (hidden !== true && domains !== undefined) add(`${at}.hidden`, 'must be true when hiddenValueDomains is given');
  if (hidden === true && (userCanView === true || userCanEdit === true)) add(`${at}.hidden`, 'cannot hide values users may view or edit');
  if (userCanEdit === true && userCanView === false) add(`${at}.userCanEdit`, 'needs userCanView: true');
  return raw as DesiredDefinition;
}

function checkGroupList(list: unknown, at: string, add: Add): DesiredGroupValue[] | undefined {
  if (!Array.isArray(list)) {
    add(at, 'must be a list of { group, value } in precedence order (an empty list removes every group value)');
    return undefined;
  }
  const groups = new Map<string, number>();
  const ranks = new Map<number, number>();
  list.forEach((item: unknown, i) => {
    const path = `${at}[${i}]`;
    if (!isRecord(item)) return add(path, 'must be { group, value } (rank optional)');
    for (const key of Object.keys(item)) if (!['group', 'value', 'rank'].includes(key)) add(`${path}.${key}`, 'is not a group value property (group, value, rank)');
    const { group, value, rank } = item;
    if (!(typeof group === 'string' && group.trim() !== '')) add(`${path}.group`, 'must be the exact name of a Looker group');
    else if (groups.has(group)) add(`${path}.group`, `repeats ${at}[${groups.get(group)}]`);
    else groups.set(group, i);
    if (typeof value !== 'string') add(`${path}.value`, 'must be a text');
    if (rank !== undefined) {
      if (!Number.isSafeInteger(rank)) add(`${path}.rank`, 'must be a whole number');
      else if (ranks.has(rank as number)) add(`${path}.rank`, `repeats the rank of ${at}[${ranks.get(rank as number)}]`);
      else ranks.set(rank as number, i);
    }
  });
  const ranked = list.filter((item) => isRecord(item) && item.rank !== undefined).length;
  if (ranked && ranked < list.length) add(at, `must give a rank to every item or to none (${ranked} of ${list.length} have one)`);
  return list as DesiredGroupValue[];
}

/** Checks the whole record of `key` under `at`, naming each entry by `check`. */
function checkEach<T>(value: unknown, at: string, add: Add, check: (raw: unknown, path: string) => T | undefined): Record<string, T> {
  const out: Record<string, T> = {};
  if (value === undefined) return out;
  if (!isRecord(value)) {
    add(at, 'must be an object keyed by Looker attribute name');
    return out;
  }
  for (const [name, raw] of Object.entries(value)) {
    const path = keyPath(at, name);
    if (!LOOKER_NAME.test(name)) add(path, 'must be a Looker attribute name (lowercase letters, digits and underscores)');
    const checked = check(raw, path);
    if (checked !== undefined) out[name] = checked;
  }
  return out;
}

/**
 * Checks the `looker` key of a mapping, adding every problem by its path (`looker.attributes.region.type`).
 * `mapped` are the Looker names the mapping's fields write, which a deleted attribute must not be.
 */
export function checkLookerDesiredState(value: unknown, mapped: readonly string[], add: Add): LookerDesiredState | undefined {
  if (!isRecord(value)) {
    add('looker', 'must be an object with "attributes" and/or "groupValues"');
    return undefined;
  }
  for (const key of Object.keys(value)) if (key !== 'attributes' && key !== 'groupValues') add(`looker.${key}`, 'is not a Looker option (attributes, groupValues)');
  const attributes = checkEach(value.attributes, 'looker.attributes', add, (raw, path) => {
    if (isRecord(raw)) return checkDefinition(raw, path, add);
    add(path, 'must be an object of definition properties, or { delete: true }');
    return undefined;
  });
  const groupValues = checkEach(value.groupValues, 'looker.groupValues', add, (raw, path) => checkGroupList(raw, path, add));
  for (const [name, attribute] of Object.entries(attributes)) {
    if (!isDeletion(attribute)) continue;
    if (groupValues[name]) add(keyPath('looker.groupValues', name), 'names an attribute looker.attributes deletes');
    if (mapped.includes(name)) add(keyPath('looker.attributes', name), 'is deleted, yet a field of the mapping writes it');
  }
  for (const [name, list] of Object.entries(groupValues)) {
    const declared = attributes[name];
    const type = declared && !isDeletion(declared) ? declared.type : undefined;
    if (type === undefined) continue;
    list.forEach((item, i) => {
      const problem = typeof item.value === 'string' ? lookerValueProblem(type, item.value) : undefined;
      if (problem) add(`${keyPath('looker.groupValues', name)}[${i}].value`, `${problem} (type ${type})`);
    });
  }
  return { attributes, groupValues };
}
