// The fake Looker's definition, group-user and identity-provider endpoints over real HTTP: the
// wire's shapes, admin-only configs, identity-provider seeds, faults and the call meter.
import { describe, expect, test } from 'vitest';
import { createFakeServices } from '../../src/testing/index.js';
import { lookerFetch, lookerGet, seedOrg, useFakeServer, type FakeServerContext } from '../support/fake.js';

/** A raw request with a token of the given kind of API user. */
function asUser(context: FakeServerContext, path: string, admin: boolean) {
  return fetch(`${context.server.url}/api/4.0${path}`, { headers: { authorization: `token ${context.fake.looker.issueAccessToken({ admin })}` } });
}

describe('fake Looker: definitions over HTTP', () => {
  const context = useFakeServer();

  test('POST /user_attributes ignores read-only fields; GET and PATCH answer the definition in Looker’s names', async () => {
    const response = await lookerFetch(context, 'POST', '/user_attributes', {
      name: 'region',
      label: 'Region',
      type: 'string',
      default_value: 'World',
      user_can_view: true,
      id: '99',
      is_system: true,
      needed_for_ci_run: true,
    });
    const created = (await response.json()) as Record<string, unknown>;
    expect([response.status, created]).toEqual([
      200,
      {
        can: {},
        id: '1',
        name: 'region',
        label: 'Region',
        type: 'string',
        default_value: 'World',
        is_system: false,
        is_permanent: false,
        value_is_hidden: false,
        user_can_view: true,
        user_can_edit: false,
        hidden_value_domain_whitelist: null,
        needed_for_ci_run: false,
        value_for_ci_run: null,
      },
    ]);
    expect((await lookerGet(context, '/user_attributes/1')).body).toEqual(created);
    const patched = await lookerFetch(context, 'PATCH', '/user_attributes/1', { label: 'Area', is_permanent: true });
    expect(await patched.json()).toEqual({ ...created, label: 'Area' });
  });

  test('refusals in Looker’s shapes: 422 listing fields, 400 for a body that is not JSON, 404 before the body is read', async () => {
    const invalid = await lookerFetch(context, 'POST', '/user_attributes', { name: 'Region', type: 'string' });
    expect([invalid.status, await invalid.json()]).toEqual([
      422,
      {
        message: 'Validation Failed',
        errors: [
          { field: 'label', code: 'missing', message: 'This field is required.', documentation_url: expect.any(String) },
          { field: 'name', code: 'invalid', message: 'must be lowercase letters, numbers and underscores', documentation_url: expect.any(String) },
        ],
        documentation_url: 'https://cloud.google.com/looker/docs/r/err/4.0/422/post/user_attributes',
      },
    ]);
    const notJson = await fetch(`${context.server.url}/api/4.0/user_attributes`, {
      method: 'POST',
      headers: { authorization: `token ${context.fake.looker.issueAccessToken()}` },
      body: '{"name":',
    });
    expect(notJson.status).toBe(400);
    expect((await lookerFetch(context, 'POST', '/user_attributes', ['region'])).status).toBe(422);
    expect((await lookerFetch(context, 'PATCH', '/user_attributes/9', 'not an object')).status).toBe(404);
    expect((await lookerFetch(context, 'DELETE', '/user_attributes/9')).status).toBe(404);
    expect(context.fake.looker.snapshot().userAttributes).toEqual([]);
  });

  test('GET /groups/{id}/users: the members, with group_ids, sorted, paged and with fields; an unknown group is a 404', async () => {
    const { ana, ben, support } = seedOrg(context.fake);
    const page = await lookerGet(context, `/groups/${support.id}/users`, { fields: 'email,group_ids', sorts: 'email desc', limit: '1' });
    expect(page.body).toEqual([{ email: ben.email, group_ids: [support.id] }]);
    const all = await lookerGet(context, `/groups/${support.id}/users`, { fields: 'id' });
    expect(all.body).toEqual([{ id: ana.id }, { id: ben.id }]);
    expect((await lookerGet(context, '/groups/999/users')).status).toBe(404);
  });

  test('the configs: an admin reads them, a non-admin API user gets 403', async () => {
    const { region } = seedOrg(context.fake);
    context.fake.looker.setIdentityProvider('saml', { userAttributes: [{ name: 'Department', required: true, userAttributeIds: [region.id] }] });
    const admin = await asUser(context, '/saml_config', true);
    expect(await admin.json()).toEqual({ enabled: true, user_attributes_with_ids: [{ name: 'Department', required: true, user_attribute_ids: [region.id] }] });
    for (const provider of ['saml', 'oidc', 'ldap']) {
      const denied = await asUser(context, `/${provider}_config`, false);
      expect([denied.status, await denied.json()]).toMatchObject([403, { message: expect.stringMatching(/^Only admins may read the/) }]);
    }
    // Every other endpoint answers a non-admin as an admin.
    expect((await asUser(context, '/user_attributes', false)).status).toBe(200);
  });

  test('a non-admin API key logs in to a non-admin token', async () => {
    const { clientId, clientSecret } = context.fake.looker.createApiCredentials({ admin: false });
    const login = await fetch(`${context.server.url}/api/4.0/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: clientId, client_secret: clientSecret }),
    });
    const { access_token: token } = (await login.json()) as { access_token: string };
    const config = await fetch(`${context.server.url}/api/4.0/ldap_config`, { headers: { authorization: `Bearer ${token}` } });
    expect(config.status).toBe(403);
  });

  test('faults and the call meter know the new operations', async () => {
    const { sales, region } = seedOrg(context.fake);
    context.fake.faults.add({ service: 'looker', operation: 'oidc_config', serverError: 503 });
    expect((await lookerFetch(context, 'GET', '/oidc_config')).status).toBe(503);
    expect((await lookerGet(context, '/oidc_config')).status).toBe(200);
    await lookerGet(context, `/groups/${sales.id}/users`);
    await lookerGet(context, `/user_attributes/${region.id}`);
    await lookerFetch(context, 'PATCH', `/user_attributes/${region.id}`, { label: 'Area' });
    await lookerFetch(context, 'DELETE', `/user_attributes/${region.id}`);
    await lookerFetch(context, 'POST', '/user_attributes', { name: 'team', label: 'Team', type: 'string' });
    expect(context.fake.calls.byOperation('looker')).toEqual({
      oidc_config: 2,
      all_group_users: 1,
      user_attribute: 1,
      update_user_attribute: 1,
      delete_user_attribute: 1,
      create_user_attribute: 1,
    });
    expect(context.fake.requests.map((r) => r.fault)).toEqual(['server_error', undefined, undefined, undefined, undefined, undefined, undefined]);
  });
});

describe('fake Looker: identity-provider seeds', () => {
  test('never configured, a provider is off with no mappings; the snapshot holds all three', () => {
    const { looker } = createFakeServices();
    expect(looker.identityProvider('ldap')).toEqual({ enabled: false, userAttributes: [] });
    expect(looker.snapshot().identityProviders).toEqual({
      saml: { enabled: false, userAttributes: [] },
      oidc: { enabled: false, userAttributes: [] },
      ldap: { enabled: false, userAttributes: [] },
    });
  });

  test('a bad seed throws a TypeError naming what is wrong, and changes nothing', () => {
    const { looker } = createFakeServices();
    const region = looker.addUserAttribute({ name: 'region' });
    const mapping = { name: 'dept', userAttributeIds: [region.id] };
    expect(() => looker.setIdentityProvider('okta' as 'saml', {})).toThrow(/provider must be one of saml, oidc, ldap/);
    expect(() => looker.setIdentityProvider('saml', { enabled: 'yes' as unknown as boolean })).toThrow(/enabled must be a boolean/);
    expect(() => looker.setIdentityProvider('saml', { userAttributes: [{ ...mapping, name: '' }] })).toThrow(/userAttributes\[0\]\.name/);
    expect(() => looker.setIdentityProvider('saml', { userAttributes: [{ ...mapping, userAttributeIds: ['9'] }] })).toThrow(/ids of user attributes/);
    expect(() => looker.setIdentityProvider('saml', { userAttributes: [{ ...mapping, required: 1 as unknown as boolean }] })).toThrow(/required must be a boolean/);
    expect(looker.identityProvider('saml')).toEqual({ enabled: false, userAttributes: [] });
    expect(() => createFakeServices({ looker: { authConfigsNotFound: 'yes' as unknown as boolean } })).toThrow(/authConfigsNotFound must be a boolean/);
    expect(() => looker.createApiCredentials({ admin: 'no' as unknown as boolean })).toThrow(/admin must be a boolean/);
  });
});
