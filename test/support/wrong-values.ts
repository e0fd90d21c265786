// The wrong values a plain JavaScript caller (or a bad JSON payload) could pass anywhere, and the
// check that a call given one is refused as invalid_input with nothing sent and nothing thrown.
import { expect } from 'vitest';
import type { LoopbackServer } from './http-server.js';

/** A revoked Proxy: it throws from anything that touches it, even Array.isArray. */
export const revoked = Proxy.revocable({}, {});
revoked.revoke();
/** Throws. */
export const boom = () => {
  throw new Error('boom');
};
/** A Proxy whose every trap throws. */
const trap = new Proxy({}, { get: boom, has: boom, ownKeys: boom, getOwnPropertyDescriptor: boom, getPrototypeOf: boom });

/** The wrong things a plain JavaScript caller (or a bad JSON payload) could pass anywhere. */
export const WRONG: [string, unknown][] = [
  ['undefined', undefined],
  ['null', null],
  ['0', 0],
  ['42', 42],
  ['NaN', NaN],
  ['-Infinity', -Infinity],
  ['a bigint', 42n],
  ['true', true],
  ['an empty string', ''],
  ['a 1 MiB string', 'x'.repeat(2 ** 20)],
  ['a NUL', '\0'],
  ['a header injection', 'a\r\nX-Evil: 1'],
  ['a path traversal', '../../admin'],
  ['unicode', 'Zürich-😀'],
  ['a right-to-left override', '\u202e42'],
  ['an array', ['42']],
  ['an empty array', []],
  ['a function', () => '42'],
  ['a symbol', Symbol('42')],
  ['a Date', new Date(0)],
  ['a boxed string', Object('42')],
  ['a Map', new Map([['42', '42']])],
  ['a Promise', Promise.resolve('42')],
  ['a JSON __proto__ payload', JSON.parse('{"__proto__": {"userId": "42", "timeoutMs": 0}}')],
  ['a throwing getter', Object.defineProperty({}, 'userId', { get: boom, enumerable: true })],
  ['a Proxy whose every trap throws', trap],
  ['a revoked Proxy', revoked.proxy],
  ['an object whose valueOf and toString throw', { valueOf: boom, toString: boom }],
];
/** The names of the wrong values that are strings (fine wherever any string is). */
export const STRINGS = new Set(WRONG.filter(([, value]) => typeof value === 'string').map(([name]) => name));

/** Fine exactly for the wrong values named. */
export const fineAs = (names: readonly string[]) => (name: string) => names.includes(name);
/** Fine where any string is (or the field may be left out). */
export const fineString = (name: string) => STRINGS.has(name) || name === 'undefined';
/** Fine where a whole number from `min` is (or the field may be left out). */
export const fineCount = (min: number) => (name: string) => name === 'undefined' || name === '42' || (min === 0 && name === '0');
/** Fine where a boolean is (or the field may be left out). */
export const fineBoolean = fineAs(['undefined', 'true']);
/** Fine where a list of names is (or the field may be left out). */
export const fineList = fineAs(['undefined', 'an array', 'an empty array']);

/** Checks `run` neither throws nor rejects, resolves to a clear `invalid_input`, and `server` received nothing. */
export async function expectRefusedBy(server: LoopbackServer, run: () => Promise<unknown>): Promise<void> {
  const before = server.seen.length;
  let promise: Promise<unknown> | undefined;
  expect(() => (promise = run())).not.toThrow();
  expect(promise).toBeInstanceOf(Promise);
  const result = (await promise) as {
    ok: boolean;
    error: { kind: string; attempts: number; issues: unknown[]; message: string };
  };
  expect(result.ok).toBe(false);
  expect(result.error.kind).toBe('invalid_input');
  expect(result.error.attempts).toBe(0);
  expect(result.error.issues.length).toBeGreaterThan(0);
  expect(result.error.message).not.toMatch(/[\r\n\0]/);
  expect(result.error.message.length).toBeLessThanOrEqual(1000);
  expect(server.seen.slice(before)).toEqual([]);
}
