// Checks of what callers pass in: collected per call, so every problem is reported at once.
import type { InputIssue, InvalidInputError } from './errors.js';
import { oneLine } from './redaction.js';

/** Collects every problem with a call's input before anything is sent. */
export class InputCheck {
  readonly issues: InputIssue[] = [];

  add(path: string, problem: string): void {
    this.issues.push({ path, problem });
  }

  /** The invalid_input error, or undefined when the input is fine. */
  error(operation: string, secrets: readonly string[] = []): InvalidInputError | undefined {
    const { issues } = this;
    if (!issues.length) return undefined;
    // Paths hold the caller's record keys (DX attribute names): kept whole in `issues`, not in the message.
    const message = oneLine(
      `${operation}: invalid input: ${issues.map((i) => `${i.path} ${i.problem}`).join('; ')}`,
      secrets,
      1000,
    );
    return { kind: 'invalid_input', operation, attempts: 0, issues, message };
  }
}

// The checks below never throw, whatever they are given: a revoked Proxy throws even from
// Array.isArray, and a Proxy's traps or a getter can throw from anything that reads it.

/** A plain object: not null, an array, a function, a boxed primitive, a Date, a Map, a Promise… */
export function isRecord(value: unknown): value is Record<string, unknown> {
  try {
    return Object.prototype.toString.call(value) === '[object Object]';
  } catch {
    return false;
  }
}

/** Array.isArray, false for what cannot even be asked. */
function isArray(value: unknown): value is unknown[] {
  try {
    return Array.isArray(value);
  } catch {
    return false;
  }
}

/** A short, secret-free description of a value's type for error messages. */
export function describe(value: unknown): string {
  return value === null ? 'null' : isArray(value) ? 'an array' : typeof value;
}

/**
 * A copy of a method's input fields, or none (with the problem noted) when the input is not an
 * object. Own properties only, each read once: a getter cannot change a checked value before it is
 * sent, and a polluted `Object.prototype` cannot supply one.
 */
export function readInput(check: InputCheck, input: unknown, path = 'input'): Record<string, unknown> {
  if (!isRecord(input)) {
    check.add(path, `must be an object, got ${describe(input)}`);
    return {};
  }
  try {
    return { __proto__: null, ...input };
  } catch {
    check.add(path, 'could not be read');
    return {};
  }
}

/**
 * The items of an array, read once, holes as `undefined` (so each is checked, and none is sent as
 * `null`); undefined with the problem noted when `value` is not an array.
 */
export function readList(check: InputCheck, path: string, value: unknown): unknown[] | undefined {
  if (!isArray(value)) {
    check.add(path, `must be an array, got ${describe(value)}`);
    return undefined;
  }
  try {
    return Array.from(value);
  } catch {
    check.add(path, 'could not be read');
    return undefined;
  }
}

/** Checks a required string. */
export function checkString(check: InputCheck, path: string, value: unknown): value is string {
  if (typeof value === 'string') return true;
  check.add(path, `must be a string, got ${describe(value)}`);
  return false;
}

// RFC 3986 unreserved and sub-delims, plus ':' and '@'. No '/', '\', '%', '?', '#', spaces or
// control characters, so an id can only ever name one path segment.
const PATH_ID = /^[\w.~:@!$&'()*+,;=-]{1,255}$/;

/** Checks an id that goes into a URL path segment. */
export function checkPathId(check: InputCheck, path: string, value: unknown): value is string {
  if (!checkString(check, path, value)) return false;
  if (value === '') check.add(path, 'must not be empty');
  else if (value === '.' || value === '..') check.add(path, `must not be "${value}"`);
  else if (!PATH_ID.test(value)) check.add(path, 'must be 1-255 letters, digits or URL-safe punctuation (no / % ? # or spaces)');
  else return true;
  return false;
}

/** A non-empty token of visible ASCII: safe in an HTTP header (no spaces, control characters or line breaks). */
export function isHeaderSafe(value: unknown): value is string {
  return typeof value === 'string' && /^[\x21-\x7e]+$/.test(value);
}

/** Checks an optional list of names sent comma-joined, so none may be empty or hold a comma. */
export function checkNameList(check: InputCheck, path: string, value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const items = readList(check, path, value);
  items?.forEach((item, i) => {
    if (checkString(check, `${path}[${i}]`, item) && !/^[^,\s]+$/.test(item)) {
      check.add(`${path}[${i}]`, 'must be non-empty, without commas or spaces');
    }
  });
  return items as string[] | undefined;
}

/** Checks an optional whole number from `min` to `max`. */
export function checkCount(check: InputCheck, path: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value !== undefined && !(Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max)) {
    check.add(path, `must be a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ''}`);
  }
  return value as number | undefined;
}

/** Checks an optional value of a primitive type. */
export function checkOptional<T extends 'string' | 'boolean'>(
  check: InputCheck,
  path: string,
  value: unknown,
  type: T,
): (T extends 'string' ? string : boolean) | undefined {
  if (value !== undefined && typeof value !== type) check.add(path, `must be a ${type}, got ${describe(value)}`);
  return value as (T extends 'string' ? string : boolean) | undefined;
}
