import { describe, expect, test } from 'vitest';
import { lookerFetch, readUserValue, seedOrg, useFakeServer } from '../support/fake.js';

// Writes go through the SDK's Looker client, reads through the fake's HTTP API and its model.
describe('fake Looker: which value a user gets', () => {
  const context = useFakeServer();

  test('with no user or group value, everyone gets the default', async () => {
    const { ana, cai, region } = seedOrg(context.fake);
    expect(await readUserValue(context, cai.id, region.id)).toMatchObject({ value: 'World', source: 'Default', rank: null });
    expect(context.fake.looker.resolve(ana.id, region.id)).toEqual({
      value: 'World',
      source: 'default',
      rank: null,
      groupId: null,
    });
  });

  test('without ranks, the group listed first wins', async () => {
    const { sales, support, ana, ben, cai, region } = seedOrg(context.fake);
    const looker = context.looker();

    const set = await looker.setUserAttributeGroupValues({
      userAttributeId: region.id,
      groupValues: [
        { groupId: support.id, value: 'Support-land' },
        { groupId: sales.id, value: 'Sales-land' },
      ],
    });
    expect(set.ok && set.data.map((gv) => [gv.group_id, gv.value, gv.rank])).toEqual([
      [support.id, 'Support-land', 1],
      [sales.id, 'Sales-land', 2],
    ]);
    expect(await readUserValue(context, ana.id, region.id)).toMatchObject({ value: 'Support-land', source: 'Support', rank: 1 });
    expect(await readUserValue(context, ben.id, region.id)).toMatchObject({ value: 'Support-land', source: 'Support' });
    expect(await readUserValue(context, cai.id, region.id)).toMatchObject({ value: 'World', source: 'Default' });

    // The whole list is replaced: reversing it flips ana's value.
    await looker.setUserAttributeGroupValues({
      userAttributeId: region.id,
      groupValues: [
        { groupId: sales.id, value: 'Sales-land' },
        { groupId: support.id, value: 'Support-land' },
      ],
    });
    expect(context.fake.looker.resolve(ana.id, region.id)).toEqual({
      value: 'Sales-land',
      source: 'group',
      rank: 1,
      groupId: sales.id,
    });
  });

  test('with ranks, the lowest rank wins whatever the order', async () => {
    const { sales, support, ana, region } = seedOrg(context.fake);
    const set = await context.looker().setUserAttributeGroupValues({
      userAttributeId: region.id,
      groupValues: [
        { groupId: sales.id, value: 'Sales-land', rank: 20 },
        { groupId: support.id, value: 'Support-land', rank: 10 },
      ],
    });
    expect(set.ok && set.data.map((gv) => [gv.group_id, gv.rank])).toEqual([
      [support.id, 10],
      [sales.id, 20],
    ]);
    expect(await readUserValue(context, ana.id, region.id)).toMatchObject({ value: 'Support-land', source: 'Support', rank: 10 });
  });

  test('a user\'s own value wins over groups; removing it brings the group value back', async () => {
    const { sales, ana, region } = seedOrg(context.fake);
    context.fake.looker.setGroupValues(region.id, [{ groupId: sales.id, value: 'Sales-land' }]);

    const set = await context.looker().setUserAttributeUserValue({ userId: ana.id, userAttributeId: region.id, value: 'EMEA' });
    expect(set.ok && set.data).toMatchObject({
      user_id: ana.id,
      user_attribute_id: region.id,
      value: 'EMEA',
      source: 'User Setting',
      name: 'region',
      label: 'Region',
    });
    expect(await readUserValue(context, ana.id, region.id)).toMatchObject({ value: 'EMEA', source: 'User Setting' });

    expect((await lookerFetch(context, 'DELETE', `/users/${ana.id}/attribute_values/${region.id}`)).status).toBe(204);
    expect(await readUserValue(context, ana.id, region.id)).toMatchObject({ value: 'Sales-land', source: 'Sales', rank: 1 });
  });

  test('updating one group value keeps its rank; a new group value ranks last', async () => {
    const { sales, support, ana, ben, region } = seedOrg(context.fake);
    context.fake.looker.setGroupValues(region.id, [{ groupId: sales.id, value: 'Sales-land' }]);
    const looker = context.looker();

    const added = await looker.updateUserAttributeGroupValue({
      groupId: support.id,
      userAttributeId: region.id,
      value: 'Support-land',
    });
    expect(added.ok && added.data).toMatchObject({
      group_id: support.id,
      user_attribute_id: region.id,
      value: 'Support-land',
      rank: 2,
    });
    const changed = await looker.updateUserAttributeGroupValue({
      groupId: sales.id,
      userAttributeId: region.id,
      value: 'Sales-2',
    });
    expect(changed.ok && changed.data).toMatchObject({ group_id: sales.id, value: 'Sales-2', rank: 1 });

    expect(context.fake.looker.resolve(ana.id, region.id)).toMatchObject({ value: 'Sales-2', groupId: sales.id });
    expect(context.fake.looker.resolve(ben.id, region.id)).toMatchObject({ value: 'Support-land', groupId: support.id });
  });

  test('deleting the winning group\'s value hands the user to the next group', async () => {
    const { sales, support, ana, region } = seedOrg(context.fake);
    context.fake.looker.setGroupValues(region.id, [
      { groupId: sales.id, value: 'Sales-land' },
      { groupId: support.id, value: 'Support-land' },
    ]);
    expect((await lookerFetch(context, 'DELETE', `/groups/${sales.id}/attribute_values/${region.id}`)).status).toBe(204);

    const listed = await lookerFetch(context, 'GET', `/user_attributes/${region.id}/group_values`);
    expect(await listed.json()).toEqual([
      {
        id: expect.any(String),
        group_id: support.id,
        user_attribute_id: region.id,
        value_is_hidden: false,
        rank: 2,
        value: 'Support-land',
      },
    ]);
    expect(await readUserValue(context, ana.id, region.id)).toMatchObject({ value: 'Support-land', source: 'Support', rank: 2 });
  });

  test('hidden attributes answer value: null, while the model keeps the value', async () => {
    const { sales, ana, region } = seedOrg(context.fake);
    const secret = context.fake.looker.addUserAttribute({ name: 'db_password', valueIsHidden: true, userCanEdit: false });
    const looker = context.looker();

    const user = await looker.setUserAttributeUserValue({ userId: ana.id, userAttributeId: secret.id, value: 'hunter2' });
    expect(user.ok && user.data).toMatchObject({ value: null, value_is_hidden: true, user_can_edit: false, source: 'User Setting' });
    const group = await looker.updateUserAttributeGroupValue({
      groupId: sales.id,
      userAttributeId: secret.id,
      value: 'group-secret',
    });
    expect(group.ok && group.data).toMatchObject({ value: null, value_is_hidden: true });
    expect(await readUserValue(context, ana.id, secret.id)).toMatchObject({ value: null, value_is_hidden: true });

    expect(context.fake.looker.resolve(ana.id, secret.id).value).toBe('hunter2');
    expect(context.fake.looker.groupValues(secret.id)[0]?.value).toBe('group-secret');
    // Visible attributes are unaffected.
    expect(context.fake.looker.resolve(ana.id, region.id).value).toBe('World');
  });
});
