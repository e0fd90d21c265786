// The mapping from record fields to Looker and DX attribute names: its shape, and the check that
// turns an untrusted value (a parsed JSON file) into one, naming every problem by its key path.
import { isRecord } from '../../core/input-checks.js';
import type { PlainResult } from '../../core/result.js';
import { checkLookerDesiredState, type LookerDesiredState } from './desired-state.js';
import type { SyncService } from './ports.js';

/** What to do when a record's field is empty, `null` or missing. */
export type WhenEmpty = 'remove' | 'keep';

/** Where one record field goes. */
export interface SyncFieldMapping {
  /** Looker user attribute **name** (lowercase letters, digits and underscores). */
  readonly looker?: string;
  /** DX attribute name (matched case-insensitively, as DX does). */
  readonly dx?: string;
  /** `remove` (default): an empty field removes the user's own value; `keep` leaves it. */
  readonly whenEmpty: WhenEmpty;
  /** Turns the field's text into the value to write; `null` counts as empty. */
  readonly transform?: (value: string) => string | null;
}

/** A checked mapping, as `parseMapping` returns it. */
export interface SyncMapping {
  /** The record field holding the email (default `email`). */
  readonly email: string;
  /** Record field name → where it goes. */
  readonly fields: Readonly<Record<string, SyncFieldMapping>>;
  /** DX options of the desired state (see `SyncDxState`); absent when the mapping gives none. */
  readonly dx?: SyncDxState;
  /** Looker's attribute definitions and group values as they should be (absent: neither is managed). */
  readonly looker?: LookerDesiredState;
  /**
   * Calls each service may take in a calendar month (UTC), for `checkMonthlyBudget`: the command
   * line's `--monthly-budget` when that is not given. Absent when the mapping sets none.
   */
  readonly monthlyBudget?: Readonly<Partial<Record<SyncService, number>>>;
}

/** What the desired state says of DX beyond the fields. */
export interface SyncDxState {
  /**
   * DX attribute names the mapping writes that no DX user carries yet, declared new on purpose: DX
   * creates an attribute for any name it does not know, so a mapped name no listed user carries is
   * refused (`unknown_dx_attribute`) unless it is named here. Compared case-insensitively, as DX does.
   */
  readonly newAttributes: readonly string[];
}

/** One problem of a mapping, e.g. `{ path: 'fields.Region.looker', problem: '…' }`. */
export interface MappingIssue {
  readonly path: string;
  readonly problem: string;
}

/** The mapping was refused; `issues` lists every problem, not just the first. */
export interface InvalidMappingError {
  readonly kind: 'invalid_mapping';
  readonly message: string;
  readonly issues: readonly MappingIssue[];
}

const LOOKER_NAME = /^[a-z0-9_]+$/;
const TOP_KEYS = new Set(['email', 'fields', 'looker', 'dx', 'monthlyBudget']);
const FIELD_KEYS = new Set(['looker', 'dx', 'whenEmpty', 'transform']);

const nonEmptyText = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '' && value === value.trim();

/** Key path of a field, quoted when it is not a plain identifier. */
const fieldPath = (name: string) => (/^[A-Za-z_][\w]*$/.test(name) ? `fields.${name}` : `fields[${JSON.stringify(name)}]`);

/**
 * Checks a mapping (typically parsed from JSON; library users may add `transform` functions) and
 * returns it with defaults filled in, or an `invalid_mapping` error naming every problem.
 */
export function parseMapping(value: unknown): PlainResult<SyncMapping, InvalidMappingError> {
  const issues: MappingIssue[] = [];
  const add = (path: string, problem: string) => issues.push({ path, problem });
  if (!isRecord(value)) {
    add('', 'must be an object with "fields"');
    return refuse(issues);
  }
  for (const key of Object.keys(value)) if (!TOP_KEYS.has(key)) add(key, 'is not a mapping option (email, fields, looker, dx, monthlyBudget)');
  const email = value.email ?? 'email';
  if (!nonEmptyText(email)) add('email', 'must be the name of the record field holding the email');
  const fields: Record<string, SyncFieldMapping> = {};
  // A desired state of definitions or group values alone maps no record field.
  const declares = (part: unknown) => isRecord(part) && Object.keys(part).length > 0;
  const layered = isRecord(value.looker) && (declares(value.looker.attributes) || declares(value.looker.groupValues));
  if (!(value.fields === undefined && layered) && (!isRecord(value.fields) || !Object.keys(value.fields).length)) {
    add('fields', `must be an object naming at least one record field${layered ? '' : ' (or leave it out and declare looker.attributes or looker.groupValues)'}`);
    if (value.looker !== undefined) checkLookerDesiredState(value.looker, [], add);
    return refuse(issues);
  }
  const lookerTargets = new Map<string, string>();
  const dxTargets = new Map<string, string>();
  for (const [name, raw] of Object.entries(value.fields ?? {})) {
    const at = fieldPath(name);
    if (name === email) add(at, 'is the email field; it cannot also be mapped');
    if (!isRecord(raw)) {
      add(at, 'must be an object with "looker" and/or "dx"');
      continue;
    }
    for (const key of Object.keys(raw)) if (!FIELD_KEYS.has(key)) add(`${at}.${key}`, 'is not a field option (looker, dx, whenEmpty, transform)');
    const { looker, dx, whenEmpty = 'remove', transform } = raw;
    if (looker === undefined && dx === undefined) add(at, 'must name a "looker" or a "dx" attribute');
    if (looker !== undefined) {
      if (typeof looker !== 'string' || !LOOKER_NAME.test(looker))
        add(`${at}.looker`, 'must be a Looker attribute name (lowercase letters, digits and underscores)');
      else claim(lookerTargets, looker, at, `${at}.looker`, add);
    }
    if (dx !== undefined) {
      if (!nonEmptyText(dx)) add(`${at}.dx`, 'must be a DX attribute name (non-empty, no surrounding spaces)');
      else claim(dxTargets, dx.toLowerCase(), at, `${at}.dx`, add);
    }
    if (whenEmpty !== 'remove' && whenEmpty !== 'keep') add(`${at}.whenEmpty`, 'must be "remove" or "keep"');
    if (transform !== undefined && typeof transform !== 'function') add(`${at}.transform`, 'must be a function (value: string) => string | null');
    fields[name] = {
      ...(typeof looker === 'string' && { looker }),
      ...(typeof dx === 'string' && { dx }),
      whenEmpty: whenEmpty as WhenEmpty,
      ...(typeof transform === 'function' && { transform: transform as SyncFieldMapping['transform'] }),
    };
  }
  const dxState = value.dx === undefined ? undefined : parseDxState(value.dx, dxTargets, add);
  const monthlyBudget = value.monthlyBudget === undefined ? undefined : parseMonthlyBudget(value.monthlyBudget, add);
  const looker = value.looker === undefined ? undefined : checkLookerDesiredState(value.looker, [...lookerTargets.keys()], add);
  if (issues.length) return refuse(issues);
  const options = { ...(looker && { looker }), ...(dxState && { dx: dxState }), ...(monthlyBudget && { monthlyBudget }) };
  return { ok: true, data: { email: email as string, fields, ...options } };
}

/** Checks `monthlyBudget` (`{ looker?: calls, dx?: calls }`, whole numbers above 0). */
function parseMonthlyBudget(raw: unknown, add: (path: string, problem: string) => void): Partial<Record<SyncService, number>> | undefined {
  if (!isRecord(raw)) {
    add('monthlyBudget', 'must be an object: { "looker": calls, "dx": calls }');
    return undefined;
  }
  const budget: Partial<Record<SyncService, number>> = {};
  for (const [key, calls] of Object.entries(raw)) {
    if (key !== 'looker' && key !== 'dx') add(`monthlyBudget.${key}`, 'is not a service (looker, dx)');
    else if (!(typeof calls === 'number' && Number.isSafeInteger(calls) && calls > 0)) add(`monthlyBudget.${key}`, 'must be a whole number of calls above 0');
    else budget[key] = calls;
  }
  return budget;
}

/** Checks `dx` (`{ newAttributes: [...] }`): each name one the mapping writes to DX, once. */
function parseDxState(raw: unknown, dxTargets: ReadonlyMap<string, string>, add: (path: string, problem: string) => void): SyncDxState | undefined {
  if (!isRecord(raw)) {
    add('dx', 'must be an object: { "newAttributes": [...] }');
    return undefined;
  }
  for (const key of Object.keys(raw)) if (key !== 'newAttributes') add(`dx.${key}`, 'is not a DX option (newAttributes)');
  const names: unknown = raw.newAttributes ?? [];
  if (!Array.isArray(names)) {
    add('dx.newAttributes', 'must be an array of the DX attribute names the mapping writes that are new on purpose');
    return undefined;
  }
  const seen = new Set<string>();
  names.forEach((name: unknown, i) => {
    const at = `dx.newAttributes[${i}]`;
    if (!nonEmptyText(name)) add(at, 'must be a DX attribute name (non-empty, no surrounding spaces)');
    else if (!dxTargets.has(name.toLowerCase())) add(at, `is not a DX attribute the mapping writes: ${JSON.stringify(name)}`);
    else if (seen.has(name.toLowerCase())) add(at, `names ${JSON.stringify(name)} twice (names match case-insensitively)`);
    else seen.add(name.toLowerCase());
  });
  return { newAttributes: names.filter(nonEmptyText) };
}

/** Records that `field` writes `target`, or an issue when another field already does. */
function claim(targets: Map<string, string>, target: string, field: string, path: string, add: (path: string, problem: string) => void) {
  const owner = targets.get(target);
  if (owner !== undefined) add(path, `writes the same attribute as ${owner}`);
  else targets.set(target, field);
}

function refuse(issues: MappingIssue[]): { ok: false; error: InvalidMappingError } {
  const first = issues[0] as MappingIssue;
  const where = first.path ? `${first.path} ` : '';
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return { ok: false, error: { kind: 'invalid_mapping', message: `invalid mapping: ${where}${first.problem}${more}`, issues } };
}

/** Every Looker attribute name the mapping writes, in mapping order. */
export const lookerNames = (mapping: SyncMapping): string[] =>
  Object.values(mapping.fields).flatMap((field) => (field.looker ? [field.looker] : []));

/** Every DX attribute name the mapping writes, in mapping order. */
export const dxNames = (mapping: SyncMapping): string[] => Object.values(mapping.fields).flatMap((field) => (field.dx ? [field.dx] : []));
