// The fake Looker's list and search endpoints over real HTTP: LIKE patterns, filters, paging,
// field selection, sorting and ids.
import { describe, expect, test } from 'vitest';
import { lookerGet, useFakeServer } from '../support/fake.js';

describe('fake Looker: search_users', () => {
  const context = useFakeServer();

  function seedEmails() {
    const { looker } = context.fake;
    looker.addUser({ email: 'a_b@acme.com' });
    looker.addUser({ email: 'axb@acme.com' });
    looker.addUser({ email: 'AB@acme.com' });
    looker.addUser({ email: 'a%b@acme.com', isDisabled: true });
  }
  const emails = (body: unknown) => (body as { email: string }[]).map((u) => u.email);

  test('email is a LIKE pattern: _ matches any one character, so a_b also finds axb', async () => {
    seedEmails();
    const raw = await lookerGet(context, '/users/search', { email: 'a_b@acme.com' });
    expect(raw.status).toBe(200);
    expect(emails(raw.body)).toEqual(['a_b@acme.com', 'axb@acme.com', 'a%b@acme.com']);
  });

  test('a backslash escapes _ and %; matching ignores case', async () => {
    seedEmails();
    expect(emails((await lookerGet(context, '/users/search', { email: 'A\\_B@ACME.com' })).body)).toEqual(['a_b@acme.com']);
    expect(emails((await lookerGet(context, '/users/search', { email: 'a\\%b@acme.com' })).body)).toEqual(['a%b@acme.com']);
    expect(emails((await lookerGet(context, '/users/search', { email: 'ab@acme.com' })).body)).toEqual(['AB@acme.com']);
    expect(emails((await lookerGet(context, '/users/search', { email: '%@ACME.COM' })).body)).toHaveLength(4);
    // The whole address must match, not a part of it.
    expect(emails((await lookerGet(context, '/users/search', { email: 'acme.com' })).body)).toEqual([]);
  });

  test('is_disabled filters, together with email; a bad boolean is a 400', async () => {
    seedEmails();
    expect(emails((await lookerGet(context, '/users/search', { is_disabled: 'true' })).body)).toEqual(['a%b@acme.com']);
    expect(emails((await lookerGet(context, '/users/search', { email: 'a_b%', is_disabled: 'false' })).body)).toEqual([
      'a_b@acme.com',
      'axb@acme.com',
    ]);
    expect((await lookerGet(context, '/users/search', { is_disabled: 'yes' })).status).toBe(400);
  });

  test('without a token: 401', async () => {
    const response = await fetch(`${context.server.url}/api/4.0/users/search?email=a`);
    expect(response.status).toBe(401);
  });
});

describe('fake Looker: all_users', () => {
  const context = useFakeServer();

  function seedFive() {
    const sales = context.fake.looker.addGroup({ name: 'Sales' });
    const names = ['Cai', 'ana', 'Ben', 'dee', 'Eve'];
    return names.map((firstName, i) =>
      context.fake.looker.addUser({ email: `${firstName.toLowerCase()}@example.com`, firstName, lastName: 'Doe', groupIds: i === 0 ? [sales.id] : [] }),
    );
  }

  test('a user carries the fields the SDK reads', async () => {
    const [cai] = seedFive();
    const { body } = await lookerGet(context, '/users', { limit: '1' });
    expect(body).toEqual([
      {
        id: cai!.id,
        email: 'cai@example.com',
        display_name: 'Cai Doe',
        first_name: 'Cai',
        last_name: 'Doe',
        is_disabled: false,
        group_ids: cai!.groupIds,
      },
    ]);
  });

  test('limit and offset page through every user, to an empty page past the end', async () => {
    const users = seedFive();
    const ids = async (query: Record<string, string>) =>
      ((await lookerGet(context, '/users', { fields: 'id', ...query })).body as { id: string }[]).map((u) => u.id);
    const all = users.map((u) => u.id);
    expect(await ids({})).toEqual(all);
    expect(await ids({ limit: '2', offset: '0' })).toEqual(all.slice(0, 2));
    expect(await ids({ limit: '2', offset: '2' })).toEqual(all.slice(2, 4));
    expect(await ids({ limit: '2', offset: '4' })).toEqual(all.slice(4));
    expect(await ids({ limit: '2', offset: '5' })).toEqual([]);
    expect(await ids({ offset: '3' })).toEqual(all.slice(3));
    expect(await ids({ limit: '0' })).toEqual([]);
    expect((await lookerGet(context, '/users', { limit: '-1' })).status).toBe(400);
    expect((await lookerGet(context, '/users', { offset: 'two' })).status).toBe(400);
  });

  test('fields selects a comma list and ignores unknown names', async () => {
    seedFive();
    const { body } = await lookerGet(context, '/users', { fields: 'id, email,no_such_field', limit: '1' });
    expect(body).toEqual([{ id: '1', email: 'cai@example.com' }]);
  });

  test('sorts by email, by id (as numbers) and descending; ids picks users', async () => {
    seedFive();
    for (let i = 0; i < 6; i++) context.fake.looker.addUser(); // ids up to 11, so "10" must sort after "9"
    const emails = async (query: Record<string, string>) =>
      ((await lookerGet(context, '/users', { fields: 'email', ...query })).body as { email: string }[]).map((u) => u.email);
    expect((await emails({ sorts: 'email', limit: '3' }))).toEqual(['ana@example.com', 'ben@example.com', 'cai@example.com']);
    expect((await emails({ sorts: 'email desc', limit: '1' }))).toEqual(['user9@example.com']);
    const ids = ((await lookerGet(context, '/users', { fields: 'id', sorts: 'id desc', limit: '3' })).body as { id: string }[]).map(
      (u) => u.id,
    );
    expect(ids).toEqual(['11', '10', '9']);
    expect(await emails({ ids: '4,2,99' })).toEqual(['ana@example.com', 'dee@example.com']);
  });
});

describe('fake Looker: groups and user attributes', () => {
  const context = useFakeServer();

  test('all_groups and search_groups: user_count, LIKE on name, paging, ids, fields', async () => {
    const { looker } = context.fake;
    const sales = looker.addGroup({ name: 'Sales_EU' });
    const salesx = looker.addGroup({ name: 'SalesXEU', externallyManaged: true });
    looker.addGroup({ name: 'Support' });
    looker.addUser({ groupIds: [sales.id, salesx.id] });
    looker.addUser({ groupIds: [sales.id] });

    expect((await lookerGet(context, '/groups', { limit: '1' })).body).toEqual([
      { id: sales.id, name: 'Sales_EU', user_count: 2, externally_managed: false },
    ]);
    const names = (body: unknown) => (body as { name: string }[]).map((g) => g.name);
    expect(names((await lookerGet(context, '/groups/search', { name: 'sales_eu' })).body)).toEqual(['Sales_EU', 'SalesXEU']);
    expect(names((await lookerGet(context, '/groups/search', { name: 'sales\\_eu' })).body)).toEqual(['Sales_EU']);
    expect(names((await lookerGet(context, '/groups/search', { name: 'S%', limit: '2', offset: '1', sorts: 'name' })).body)).toEqual([
      'SalesXEU',
      'Support',
    ]);
    expect((await lookerGet(context, '/groups', { ids: salesx.id, fields: 'id,externally_managed' })).body).toEqual([
      { id: salesx.id, externally_managed: true },
    ]);
  });

  test('all_user_attributes lists every definition, sorted and with fields', async () => {
    const { looker } = context.fake;
    looker.addUserAttribute({ name: 'region', label: 'Region', defaultValue: 'World' });
    looker.addUserAttribute({ name: 'access_level', label: 'Access level', type: 'advanced_filter_string', valueIsHidden: true, userCanEdit: false });
    const { body } = await lookerGet(context, '/user_attributes', { sorts: 'name' });
    expect(body).toEqual([
      expect.objectContaining({
        id: '2',
        name: 'access_level',
        label: 'Access level',
        type: 'advanced_filter_string',
        default_value: null,
        value_is_hidden: true,
        user_can_edit: false,
        user_can_view: true,
      }),
      expect.objectContaining({ id: '1', name: 'region', type: 'string', default_value: 'World', value_is_hidden: false }),
    ]);
    expect((await lookerGet(context, '/user_attributes', { fields: 'name,label', sorts: 'label desc' })).body).toEqual([
      { name: 'region', label: 'Region' },
      { name: 'access_level', label: 'Access level' },
    ]);
  });
});
