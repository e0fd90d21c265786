// The definition, group-user and identity-provider methods through the SDK against the kit's fake,
// over real HTTP and through msw: what they send and return, and each error the fake answers with.
import { describe, expect, test } from 'vitest';
import type { LookerClient } from '../../src/looker/index.js';
import type { FakeServices, LookerOperation } from '../../src/testing/index.js';
import { seedOrg } from '../support/fake.js';
import { sentTo, TRANSPORTS, useFake } from '../support/reads.js';

const failure = (result: { ok: boolean; error?: unknown }) => (result.ok ? undefined : result.error);
/** The fake's definition of one attribute. */
const stored = (fake: FakeServices, id: string) => fake.looker.snapshot().userAttributes.find((a) => a.id === id);

describe.each(TRANSPORTS)('over %s', (transport) => {
  const context = useFake(transport);

  test('createUserAttribute: sent in snake_case, stored, returned with its id', async () => {
    const created = await context.looker().createUserAttribute({
      name: 'cost_centre',
      label: 'Cost centre',
      type: 'number',
      defaultValue: '0',
      valueIsHidden: true,
      hiddenValueDomainWhitelist: 'https://hooks.acme.com/*',
    });
    if (!created.ok) throw new Error(created.error.message);
    expect(created.data).toMatchObject({
      name: 'cost_centre',
      label: 'Cost centre',
      type: 'number',
      default_value: '0',
      value_is_hidden: true,
      user_can_view: false,
      user_can_edit: false,
      hidden_value_domain_whitelist: 'https://hooks.acme.com/*',
      is_system: false,
      is_permanent: false,
    });
    expect(stored(context.fake, created.data.id)).toMatchObject({ name: 'cost_centre', valueIsHidden: true });
    expect(sentTo(context, '/user_attributes').map((r) => r.method)).toEqual(['POST']);
  });

  test('createUserAttribute: a taken name is a 422 naming it; a type Looker does not know, too; nothing is added', async () => {
    const { region } = seedOrg(context.fake);
    const looker = context.looker();
    const taken = await looker.createUserAttribute({ name: 'region', label: 'Sales region', type: 'string' });
    expect(failure(taken)).toMatchObject({ kind: 'validation', status: 422, fieldErrors: [{ field: 'name', code: 'already_exists' }] });
    const unknown = await looker.createUserAttribute({ name: 'photo', label: 'Photo', type: 'blob' });
    expect(failure(unknown)).toMatchObject({ kind: 'validation', fieldErrors: [{ field: 'type', code: 'invalid' }] });
    expect(context.fake.looker.snapshot().userAttributes.map((a) => a.id)).toEqual([region.id]);
  });

  test('userAttribute: the definition; an unknown id is not_found', async () => {
    const { region } = seedOrg(context.fake);
    const looker = context.looker();
    const found = await looker.userAttribute({ userAttributeId: region.id });
    expect(found.ok && found.data).toMatchObject({ id: region.id, name: 'region', label: 'Region', default_value: 'World' });
    expect(failure(await looker.userAttribute({ userAttributeId: '999' }))).toMatchObject({ kind: 'not_found', status: 404, operation: 'user_attribute' });
  });

  test('updateUserAttribute: only the given properties change; a type the stored values do not fit is refused', async () => {
    const { ana, region } = seedOrg(context.fake);
    context.fake.looker.setUserValue(ana.id, region.id, 'EMEA');
    const looker = context.looker();
    const relabelled = await looker.updateUserAttribute({ userAttributeId: region.id, label: 'Sales region', userCanEdit: false });
    expect(relabelled.ok && relabelled.data).toMatchObject({ label: 'Sales region', user_can_edit: false, default_value: 'World', type: 'string' });
    const retyped = await looker.updateUserAttribute({ userAttributeId: region.id, type: 'number', defaultValue: '1' });
    expect(failure(retyped)).toMatchObject({ kind: 'validation', status: 422, fieldErrors: [{ field: 'type' }] });
    expect(stored(context.fake, region.id)).toMatchObject({ label: 'Sales region', type: 'string', defaultValue: 'World' });
    expect(failure(await looker.updateUserAttribute({ userAttributeId: '999', label: 'x' }))).toMatchObject({ kind: 'not_found' });
  });

  test('updateUserAttribute: a set domain whitelist and a system attribute cannot be edited', async () => {
    const secret = context.fake.looker.addUserAttribute({
      name: 'db_password',
      valueIsHidden: true,
      userCanView: false,
      userCanEdit: false,
      hiddenValueDomainWhitelist: 'db.acme.com',
    });
    const email = context.fake.looker.addUserAttribute({ name: 'email', type: 'string', isSystem: true, isPermanent: true });
    const looker = context.looker();
    const edited = await looker.updateUserAttribute({ userAttributeId: secret.id, hiddenValueDomainWhitelist: '*.acme.com' });
    expect(failure(edited)).toMatchObject({ kind: 'validation', fieldErrors: [{ field: 'hidden_value_domain_whitelist' }] });
    const same = await looker.updateUserAttribute({ userAttributeId: secret.id, hiddenValueDomainWhitelist: 'db.acme.com', label: 'DB password' });
    expect(same.ok).toBe(true);
    expect(failure(await looker.updateUserAttribute({ userAttributeId: email.id, label: 'E-mail' }))).toMatchObject({
      kind: 'validation',
      fieldErrors: [{ field: 'is_system' }],
    });
  });

  test('deleteUserAttribute: 204, and every value of it goes; a permanent one is a bad_request', async () => {
    const { ana, sales, region } = seedOrg(context.fake);
    const locale = context.fake.looker.addUserAttribute({ name: 'locale', isPermanent: true });
    context.fake.looker.setUserValue(ana.id, region.id, 'EMEA');
    context.fake.looker.updateGroupValue(sales.id, region.id, 'Sales-land');
    const looker = context.looker();
    const deleted = await looker.deleteUserAttribute({ userAttributeId: region.id });
    expect(deleted.ok && [deleted.data, deleted.response.status]).toEqual([undefined, 204]);
    const left = context.fake.looker.snapshot();
    expect([left.userAttributes.map((a) => a.name), left.userValues, left.groupValues]).toEqual([['locale'], [], []]);
    expect(failure(await looker.deleteUserAttribute({ userAttributeId: locale.id }))).toMatchObject({ kind: 'bad_request', status: 400 });
    expect(failure(await looker.deleteUserAttribute({ userAttributeId: region.id }))).toMatchObject({ kind: 'not_found', status: 404 });
  });

  test('allGroupUsers and listGroupUsers: the group’s members with their group_ids; an unknown group is not_found', async () => {
    const { ana, ben, sales, support } = seedOrg(context.fake);
    const looker = context.looker();
    const page = await looker.allGroupUsers({ groupId: support.id, fields: ['id', 'email', 'group_ids'], limit: 1, offset: 1, sorts: 'email' });
    expect(page.ok && page.data).toEqual([{ id: ben.id, email: ben.email, group_ids: [support.id] }]);
    const all = await looker.listGroupUsers({ groupId: support.id, fields: ['id', 'is_disabled'], pageSize: 1 }).all();
    expect(all.ok && all.data).toEqual([
      { id: ana.id, is_disabled: false },
      { id: ben.id, is_disabled: false },
    ]);
    // Two full pages of one, then an empty one.
    expect(sentTo(context, `/groups/${support.id}/users`).map((r) => r.url.searchParams.get('offset'))).toEqual(['1', '0', '1', '2']);
    expect((await looker.allGroupUsers({ groupId: sales.id })).ok).toBe(true);
    expect(failure(await looker.allGroupUsers({ groupId: '999' }))).toMatchObject({ kind: 'not_found', operation: 'all_group_users' });
  });

  test('samlConfig, oidcConfig, ldapConfig: enabled and the mappings; a non-admin API user is forbidden', async () => {
    const { region } = seedOrg(context.fake);
    const team = context.fake.looker.addUserAttribute({ name: 'team' });
    context.fake.looker.setIdentityProvider('saml', { userAttributes: [{ name: 'department', required: true, userAttributeIds: [region.id, team.id] }] });
    context.fake.looker.setIdentityProvider('ldap', { enabled: false, userAttributes: [{ name: 'ou', userAttributeIds: [team.id] }] });
    const looker = context.looker();
    const saml = await looker.samlConfig();
    expect(saml.ok && saml.data).toEqual({ enabled: true, user_attributes_with_ids: [{ name: 'department', required: true, user_attribute_ids: [region.id, team.id] }] });
    const oidc = await looker.oidcConfig();
    expect(oidc.ok && oidc.data).toEqual({ enabled: false, user_attributes_with_ids: [] });
    const ldap = await looker.ldapConfig();
    expect(ldap.ok && ldap.data).toEqual({ enabled: false, user_attributes_with_ids: [{ name: 'ou', required: false, user_attribute_ids: [team.id] }] });

    const viewer = context.looker({ credentials: context.fake.looker.createApiCredentials({ admin: false }) });
    for (const config of [viewer.samlConfig, viewer.oidcConfig, viewer.ldapConfig]) {
      expect(failure(await config())).toMatchObject({ kind: 'forbidden', status: 403 });
    }
  });

  /** Each new operation, called on the org `seedOrg` makes, succeeding. */
  const calls: [LookerOperation, (looker: LookerClient, org: ReturnType<typeof seedOrg>) => Promise<{ ok: boolean }>][] = [
    ['create_user_attribute', (l) => l.createUserAttribute({ name: 'team', label: 'Team', type: 'string' })],
    ['user_attribute', (l, { region }) => l.userAttribute({ userAttributeId: region.id })],
    ['update_user_attribute', (l, { region }) => l.updateUserAttribute({ userAttributeId: region.id, label: 'Area' })],
    ['delete_user_attribute', (l, { region }) => l.deleteUserAttribute({ userAttributeId: region.id })],
    ['all_group_users', (l, { sales }) => l.allGroupUsers({ groupId: sales.id })],
    ['saml_config', (l) => l.samlConfig()],
    ['oidc_config', (l) => l.oidcConfig()],
    ['ldap_config', (l) => l.ldapConfig()],
  ];

  test.each(calls)('%s: a token the fake does not know is unauthorized; nothing changes', async (operation, call) => {
    const org = seedOrg(context.fake);
    const before = context.fake.looker.snapshot();
    const refused = await call(context.looker({ credentials: { accessToken: 'not-a-token' } }), org);
    expect(failure(refused)).toMatchObject({ kind: 'unauthorized', status: 401, operation });
    expect(context.fake.looker.snapshot()).toEqual(before);
  });

  test.each(calls)('%s: the fake’s 429 is rate_limited with its Retry-After; retried, the call succeeds', async (operation, call) => {
    const org = seedOrg(context.fake);
    context.fake.faults.add({ service: 'looker', operation, rateLimit: { retryAfter: { seconds: 3 } }, times: 1 });
    const refused = await call(context.looker({ retry: false }), org);
    expect(failure(refused)).toMatchObject({ kind: 'rate_limited', status: 429, operation, retryAfterMs: 3000, attempts: 1 });
    context.fake.faults.add({ service: 'looker', operation, rateLimit: { retryAfter: { seconds: 3 } }, times: 1 });
    context.fake.calls.reset();
    expect((await call(context.looker(), org)).ok).toBe(true);
    expect(context.fake.calls.byOperation('looker')[operation]).toBe(2);
    expect(context.clock.sleeps).toEqual([3000]);
  });
});

describe.each(TRANSPORTS)('over %s, a Looker that answers 409 to a taken name and denies the configs', (transport) => {
  const context = useFake(transport, { looker: { attributeConflictStatus: 409, authConfigsNotFound: true } });

  test('createUserAttribute: a taken label is a conflict', async () => {
    seedOrg(context.fake);
    const taken = await context.looker().createUserAttribute({ name: 'sales_region', label: 'REGION', type: 'string' });
    expect(failure(taken)).toMatchObject({ kind: 'conflict', status: 409, operation: 'create_user_attribute' });
  });

  test('the configs are not_found, for admins too: the mappings could not be checked', async () => {
    const looker = context.looker();
    for (const config of [looker.samlConfig, looker.oidcConfig, looker.ldapConfig]) {
      expect(failure(await config())).toMatchObject({ kind: 'not_found', status: 404 });
    }
  });
});
