// The Looker reads and deletes through the SDK against the kit's fake, over real HTTP and through
// msw: what comes back, how lists are sent on the wire, the fake's errors, and DELETE's fallback.
import { describe, expect, test } from 'vitest';
import type { LookerClient } from '../../src/looker/index.js';
import type { LookerOperation } from '../../src/testing/index.js';
import { seedOrg } from '../support/fake.js';
import { sentTo, TRANSPORTS, useFake } from '../support/reads.js';

describe.each(TRANSPORTS)('over %s', (transport) => {
  const context = useFake(transport);

  test('allUsers: fields, limit, offset and sorts; ids sent comma-joined, once', async () => {
    const { ana, ben, cai } = seedOrg(context.fake);
    const looker = context.looker();
    const page = await looker.allUsers({ fields: ['id', 'email'], limit: 2, offset: 1, sorts: 'email desc' });
    expect(page.ok && page.data).toEqual([
      { id: ben.id, email: ben.email },
      { id: ana.id, email: ana.email },
    ]);
    const some = await looker.allUsers({ ids: [ana.id, cai.id], fields: ['id'] });
    expect(some.ok && some.data).toEqual([{ id: ana.id }, { id: cai.id }]);
    const [first, second] = sentTo(context, '/users');
    expect(first?.url.search).toBe('?fields=id,email&limit=2&offset=1&sorts=email%20desc');
    expect(second?.url.searchParams.getAll('ids')).toEqual([`${ana.id},${cai.id}`]);
    expect(second?.url.searchParams.getAll('fields')).toEqual(['id']);
  });

  test('searchUsers: email is a LIKE pattern (a_b also finds axb); isDisabled filters', async () => {
    context.fake.looker.addUser({ email: 'a_b@acme.com' });
    context.fake.looker.addUser({ email: 'axb@acme.com', isDisabled: true });
    context.fake.looker.addUser({ email: 'other@acme.com' });
    const looker = context.looker();
    const like = await looker.searchUsers({ email: 'A_B@acme.com', fields: ['email'] });
    expect(like.ok && like.data).toEqual([{ email: 'a_b@acme.com' }, { email: 'axb@acme.com' }]);
    const disabled = await looker.searchUsers({ email: '%@acme.com', isDisabled: true, fields: ['email', 'is_disabled'] });
    expect(disabled.ok && disabled.data).toEqual([{ email: 'axb@acme.com', is_disabled: true }]);
    expect(sentTo(context, '/users/search')[1]?.url.searchParams.get('is_disabled')).toBe('true');
  });

  test('allGroups and searchGroups: ids comma-joined, name as a LIKE pattern, paging', async () => {
    const { sales, support } = seedOrg(context.fake);
    context.fake.looker.addGroup({ name: 'Sa_es' });
    const looker = context.looker();
    const groups = await looker.allGroups({ ids: [support.id, sales.id], fields: ['id', 'name'] });
    expect(groups.ok && groups.data).toEqual([
      { id: sales.id, name: 'Sales' },
      { id: support.id, name: 'Support' },
    ]);
    expect(sentTo(context, '/groups')[0]?.url.searchParams.getAll('ids')).toEqual([`${support.id},${sales.id}`]);
    const found = await looker.searchGroups({ name: 's%', fields: ['name'], limit: 2, offset: 1 });
    expect(found.ok && found.data).toEqual([{ name: 'Support' }, { name: 'Sa_es' }]);
  });

  test('allUserAttributes: the typed metadata of every attribute, sorted', async () => {
    context.fake.looker.addUserAttribute({ name: 'region', label: 'Region', defaultValue: 'World', userCanEdit: false });
    context.fake.looker.addUserAttribute({ name: 'cost_centre', type: 'number', valueIsHidden: true });
    const result = await context.looker().allUserAttributes({ sorts: 'name' });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.data.map((a) => [a.name, a.label, a.type, a.default_value, a.value_is_hidden, a.user_can_edit])).toEqual([
      ['cost_centre', 'cost_centre', 'number', null, true, true],
      ['region', 'Region', 'string', 'World', false, false],
    ]);
  });

  test('userAttributeUserValues: user_attribute_ids sent comma-joined, so only those come back', async () => {
    const { ana, region } = seedOrg(context.fake);
    const team = context.fake.looker.addUserAttribute({ name: 'team', defaultValue: 'none' });
    context.fake.looker.addUserAttribute({ name: 'level', defaultValue: '1' });
    const looker = context.looker();
    const result = await looker.userAttributeUserValues({ userId: ana.id, userAttributeIds: [region.id, team.id], fields: ['name', 'value'] });
    expect(result.ok && result.data).toEqual([
      { name: 'region', value: 'World' },
      { name: 'team', value: 'none' },
    ]);
    const [sent] = sentTo(context, `/users/${ana.id}/attribute_values`);
    expect(sent?.url.searchParams.getAll('user_attribute_ids')).toEqual([`${region.id},${team.id}`]);
    expect(sent?.url.search).toContain(`user_attribute_ids=${region.id},${team.id}`);
  });

  test('userAttributeUserValues: allValues gives the search path in precedence order; includeUnset the empty record', async () => {
    const { ana, sales, support, region } = seedOrg(context.fake);
    const unset = context.fake.looker.addUserAttribute({ name: 'unset' });
    context.fake.looker.setGroupValues(region.id, [
      { groupId: support.id, value: 'Support-land' },
      { groupId: sales.id, value: 'Sales-land' },
    ]);
    context.fake.looker.setUserValue(ana.id, region.id, 'EMEA');
    const looker = context.looker();
    const ids = [region.id, unset.id];
    const all = await looker.userAttributeUserValues({ userId: ana.id, userAttributeIds: ids, allValues: true, includeUnset: true });
    if (!all.ok) throw new Error(all.error.message);
    expect(all.data.map((v) => [v.name, v.value, v.source])).toEqual([
      ['region', 'EMEA', 'User Setting'],
      ['region', 'Support-land', 'Support'],
      ['region', 'Sales-land', 'Sales'],
      ['region', 'World', 'Default'],
      ['unset', null, 'No Value'],
    ]);
    const [sent] = sentTo(context, `/users/${ana.id}/attribute_values`);
    expect([sent?.url.searchParams.get('all_values'), sent?.url.searchParams.get('include_unset')]).toEqual(['true', 'true']);
  });

  test('allUserAttributeGroupValues: in precedence order; a hidden attribute’s values are null', async () => {
    const { sales, support } = seedOrg(context.fake);
    const secret = context.fake.looker.addUserAttribute({ name: 'secret', valueIsHidden: true });
    context.fake.looker.setGroupValues(secret.id, [
      { groupId: support.id, value: 's1', rank: 1 },
      { groupId: sales.id, value: 's2', rank: 2 },
    ]);
    const result = await context.looker().allUserAttributeGroupValues({ userAttributeId: secret.id, fields: ['group_id', 'value', 'rank'] });
    expect(result.ok && result.data).toEqual([
      { group_id: support.id, value: null, rank: 1 },
      { group_id: sales.id, value: null, rank: 2 },
    ]);
  });

  describe('DELETE falls back through precedence', () => {
    /** The values a user's search path holds for one attribute, winner first, as `value (source)`. */
    async function path(looker: LookerClient, userId: string, attributeId: string) {
      const result = await looker.userAttributeUserValues({ userId, userAttributeIds: [attributeId], allValues: true });
      if (!result.ok) throw new Error(result.error.message);
      return result.data.map((v) => `${v.value} (${v.source})`);
    }

    test('without the user’s own value, the winning group’s, then the next group’s, then the default', async () => {
      const { ana, sales, support, region } = seedOrg(context.fake);
      context.fake.looker.setGroupValues(region.id, [
        { groupId: sales.id, value: 'Sales-land' },
        { groupId: support.id, value: 'Support-land' },
      ]);
      context.fake.looker.setUserValue(ana.id, region.id, 'EMEA');
      const looker = context.looker();
      expect(await path(looker, ana.id, region.id)).toEqual(['EMEA (User Setting)', 'Sales-land (Sales)', 'Support-land (Support)', 'World (Default)']);

      const own = await looker.deleteUserAttributeUserValue({ userId: ana.id, userAttributeId: region.id });
      expect(own.ok && [own.data, own.response.status]).toEqual([undefined, 204]);
      expect(await path(looker, ana.id, region.id)).toEqual(['Sales-land (Sales)', 'Support-land (Support)', 'World (Default)']);

      const first = await looker.deleteUserAttributeGroupValue({ groupId: sales.id, userAttributeId: region.id });
      expect(first.ok && first.response.status).toBe(204);
      expect(await path(looker, ana.id, region.id)).toEqual(['Support-land (Support)', 'World (Default)']);

      expect((await looker.deleteUserAttributeGroupValue({ groupId: support.id, userAttributeId: region.id })).ok).toBe(true);
      expect(await path(looker, ana.id, region.id)).toEqual(['World (Default)']);
      const groupValues = await looker.allUserAttributeGroupValues({ userAttributeId: region.id });
      expect(groupValues.ok && groupValues.data).toEqual([]);
    });

    test('a user in no group falls back to the default at once', async () => {
      const { cai, region } = seedOrg(context.fake);
      context.fake.looker.setUserValue(cai.id, region.id, 'APAC');
      const looker = context.looker();
      expect((await looker.deleteUserAttributeUserValue({ userId: cai.id, userAttributeId: region.id })).ok).toBe(true);
      expect(await path(looker, cai.id, region.id)).toEqual(['World (Default)']);
      expect(context.fake.looker.resolve(cai.id, region.id).source).toBe('default');
    });
  });

  test('the fake’s 404s: an unknown user, attribute or group', async () => {
    const { ana, region } = seedOrg(context.fake);
    const looker = context.looker();
    const results = [
      await looker.userAttributeUserValues({ userId: '999' }),
      await looker.allUserAttributeGroupValues({ userAttributeId: '999' }),
      await looker.deleteUserAttributeUserValue({ userId: ana.id, userAttributeId: '999' }),
      await looker.deleteUserAttributeGroupValue({ groupId: '999', userAttributeId: region.id }),
    ];
    expect(results.map((r) => !r.ok && [r.error.kind, 'status' in r.error && r.error.status])).toEqual(Array(4).fill(['not_found', 404]));
    expect(results.map((r) => !r.ok && r.error.operation)).toEqual([
      'user_attribute_user_values',
      'all_user_attribute_group_values',
      'delete_user_attribute_user_value',
      'delete_user_attribute_group_value',
    ]);
  });

  test('a token the fake does not know is unauthorized', async () => {
    const result = await context.looker({ credentials: { accessToken: 'not-a-token' } }).allUsers();
    expect(result.ok ? undefined : result.error).toMatchObject({ kind: 'unauthorized', status: 401, operation: 'all_users' });
  });

  /** Each read and delete, called on the org `seedOrg` makes. */
  const calls: [LookerOperation, (looker: LookerClient, org: ReturnType<typeof seedOrg>) => Promise<{ ok: boolean }>][] = [
    ['all_users', (l) => l.allUsers()],
    ['search_users', (l) => l.searchUsers({ email: 'ana%' })],
    ['all_user_attributes', (l) => l.allUserAttributes()],
    ['all_groups', (l) => l.allGroups()],
    ['search_groups', (l) => l.searchGroups({ name: 'S%' })],
    ['user_attribute_user_values', (l, { ana }) => l.userAttributeUserValues({ userId: ana.id })],
    ['all_user_attribute_group_values', (l, { region }) => l.allUserAttributeGroupValues({ userAttributeId: region.id })],
    ['delete_user_attribute_user_value', (l, { ana, region }) => l.deleteUserAttributeUserValue({ userId: ana.id, userAttributeId: region.id })],
    ['delete_user_attribute_group_value', (l, { sales, region }) => l.deleteUserAttributeGroupValue({ groupId: sales.id, userAttributeId: region.id })],
  ];

  test.each(calls)('%s: the fake’s 429 is rate_limited with its Retry-After; retried, the call succeeds', async (operation, call) => {
    const org = seedOrg(context.fake);
    context.fake.faults.add({ service: 'looker', operation, rateLimit: { retryAfter: { seconds: 2 } }, times: 1 });
    const refused = await call(context.looker({ retry: false }), org);
    expect(refused).toMatchObject({ ok: false, error: { kind: 'rate_limited', status: 429, operation, retryAfterMs: 2000, attempts: 1 } });
    expect(refused).toMatchObject({ error: { body: { message: 'Too Many Requests' } } });

    context.fake.faults.add({ service: 'looker', operation, rateLimit: { retryAfter: { seconds: 2 } }, times: 1 });
    context.fake.calls.reset();
    expect((await call(context.looker(), org)).ok).toBe(true);
    expect(context.fake.calls.byOperation('looker')[operation]).toBe(2);
    expect(context.clock.sleeps).toEqual([2000]);
  });
});
