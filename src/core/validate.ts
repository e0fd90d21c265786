import type { InputCheck } from './failures.js';

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A method's input fields, or none (with the problem noted) when the input is not an object. */
export function readInput(check: InputCheck, input: unknown): Record<string, unknown> {
  if (isRecord(input)) return input;
  check.add('input', `must be an object, got ${describe(input)}`);
  return {};
}

// RFC 3986 unreserved and sub-delims, plus ':' and '@'. No '/', '\', '%', '?', '#', spaces or
// control characters, so an id can only ever name one path segment.
const PATH_ID = /^[A-Za-z0-9._~:@!$&'()*+,;=-]{1,255}$/;

/** Checks an id that goes into a URL path segment. */
export function checkPathId(check: InputCheck, path: string, value: unknown): void {
  if (typeof value !== 'string') return check.add(path, `must be a string, got ${describe(value)}`);
  if (value === '') return check.add(path, 'must not be empty');
  if (value === '.' || value === '..') return check.add(path, `must not be "${value}"`);
  if (!PATH_ID.test(value)) {
    check.add(path, 'must be at most 255 letters, digits or URL-safe punctuation (no "/", "%", "?", "#", spaces or control characters)');
  }
}

/** Checks a required string. */
export function checkString(check: InputCheck, path: string, value: unknown): void {
  if (typeof value !== 'string') check.add(path, `must be a string, got ${describe(value)}`);
}

/** A short, secret-free description of a value's type for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value;
}

/** A non-empty token of visible ASCII: safe in an HTTP header (no spaces, control characters or line breaks). */
export function isHeaderSafe(value: unknown): value is string {
  return typeof value === 'string' && /^[\x21-\x7e]+$/.test(value);
}
