// Whether a user's new resolved value is broader than the old: under an advanced filter type, or
// when the user falls back to a permissive default (`%`, empty, NULL), it may show them more rows.
import type { ResolvedValue } from '../model/effective.js';

/** The comma-separated terms of a filter expression, trimmed and upper-cased; none for null or blank. */
const termsOf = (value: string | null): string[] =>
  value === null ? [] : value.split(',').map((term) => term.trim().toUpperCase()).filter((term) => term !== '');

/**
 * True for a value that filters nothing out, or lets more through than one literal: a blank one,
 * or a term `%` or `NULL` (a real provider's default is `"%, NULL"`). No value at all (null) is
 * not: an access filter on an attribute the user has no value of shows them nothing.
 */
export function isPermissive(value: string | null): boolean {
  if (value === null) return false;
  const terms = termsOf(value);
  return terms.length === 0 || terms.some((term) => term === '%' || term === 'NULL');
}

/**
 * A term of Looker's filter expressions that matches more than one literal value: a wildcard
 * (`EMEA%`), a negation (`-EMEA`, `NOT 3`), a comparison or range (`>5`, `[0,10]`), or NULL.
 */
const isOpenTerm = (term: string): boolean => term.includes('%') || term === 'NULL' || /^(-|NOT\b|[<>[(])/.test(term);

/**
 * Whether `after` gives the user a broader value than `before`. Under an `advanced_filter_*` type:
 * a permissive value where there was none, a strict superset of the terms, or an open term (see
 * `isOpenTerm`) that was not there. Under any other type: falling back to a permissive default. A
 * different literal (`EMEA` → `APAC`) is a change, not a widening. Deliberately cautious: a filter
 * expression is not evaluated, so a rewrite that matches the same rows may be flagged.
 */
export function widens(type: string | null, before: ResolvedValue, after: ResolvedValue): boolean {
  if (before.value === after.value) return false;
  if (isPermissive(after.value) && !isPermissive(before.value)) {
    return type?.startsWith('advanced_filter') === true || after.source === 'default';
  }
  if (type?.startsWith('advanced_filter') !== true) return false;
  // From no value to a literal one is a value given, not a broader one.
  if (before.value === null) return false;
  const was = new Set(termsOf(before.value));
  const will = termsOf(after.value);
  const superset = will.length > was.size && [...was].every((term) => will.includes(term));
  return superset || will.some((term) => isOpenTerm(term) && !was.has(term));
}
