// Checks of what updateUserAttributes takes: the email and the attributes.
import { checkString, describe, isRecord, readInput, type InputCheck } from '../core/input-checks.js';
import type { components } from '../generated/dx.js';

type AttributeWrite = components['schemas']['AttributeWrite'];

/** Attributes to set: a record of name to value, or a list of `{ name, value }`. `null` removes one. */
export type DxAttributes = Readonly<Record<string, string | null>> | readonly AttributeWrite[];

// Deliberately plain: one "@", a dot in the domain, no spaces or control characters.
const EMAIL = /^[^\s@\0-\x1f\x7f]+@[^\s@\0-\x1f\x7f]+\.[^\s@\0-\x1f\x7f]+$/;

/** Whether `value` is an email address DX can be given: at most 254 characters, of the plain shape above. */
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
