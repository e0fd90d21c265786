import type { InputCheck } from '../core/failures.js';
import { describe, isRecord } from '../core/validate.js';
import type { components } from '../generated/dx.js';

type AttributeWrite = components['schemas']['AttributeWrite'];

/** Attributes to set: a record of name to value, or a list of `{ name, value }`. `null` removes one. */
export type DxAttributes = Readonly<Record<string, string | null>> | readonly AttributeWrite[];

// Deliberately plain: one "@", no spaces or control characters, a dot in the domain.
const EMAIL = /^[^\s@\x00-\x1f\x7f]+@[^\s@\x00-\x1f\x7f]+\.[^\s@\x00-\x1f\x7f]+$/;

export function checkEmail(check: InputCheck, value: unknown): void {
  if (typeof value !== 'string') return check.add('email', `must be a string, got ${describe(value)}`);
  if (value.length > 254 || !EMAIL.test(value)) check.add('email', 'must be an email address');
}

/** Checks the attributes and returns them as the list DX takes. */
export function checkAttributes(check: InputCheck, value: unknown): AttributeWrite[] {
  let entries: [path: string, name: unknown, value: unknown][];
  if (Array.isArray(value)) {
    entries = [];
    value.forEach((item: unknown, i) => {
      if (isRecord(item)) entries.push([`attributes[${i}]`, item.name, item.value]);
      else check.add(`attributes[${i}]`, `must be an object { name, value }, got ${describe(item)}`);
    });
  } else if (isRecord(value)) {
    entries = Object.entries(value).map(([name, v]) => [`attributes[${JSON.stringify(name)}]`, name, v]);
  } else {
    check.add('attributes', `must be a record or an array of { name, value }, got ${describe(value)}`);
    return [];
  }
  if (Array.isArray(value) ? value.length === 0 : entries.length === 0) check.add('attributes', 'must name at least one attribute');

  const firstPathOfName = new Map<string, string>();
  const list: AttributeWrite[] = [];
  for (const [path, name, attributeValue] of entries) {
    if (typeof name !== 'string' || name.trim() === '') check.add(`${path}.name`, 'must be a non-empty string');
    else {
      // DX matches names case-insensitively, so two spellings of one name would race.
      const key = name.trim().toLowerCase();
      const first = firstPathOfName.get(key);
      if (first) check.add(`${path}.name`, `names the same attribute as ${first}`);
      else firstPathOfName.set(key, path);
    }
    if (typeof attributeValue !== 'string' && attributeValue !== null) {
      check.add(`${path}.value`, `must be a string or null, got ${describe(attributeValue)}`);
    }
    list.push({ name: name as string, value: attributeValue as string | null });
  }
  return list;
}
