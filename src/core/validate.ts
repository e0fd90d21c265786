import type { InputCheck } from './failures.js';

/** A plain object: not null, an array, a function, a boxed primitive, a Date, a Map, a Promise… */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return Object.prototype.toString.call(value) === '[object Object]';
}

/** A short, secret-free description of a value's type for error messages. */
export function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}

/**
 * A copy of a method's input fields, or none (with the problem noted) when the input is not an
 * object. Own properties only, each read once: a getter cannot change a checked value before it is
 * sent, and a polluted `Object.prototype` cannot supply one.
 */
export function readInput(check: InputCheck, input: unknown, path = 'input'): Record<string, unknown> {
  if (isRecord(input)) return { __proto__: null, ...input };
  check.add(path, `must be an object, got ${describe(input)}`);
  return {};
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
export function checkPathId(check: InputCheck, path: string, value: unknown): void {
  if (!checkString(check, path, value)) return;
  if (value === '') check.add(path, 'must not be empty');
  else if (value === '.' || value === '..') check.add(path, `must not be "${value}"`);
  else if (!PATH_ID.test(value)) check.add(path, 'must be 1-255 letters, digits or URL-safe punctuation (no / % ? # or spaces)');
}

/** A non-empty token of visible ASCII: safe in an HTTP header (no spaces, control characters or line breaks). */
export function isHeaderSafe(value: unknown): value is string {
  return typeof value === 'string' && /^[\x21-\x7e]+$/.test(value);
}

/** Checks a client's base URL and returns it without a trailing slash. */
export function checkBaseUrl(value: unknown): string {
  const url = URL.canParse(String(value)) && new URL(String(value));
  // Nothing but the origin and a path: no credentials, query or fragment, not even an empty one.
  if (!url || !/^https?:$/.test(url.protocol) || url.href !== url.origin + url.pathname) {
    throw new TypeError('baseUrl must be an http(s) URL without credentials, query or fragment');
  }
  return url.href.replace(/\/+$/, '');
}
