// Whether a user's new resolved value is broader: advanced filters and permissive defaults.
import { describe, expect, test } from 'vitest';
import type { ResolvedValue } from '../../../src/sync/model/effective.js';
import { isPermissive, widens } from '../../../src/sync/plan/widening.js';

const group = (value: string | null): ResolvedValue => ({ value, source: 'group', groupId: '1' });
const fallback = (value: string | null): ResolvedValue => ({ value, source: 'default' });

describe('permissive values', () => {
  test.each([[''], ['  '], ['%'], ['%, NULL'], ['EMEA, null']])('%j is permissive', (value) => expect(isPermissive(value)).toBe(true));
  test.each([[null], ['EMEA'], ['EMEA, APAC'], ['EMEA%']])('%j is not', (value) => expect(isPermissive(value)).toBe(false));
});

describe('under an advanced filter', () => {
  const type = 'advanced_filter_string';
  test.each([
    ['EMEA', 'EMEA, APAC', true],
    ['EMEA', '%', true],
    ['EMEA', '', true],
    [null, 'EMEA', false],
    ['EMEA', 'EMEA%', true],
    ['EMEA', '-APAC', true],
    ['5', '>5', true],
    ['EMEA, APAC', 'EMEA', false],
    ['EMEA', 'APAC', false],
    ['%', 'EMEA', false],
  ] as const)('%j → %j widens: %s', (before, after, expected) => expect(widens(type, group(before), group(after))).toBe(expected));
});

describe('under any other type', () => {
  test('falling back to a permissive default widens; another literal or a narrower value does not', () => {
    expect(widens('string', group('EMEA'), fallback('%'))).toBe(true);
    // No value at all: an access filter then shows nothing, so falling to it narrows.
    expect(widens('string', group('EMEA'), fallback(null))).toBe(false);
    expect(widens('string', fallback(null), fallback('%'))).toBe(true);
    expect(widens('string', group('EMEA'), fallback('APAC'))).toBe(false);
    expect(widens('string', group('EMEA'), group('%'))).toBe(false);
    expect(widens('string', fallback('%'), group('EMEA'))).toBe(false);
    expect(widens('string', group('EMEA'), group('EMEA'))).toBe(false);
  });
});
