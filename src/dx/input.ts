// Checks of what updateUserAttributes takes: the email and the attributes.
import { checkString, describe, isRecord, readInput, type InputCheck } from '../core/input-checks.js';
import type { components } from '../generated/dx.js';

type AttributeWrite = components['schemas']['AttributeWrite'];

/** Attributes to set: a record of name to value, or a list of `{ name, value }`. `null` removes one. */
export type DxAttributes = Readonly<Record<string, string | null>> | readonly AttributeWrite[];

// An address and nothing around it (no "mailto:", "<…>", name or quotes): a local part of the
// characters RFC 5322 allows unquoted, in dot-separated runs; "@"; a domain of two labels or more,
// each of letters, digits and inner hyphens, the last starting with a letter. Letters and digits
// beyond ASCII are allowed (internationalised addresses); IP literals and quoted local parts are not.
const EMAIL = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+(?:\.[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+)*@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+\p{L}(?:[\p{L}\p{N}-]*[\p{L}\p{N}])?$/u;

/**
 * Whether `value` is an email address: at most 254 characters of the shape above. The one rule of
 * the DX client and the sync (which plans no record for either service that fails it).
 */
export const isEmailAddress = (value: string): boolean => value.length <= 254 && EMAIL.test(value);

export function checkEmail(check: InputCheck, value: unknown): void {
  if (checkString(check, 'email', value) && !isEmailAddress(value)) check.add('email', 'must be an email address');
}

/** Checks the attributes and returns them as the list DX takes. */
export function checkAttributes(check: InputCheck, value: unknown): AttributeWrite[] {
  const list: unknown[] = Array.isArray(value)
    ? Array.from(value as unknown[])
    : isRecord(value)
      ? Object.entries(value).map(([name, v]) => ({ name, value: v }))
      : [];
  if (!Array.isArray(value) && !isRecord(value))
    check.add('attributes', `must be a record or an array of { name, value }, got ${describe(value)}`);
  else if (!list.length) check.add('attributes', 'must name at least one attribute');
  const names: string[] = [];
  return list.map((item, i) => {
    const at = Array.isArray(value) ? `attributes[${i}]` : `attributes.${(item as AttributeWrite).name}`;
    const { name, value: attributeValue } = readInput(check, item, at);
    // DX matches names case-insensitively, so two spellings of one name would race.
    const key = typeof name === 'string' ? name.trim().toLowerCase() : '';
    if (!key) check.add(`${at}.name`, 'must be a non-empty string');
    // A name that is a prototype key could pollute a JavaScript server's objects.
    else if (key === '__proto__') check.add(`${at}.name`, 'must not be __proto__');
    else if (names.includes(key)) check.add(`${at}.name`, 'repeats another name (names ignore case)');
    names.push(key);
    if (typeof attributeValue !== 'string' && attributeValue !== null) {
      check.add(`${at}.value`, `must be a string or null, got ${describe(attributeValue)}`);
    }
    return { name, value: attributeValue } as AttributeWrite;
  });
}
