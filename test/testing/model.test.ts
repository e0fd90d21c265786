import { describe, expect, test } from 'vitest';
import { createFakeServices, FakeRequestError } from '../../src/testing/index.js';

describe('seeding and reading the fake Looker', () => {
  test('ids are handed out in order, skipping ones a seed chose', () => {
    const { looker } = createFakeServices();
    expect(looker.addGroup({ id: '2' }).id).toBe('2');
    expect([looker.addGroup().id, looker.addGroup().id]).toEqual(['1', '3']);
    expect(looker.addUser()).toEqual({
      id: '1',
      email: 'user1@example.com',
      firstName: null,
      lastName: null,
      displayName: null,
      isDisabled: false,
      groupIds: [],
    });
  });

  test('bad seeds throw the error the API would answer with, or a TypeError for a duplicate', () => {
    const { looker } = createFakeServices();
    const group = looker.addGroup();
    const problem = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return error instanceof FakeRequestError ? error.kind : error instanceof TypeError ? 'TypeError' : error;
      }
      return 'no error';
    };
    expect(problem(() => looker.addUser({ groupIds: ['9'] }))).toBe('not_found');
    expect(problem(() => looker.addGroup({ id: group.id }))).toBe('TypeError');
    expect(problem(() => looker.addUserAttribute({ name: 'level', type: 'number', defaultValue: 'high' }))).toBe('validation');
    const level = looker.addUserAttribute({ name: 'level' });
    expect(level.id).toBe('1'); // the refused seed took no id
    expect(problem(() => looker.addUserAttribute({ name: 'level' }))).toBe('TypeError');
    expect(
      problem(() =>
        looker.setGroupValues(level.id, [
          { groupId: group.id, value: 'a' },
          { groupId: group.id, value: 'b' },
        ]),
      ),
    ).toBe('conflict');
  });

  test('yesno and datetime values are checked; other types take any string', () => {
    const { looker } = createFakeServices();
    const user = looker.addUser();
    const kinds = (type: 'yesno' | 'datetime' | 'zipcode', values: string[]) => {
      const attribute = looker.addUserAttribute({ name: type, type });
      return values.map((value) => {
        try {
          return looker.setUserValue(user.id, attribute.id, value).value;
        } catch (error) {
          return error instanceof FakeRequestError ? error.fieldProblems.map((p) => `${p.field}: ${p.code}`).join() : error;
        }
      });
    };
    expect(kinds('yesno', ['yes', 'no', 'true'])).toEqual(['yes', 'no', 'value: invalid']);
    expect(kinds('datetime', ['2026-11-22T12:00:00Z', 'soon'])).toEqual(['2026-11-22T12:00:00Z', 'value: invalid']);
    expect(kinds('zipcode', ['anything'])).toEqual(['anything']);
  });

  test('membership changes resolution; snapshots are copies', () => {
    const { looker } = createFakeServices();
    const group = looker.addGroup();
    const user = looker.addUser();
    const flag = looker.addUserAttribute({ name: 'beta', type: 'yesno', defaultValue: 'no' });
    looker.setGroupValues(flag.id, [{ groupId: group.id, value: 'yes' }]);
    const before = looker.snapshot();
    expect(looker.resolve(user.id, flag.id)).toMatchObject({ value: 'no', source: 'default' });

    looker.addUserToGroup(user.id, group.id);
    expect(looker.resolve(user.id, flag.id)).toEqual({ value: 'yes', source: 'group', rank: 1, groupId: group.id });
    expect(before.users[0]?.groupIds).toEqual([]);
    expect(looker.snapshot().users[0]?.groupIds).toEqual([group.id]);
  });

  test('issued tokens expire by the clock', async () => {
    let now = 0;
    const fake = createFakeServices({ now: () => now, looker: { tokenLifetimeSeconds: 10 } });
    const token = fake.looker.issueAccessToken();
    const logout = () =>
      fake.handle(new Request('http://x/api/4.0/logout', { method: 'DELETE', headers: { authorization: `token ${token}` } }));
    now = 9_999;
    const before = fake.looker.issueAccessToken({ expiresInSeconds: 1 });
    now = 10_000;
    expect((await logout()).status).toBe(401);
    now = 10_998;
    const ok = await fake.handle(
      new Request('http://x/api/4.0/logout', { method: 'DELETE', headers: { authorization: `Bearer ${before}` } }),
    );
    expect(ok.status).toBe(204);
  });
});

describe('seeding and reading the fake DX', () => {
  test('users start with the attributes given, and unknown emails throw not_found', () => {
    const { dx } = createFakeServices();
    expect(dx.addUser({ email: 'Ana@Example.com', attributes: { Region: 'EU' } })).toEqual({
      id: '1',
      email: 'Ana@Example.com',
      name: null,
      githubUsername: null,
      roles: [],
      deletedAt: null,
      listed: true,
      attributes: { Region: 'EU' },
    });
    expect(dx.user('ana@example.com').attributes).toEqual({ Region: 'EU' });
    expect(() => dx.user('nobody@example.com')).toThrow(FakeRequestError);
    expect(() => dx.addUser({ email: 'ANA@example.com' })).toThrow(/addUser: email ANA@example.com is taken/);
    const before = dx.snapshot();
    expect(() => dx.addUser({ email: 'ben@example.com', attributes: { Team: 7 as unknown as string } })).toThrow(
      FakeRequestError,
    );
    expect(dx.snapshot()).toEqual(before);
  });

  test('an unknown DX path answers unknown_method', async () => {
    const fake = createFakeServices();
    const response = await fake.handle(new Request('http://x/users.list', { method: 'POST' }));
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ ok: false, error: 'unknown_method' });
    expect(fake.requests).toEqual([
      { service: 'dx', operation: undefined, method: 'POST', path: '/users.list', status: 404, fault: undefined, delayedMs: 0 },
    ]);
  });
});
