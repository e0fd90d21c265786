import { describe, expect, test } from 'vitest';
import { createLookerClient } from '../../src/looker/index.js';
import { lookerFetch, seedOrg, useFakeServer } from '../support/fake.js';

describe('fake Looker: refusals', () => {
  const context = useFakeServer();

  test('unknown user, group or attribute: 404 with a Looker Error body, nothing changed', async () => {
    const { sales, ana, region } = seedOrg(context.fake);
    const before = context.fake.looker.snapshot();
    const looker = context.looker();

    const calls = [
      looker.setUserAttributeUserValue({ userId: '404', userAttributeId: region.id, value: 'x' }),
      looker.setUserAttributeUserValue({ userId: ana.id, userAttributeId: '404', value: 'x' }),
      looker.updateUserAttributeGroupValue({ groupId: '404', userAttributeId: region.id, value: 'x' }),
      looker.setUserAttributeGroupValues({
        userAttributeId: region.id,
        groupValues: [
          { groupId: sales.id, value: 'x' },
          { groupId: '404', value: 'y' },
        ],
      }),
    ];
    for (const result of await Promise.all(calls)) {
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(result.error).toMatchObject({ kind: 'not_found', status: 404 });
      if (result.error.kind !== 'not_found') continue;
      expect(result.error.body).toEqual({
        message: expect.stringMatching(/^(User|Group|User attribute) 404 not found$/),
        documentation_url: expect.stringContaining('/404/'),
      });
    }
    expect(context.fake.looker.snapshot()).toEqual(before);
  });

  test('a group named twice in one list: 409, nothing changed', async () => {
    const { sales, region } = seedOrg(context.fake);
    context.fake.looker.setGroupValues(region.id, [{ groupId: sales.id, value: 'kept' }]);
    const before = context.fake.looker.snapshot();

    // The SDK refuses this before sending, so send it raw.
    const response = await lookerFetch(context, 'POST', `/user_attributes/${region.id}/group_values`, [
      { group_id: sales.id, value: 'a' },
      { group_id: sales.id, value: 'b' },
    ]);
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ message: `Group ${sales.id} appears at [0] and [1]` });
    expect(context.fake.looker.snapshot()).toEqual(before);
  });

  test('ranks on some items but not all: 422 naming each item without one', async () => {
    const { sales, support, region } = seedOrg(context.fake);
    const before = context.fake.looker.snapshot();
    const response = await lookerFetch(context, 'POST', `/user_attributes/${region.id}/group_values`, [
      { group_id: sales.id, value: 'a', rank: 1 },
      { group_id: support.id, value: 'b' },
    ]);
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({
      message: 'Validation Failed',
      errors: [{ field: '[1].rank', code: 'missing', message: expect.any(String), documentation_url: expect.any(String) }],
      documentation_url: expect.stringContaining('/422/post/user_attributes/:user_attribute_id/group_values'),
    });
    expect(context.fake.looker.snapshot()).toEqual(before);
  });

  test('a value the attribute type refuses reaches the SDK as a validation error with field errors', async () => {
    const { sales, support, ana } = seedOrg(context.fake);
    const headcount = context.fake.looker.addUserAttribute({ name: 'headcount', type: 'number' });
    context.fake.looker.setGroupValues(headcount.id, [{ groupId: sales.id, value: '12' }]);
    const before = context.fake.looker.snapshot();
    const looker = context.looker();

    const user = await looker.setUserAttributeUserValue({ userId: ana.id, userAttributeId: headcount.id, value: 'many' });
    expect(user.ok).toBe(false);
    if (!user.ok && user.error.kind === 'validation') {
      expect(user.error.status).toBe(422);
      expect(user.error.fieldErrors).toEqual([
        { field: 'value', code: 'invalid', message: 'is not a number: "many"', documentation_url: expect.any(String) },
      ]);
    } else expect.fail(`expected a validation error, got ${JSON.stringify(user)}`);

    // One bad item refuses the whole list.
    const list = await looker.setUserAttributeGroupValues({
      userAttributeId: headcount.id,
      groupValues: [
        { groupId: support.id, value: '3' },
        { groupId: sales.id, value: 'a dozen' },
      ],
    });
    expect(!list.ok && list.error.kind).toBe('validation');
    expect(context.fake.looker.snapshot()).toEqual(before);
  });

  test('no token, an unknown token, or an expired one: 401', async () => {
    const { ana, region } = seedOrg(context.fake);
    const noToken = await fetch(`${context.server.url}/api/4.0/users/${ana.id}/attribute_values/${region.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ value: 'x' }),
    });
    expect(noToken.status).toBe(401);
    expect(await noToken.json()).toMatchObject({ message: 'Requires authentication.' });

    const unknown = createLookerClient({
      baseUrl: context.server.url,
      credentials: { accessToken: 'made-up' },
      runtime: context.clock.runtime,
    });
    const refused = await unknown.setUserAttributeUserValue({ userId: ana.id, userAttributeId: region.id, value: 'x' });
    expect(!refused.ok && refused.error).toMatchObject({ kind: 'unauthorized', status: 401 });

    const token = context.fake.looker.issueAccessToken({ expiresInSeconds: 60 });
    const client = createLookerClient({
      baseUrl: context.server.url,
      credentials: { accessToken: token },
      runtime: context.clock.runtime,
    });
    expect((await client.setUserAttributeUserValue({ userId: ana.id, userAttributeId: region.id, value: 'in time' })).ok).toBe(
      true,
    );
    context.clock.advance(60_000);
    const expired = await client.setUserAttributeUserValue({ userId: ana.id, userAttributeId: region.id, value: 'too late' });
    expect(!expired.ok && expired.error.kind).toBe('unauthorized');
    expect(context.fake.looker.resolve(ana.id, region.id).value).toBe('in time');
  });

  test('logout revokes the token', async () => {
    const { ana, region } = seedOrg(context.fake);
    const token = context.fake.looker.issueAccessToken();
    const client = createLookerClient({
      baseUrl: context.server.url,
      credentials: { accessToken: token },
      runtime: context.clock.runtime,
    });

    const logout = await client.logout();
    expect(logout.ok && logout.data).toEqual({ revoked: true });
    expect(logout.ok && logout.response.status).toBe(204);
    // The revoked token is never sent again: the call is refused before any request.
    const sent = context.fake.requests.length;
    const after = await client.setUserAttributeUserValue({ userId: ana.id, userAttributeId: region.id, value: 'x' });
    expect(!after.ok && after.error.kind).toBe('invalid_input');
    expect(context.fake.requests.length).toBe(sent);
  });

  test('wrong client credentials: login answers 404 with a Looker Error body', async () => {
    const looker = context.looker({ credentials: { clientId: 'fake-client-1', clientSecret: 'wrong' } });
    const login = await looker.login();
    expect(login.ok).toBe(false);
    if (!login.ok) expect(login.error).toMatchObject({ kind: 'unauthorized', status: 404, body: { message: 'Not found' } });
    expect(context.fake.requests.map((r) => [r.operation, r.status])).toEqual([['login', 404]]);
  });

  test('login takes credentials only from a form body', async () => {
    const { clientId, clientSecret } = context.fake.looker.createApiCredentials();
    const asJson = await fetch(`${context.server.url}/api/4.0/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: clientId, client_secret: clientSecret }),
    });
    expect(asJson.status).toBe(400);
    const inQuery = await fetch(
      `${context.server.url}/api/4.0/login?${new URLSearchParams({ client_id: clientId, client_secret: clientSecret })}`,
      {
        method: 'POST',
      },
    );
    expect(inQuery.status).toBe(400);
    const asForm = await fetch(`${context.server.url}/api/4.0/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: clientId, client_secret: clientSecret }),
    });
    expect(asForm.status).toBe(200);
    expect(await asForm.json()).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 3600,
      refresh_token: null,
    });
  });

  test('a body that is not JSON: 400; an unknown path: 404', async () => {
    const { ana, region } = seedOrg(context.fake);
    const response = await fetch(`${context.server.url}/api/4.0/users/${ana.id}/attribute_values/${region.id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${context.fake.looker.issueAccessToken()}` },
      body: '{"value":',
    });
    expect(response.status).toBe(400);
    expect((await lookerFetch(context, 'GET', '/no/such/thing')).status).toBe(404);
  });
});
