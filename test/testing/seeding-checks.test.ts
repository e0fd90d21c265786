// Seeding and option mistakes fail at once with a TypeError naming the field.
import { describe, expect, test } from 'vitest';
import { createFakeServices, startFakeServer, type FakeServicesOptions } from '../../src/testing/index.js';

const bad = <T>(value: unknown) => value as T;

describe('options', () => {
  test.each<[FakeServicesOptions, RegExp]>([
    [{ looker: { tokenLifetimeSeconds: 0 } }, /looker\.tokenLifetimeSeconds must be a positive number \(got 0\)/],
    [{ looker: { tokenLifetimeSeconds: -5 } }, /looker\.tokenLifetimeSeconds/],
    [{ looker: { tokenLifetimeSeconds: bad<number>('60') } }, /looker\.tokenLifetimeSeconds must be a positive number \(got "60"\)/],
    [{ looker: { tokenLifetimeSeconds: Number.NaN } }, /looker\.tokenLifetimeSeconds/],
    [{ looker: { requestsPerSecond: 0 } }, /looker\.requestsPerSecond must be a positive number/],
    [{ looker: { retryAfter: bad<boolean>('no') } }, /looker\.retryAfter must be a boolean/],
    [{ dx: { requestsPerMinute: -1 } }, /dx\.requestsPerMinute must be a positive number/],
    [{ dx: { requestsPerMinute: Infinity } }, /dx\.requestsPerMinute/],
    [{ now: bad<() => number>(123) }, /now must be a function/],
  ])('%j is refused', (options, message) => {
    expect(() => createFakeServices(options)).toThrow(TypeError);
    expect(() => createFakeServices(options)).toThrow(message);
  });

  test.each([-1, 65536, 1.5, '8080'])('startFakeServer refuses port %j', async (port) => {
    await expect(startFakeServer({ port: bad<number>(port) })).rejects.toThrow(/port must be an integer from 0 to 65535/);
  });
});

describe('Looker seeds', () => {
  test('ids must be non-empty strings and free', () => {
    const { looker } = createFakeServices();
    expect(() => looker.addUser({ id: '' })).toThrow(/addUser: id must be a non-empty string/);
    expect(() => looker.addUser({ id: bad<string>(7) })).toThrow(/addUser: id must be a non-empty string \(got 7\)/);
    expect(() => looker.addGroup({ id: bad<string>(null) })).toThrow(/addGroup: id must be a non-empty string/);
    expect(() => looker.addUserAttribute({ name: 'x', id: '' })).toThrow(/addUserAttribute: id/);
    looker.addUser({ id: '5' });
    expect(() => looker.addUser({ id: '5' })).toThrow(/addUser: id 5 is taken/);
    expect(() => looker.addUser({ groupIds: bad<string[]>('1') })).toThrow(/addUser: groupIds must be an array/);
  });

  test('emails and attribute names and labels are unique; emails compare case-insensitively', () => {
    const { looker } = createFakeServices();
    looker.addUser({ email: 'ana@example.com' });
    expect(() => looker.addUser({ email: 'ANA@example.com' })).toThrow(/addUser: email ANA@example.com is taken/);
    looker.addUserAttribute({ name: 'region', label: 'Region' });
    expect(() => looker.addUserAttribute({ name: 'region', label: 'Another' })).toThrow(/name region is taken/);
    expect(() => looker.addUserAttribute({ name: 'area', label: 'Region' })).toThrow(/label Region is taken/);
    expect(looker.snapshot().users).toHaveLength(1);
    expect(looker.snapshot().userAttributes).toHaveLength(1);
  });

  test('an unknown attribute type and bad flags are refused, naming them', () => {
    const { looker } = createFakeServices();
    expect(() => looker.addUserAttribute({ name: 'x', type: bad<'string'>('blob') })).toThrow(/addUserAttribute: type "blob" is not one of string, number/);
    expect(() => looker.addUserAttribute({ name: 'x', valueIsHidden: bad<boolean>('yes') })).toThrow(/valueIsHidden must be a boolean/);
    expect(() => looker.addUser({ isDisabled: bad<boolean>(1) })).toThrow(/addUser: isDisabled must be a boolean/);
    expect(() => looker.addUser({ firstName: bad<string>(1) })).toThrow(/addUser: firstName must be a string or null/);
    expect(looker.snapshot().userAttributes).toEqual([]);
  });

  test('display name: given, or first and last name when both are set', () => {
    const { looker } = createFakeServices();
    expect(looker.addUser({ firstName: 'Ana', lastName: 'Lima' }).displayName).toBe('Ana Lima');
    expect(looker.addUser({ firstName: 'Ben' }).displayName).toBeNull();
    expect(looker.addUser({ firstName: 'Cai', lastName: 'Wu', displayName: 'CW' }).displayName).toBe('CW');
  });
});

describe('DX seeds', () => {
  test('ids, emails, roles and flags are checked; a refused seed adds nothing', () => {
    const { dx } = createFakeServices();
    dx.addUser({ email: 'ana@example.com', id: '9' });
    expect(() => dx.addUser({ email: 'ANA@EXAMPLE.COM' })).toThrow(/addUser: email ANA@EXAMPLE.COM is taken/);
    expect(() => dx.addUser({ email: 'ben@example.com', id: '9' })).toThrow(/addUser: id 9 is taken/);
    expect(() => dx.addUser({ email: 'ben@example.com', id: '' })).toThrow(/addUser: id must be a non-empty string/);
    expect(() => dx.addUser({ email: 'ben@example.com', roles: bad<string[]>('admin') })).toThrow(/addUser: roles must be an array/);
    expect(() => dx.addUser({ email: 'ben@example.com', listed: bad<boolean>('yes') })).toThrow(/addUser: listed must be a boolean/);
    expect(() => dx.addUser({ email: 'not-an-email' })).toThrow(/addUser: email must be an email address/);
    expect(dx.snapshot().users.map((u) => u.email)).toEqual(['ana@example.com']);
  });
});
