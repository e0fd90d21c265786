// The fake Looker's attribute values over real HTTP: user_attribute_ids, all_values,
// include_unset, hidden values, the two deletes and what users fall back to.
import { describe, expect, test } from 'vitest';
import { lookerFetch, lookerGet, seedOrg, useFakeServer } from '../support/fake.js';

type Row = { user_attribute_id: string; value: string | null; source: string; rank: number | null; value_is_hidden: boolean };
const rows = (body: unknown) => body as Row[];

describe('fake Looker: user_attribute_user_values', () => {
  const context = useFakeServer();

  function seedThree() {
    const org = seedOrg(context.fake);
    const team = context.fake.looker.addUserAttribute({ name: 'team', defaultValue: 'none' });
    const level = context.fake.looker.addUserAttribute({ name: 'level', defaultValue: 'L1' });
    return { ...org, team, level };
  }

  test('user_attribute_ids is a comma list; sent repeated it is ignored and every attribute comes back', async () => {
    const { ana, region, team, level } = seedThree();
    const ids = async (query: Record<string, string | string[]>) =>
      rows((await lookerGet(context, `/users/${ana.id}/attribute_values`, query)).body).map((r) => r.user_attribute_id);
    expect(await ids({ user_attribute_ids: `${region.id},${level.id}` })).toEqual([region.id, level.id]);
    expect(await ids({ user_attribute_ids: [region.id, level.id] })).toEqual([region.id, team.id, level.id]);
    expect(await ids({ user_attribute_ids: '' })).toEqual([region.id, team.id, level.id]);
    expect(await ids({})).toEqual([region.id, team.id, level.id]);
  });

  test('all_values lists the search path in precedence order: own, groups by rank, default', async () => {
    const { ana, sales, support, region } = seedThree();
    const { looker } = context.fake;
    looker.setGroupValues(region.id, [
      { groupId: support.id, value: 'Support-land', rank: 5 },
      { groupId: sales.id, value: 'Sales-land', rank: 2 },
    ]);
    looker.setUserValue(ana.id, region.id, 'EMEA');
    const path = async (query: Record<string, string>) =>
      rows((await lookerGet(context, `/users/${ana.id}/attribute_values`, { user_attribute_ids: region.id, ...query })).body).map(
        ({ value, source, rank }) => ({ value, source, rank }),
      );
    expect(await path({ all_values: 'true' })).toEqual([
      { value: 'EMEA', source: 'User Setting', rank: null },
      { value: 'Sales-land', source: 'Sales', rank: 2 },
      { value: 'Support-land', source: 'Support', rank: 5 },
      { value: 'World', source: 'Default', rank: null },
    ]);
    expect(await path({})).toEqual([{ value: 'EMEA', source: 'User Setting', rank: null }]);
    expect(await path({ all_values: 'false' })).toEqual([{ value: 'EMEA', source: 'User Setting', rank: null }]);
    expect(context.fake.looker.searchPath(ana.id, region.id).map((v) => v.source)).toEqual(['user', 'group', 'group', 'default']);
  });

  test('an attribute with no value anywhere is left out, or with include_unset given a No Value record', async () => {
    const { cai, region } = seedThree();
    const empty = context.fake.looker.addUserAttribute({ name: 'cost_centre' });
    const query = { user_attribute_ids: `${region.id},${empty.id}` };
    const plain = rows((await lookerGet(context, `/users/${cai.id}/attribute_values`, query)).body);
    expect(plain.map((r) => r.user_attribute_id)).toEqual([region.id]);
    const withUnset = rows((await lookerGet(context, `/users/${cai.id}/attribute_values`, { ...query, include_unset: 'true', all_values: 'true' })).body);
    expect(withUnset.map(({ user_attribute_id, value, source }) => ({ user_attribute_id, value, source }))).toEqual([
      { user_attribute_id: region.id, value: 'World', source: 'Default' },
      { user_attribute_id: empty.id, value: null, source: 'No Value' },
    ]);
  });

  test('hidden attributes come back with value null and value_is_hidden, on every path item', async () => {
    const { ana, sales } = seedThree();
    const secret = context.fake.looker.addUserAttribute({ name: 'db_password', defaultValue: 'fallback', valueIsHidden: true });
    context.fake.looker.setUserValue(ana.id, secret.id, 'hunter2');
    context.fake.looker.updateGroupValue(sales.id, secret.id, 'sales-secret');
    const { body } = await lookerGet(context, `/users/${ana.id}/attribute_values`, { user_attribute_ids: secret.id, all_values: 'true' });
    expect(rows(body).map(({ value, value_is_hidden, source }) => ({ value, value_is_hidden, source }))).toEqual([
      { value: null, value_is_hidden: true, source: 'User Setting' },
      { value: null, value_is_hidden: true, source: 'Sales' },
      { value: null, value_is_hidden: true, source: 'Default' },
    ]);
    expect(JSON.stringify(body)).not.toMatch(/hunter2|sales-secret|fallback/);
  });

  test('fields selects columns; unknown users are a 404; a flag is on only when it is true', async () => {
    const { ana, region } = seedThree();
    const { body } = await lookerGet(context, `/users/${ana.id}/attribute_values`, { user_attribute_ids: region.id, fields: 'name,value,source' });
    expect(body).toEqual([{ name: 'region', value: 'World', source: 'Default' }]);
    expect((await lookerGet(context, '/users/404/attribute_values')).status).toBe(404);
    context.fake.looker.setUserValue(ana.id, region.id, 'EMEA');
    const notTrue = await lookerGet(context, `/users/${ana.id}/attribute_values`, { user_attribute_ids: region.id, all_values: '1' });
    expect([notTrue.status, (notTrue.body as unknown[]).length]).toEqual([200, 1]);
  });
});

describe('fake Looker: deleting values', () => {
  const context = useFakeServer();

  test('DELETE a user value: 204 with no body; the user falls back to the group, then the default', async () => {
    const { ana, sales, region } = seedOrg(context.fake);
    context.fake.looker.updateGroupValue(sales.id, region.id, 'Sales-land');
    context.fake.looker.setUserValue(ana.id, region.id, 'EMEA');
    const current = async () =>
      rows((await lookerGet(context, `/users/${ana.id}/attribute_values`, { user_attribute_ids: region.id })).body)[0];

    const deleted = await lookerFetch(context, 'DELETE', `/users/${ana.id}/attribute_values/${region.id}`);
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe('');
    expect(await current()).toMatchObject({ value: 'Sales-land', source: 'Sales' });

    const groupDeleted = await lookerFetch(context, 'DELETE', `/groups/${sales.id}/attribute_values/${region.id}`);
    expect(groupDeleted.status).toBe(204);
    expect(await groupDeleted.text()).toBe('');
    expect(await current()).toMatchObject({ value: 'World', source: 'Default' });
    expect(context.fake.looker.snapshot().groupValues).toEqual([]);
  });

  test('deletes of unknown users, groups or attributes are 404s and change nothing', async () => {
    const { ana, sales, region } = seedOrg(context.fake);
    context.fake.looker.setUserValue(ana.id, region.id, 'EMEA');
    const before = context.fake.looker.snapshot();
    for (const path of [
      `/users/404/attribute_values/${region.id}`,
      `/users/${ana.id}/attribute_values/404`,
      `/groups/404/attribute_values/${region.id}`,
      `/groups/${sales.id}/attribute_values/404`,
    ]) {
      const response = await lookerFetch(context, 'DELETE', path);
      expect(response.status, path).toBe(404);
      expect(await response.json()).toMatchObject({ message: expect.stringMatching(/not found/) });
    }
    expect(context.fake.looker.snapshot()).toEqual(before);
  });

  test('all_user_attribute_group_values lists in rank order, with fields; an unknown attribute is a 404', async () => {
    const { sales, support, region } = seedOrg(context.fake);
    context.fake.looker.setGroupValues(region.id, [
      { groupId: sales.id, value: 'Sales-land', rank: 9 },
      { groupId: support.id, value: 'Support-land', rank: 3 },
    ]);
    const { body } = await lookerGet(context, `/user_attributes/${region.id}/group_values`, { fields: 'group_id,value,rank' });
    expect(body).toEqual([
      { group_id: support.id, value: 'Support-land', rank: 3 },
      { group_id: sales.id, value: 'Sales-land', rank: 9 },
    ]);
    expect((await lookerGet(context, '/user_attributes/404/group_values')).status).toBe(404);
  });
});
