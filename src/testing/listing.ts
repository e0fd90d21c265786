// Query parameters of the fake's list endpoints: LIKE patterns, comma lists, `fields`, `sorts`,
// `limit`/`offset`, booleans and integers. Bad values are 400s, as in Looker.
import { FakeRequestError } from './fake-error.js';

/**
 * A case-insensitive SQL LIKE matcher: `%` matches any run of characters, `_` exactly one, and a
 * backslash makes the next character literal. The whole text must match.
 */
export function likeMatcher(pattern: string): (text: string) => boolean {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] as string;
    if (char === '\\' && i + 1 < pattern.length) source += escapeRegExp(pattern[++i] as string);
    else if (char === '%') source += '.*';
    else if (char === '_') source += '.';
    else source += escapeRegExp(char);
  }
  const regex = new RegExp(`^${source}$`, 'isu');
  return (text) => regex.test(text);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/**
 * A comma-joined list (`name=1,2,3`), trimmed, blanks dropped. Undefined when absent or blank,
 * and when the parameter is repeated (`name=1&name=2`): Looker then ignores it.
 */
export function readCommaList(url: URL, name: string): string[] | undefined {
  const given = url.searchParams.getAll(name);
  if (given.length !== 1) return undefined;
  const items = (given[0] as string)
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  return items.length > 0 ? items : undefined;
}

/** `true` or `false`; undefined when absent; a 400 otherwise. */
export function readBoolean(url: URL, name: string): boolean | undefined {
  const given = url.searchParams.get(name);
  if (given === null || given === '') return undefined;
  if (given === 'true') return true;
  if (given === 'false') return false;
  throw new FakeRequestError('bad_request', `${name} must be true or false`);
}

/** An integer of at least `min`; undefined when absent; a 400 otherwise. */
export function readInteger(url: URL, name: string, min: number): number | undefined {
  const given = url.searchParams.get(name);
  if (given === null || given === '') return undefined;
  const value = Number(given);
  if (!/^\s*-?\d+\s*$/.test(given) || !Number.isSafeInteger(value) || value < min)
    throw new FakeRequestError('bad_request', `${name} must be an integer of at least ${min}`);
  return value;
}

/** The window `offset`/`limit` select: skip `offset`, then at most `limit` (all when absent). */
export function pageOf<T>(items: readonly T[], url: URL): T[] {
  const limit = readInteger(url, 'limit', 0);
  const offset = readInteger(url, 'offset', 0) ?? 0;
  return items.slice(offset, limit === undefined ? undefined : offset + limit);
}

/** Keeps only the fields `fields` names (a comma list); unknown names are ignored. All fields without it. */
export function selectFields<T extends object>(items: readonly T[], url: URL): Partial<T>[] {
  const fields = readCommaList(url, 'fields');
  if (!fields) return [...items];
  return items.map(
    (item) => Object.fromEntries(Object.entries(item).filter(([key]) => fields.includes(key))) as Partial<T>,
  );
}

/**
 * Sorts by `sorts` (`name`, `email desc`, `last_name, first_name`), stable. Null (and unknown
 * fields) sorts after every value, before them when descending. Numeric strings compare as
 * numbers, other strings case-insensitively.
 */
export function sortBySorts<T extends object>(items: readonly T[], url: URL): T[] {
  const keys = (url.searchParams.get('sorts') ?? '')
    .split(',')
    .map((part) => part.trim().split(/\s+/))
    .filter(([field]) => field)
    .map(([field, direction]) => ({ field: field as string, descending: direction?.toLowerCase() === 'desc' }));
  if (keys.length === 0) return [...items];
  return [...items].sort((a, b) => {
    for (const { field, descending } of keys) {
      const order = compareValues((a as Record<string, unknown>)[field], (b as Record<string, unknown>)[field]);
      if (order !== 0) return descending ? -order : order;
    }
    return 0;
  });
}

function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  if (typeof a === 'string' && typeof b === 'string') {
    if (/^\d+$/.test(a) && /^\d+$/.test(b)) return Number(a) - Number(b);
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return Number(a) - Number(b);
}
