// The plan's checks through the library over HTTP against the kit: identity-provider mappings (a
// mapped attribute warned, a 403 or 404 "could not check", the reads counted) and DX names (a
// typo refused, a name declared new accepted).
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createDxClient } from '../../../src/dx/index.js';
import { createLookerClient } from '../../../src/looker/index.js';
import { createSync, parseMapping, type PlanProgress, type SyncMapping } from '../../../src/sync/index.js';
import { createFakeServices, startFakeServer, type FakeServer, type FakeServicesOptions } from '../../../src/testing/index.js';
import { testRuntime } from '../../support/runtime.js';

// Node's own fetch, taken before the suite's msw server patches the global: the kit is a real loopback server.
const loopbackFetch = globalThis.fetch;

let server: FakeServer;
const ids = { department: '', region: '' };

async function start(options: FakeServicesOptions = {}) {
  server = await startFakeServer({ fake: createFakeServices(options) });
  const { looker, dx } = server.fake;
  ids.department = looker.addUserAttribute({ name: 'department', userCanEdit: false }).id;
  ids.region = looker.addUserAttribute({ name: 'region', userCanEdit: false }).id;
  looker.addUser({ email: 'jo@acme.test' });
  dx.addUser({ email: 'jo@acme.test', attributes: { Department: 'Sales', Team: 'Red' } });
}

function syncWith(mappingJson: unknown, admin = true) {
  const { runtime } = testRuntime();
  const common = { baseUrl: server.url, runtime, fetch: loopbackFetch } as const;
  const looker = createLookerClient({ ...common, credentials: server.fake.looker.createApiCredentials({ admin }) });
  const dx = createDxClient({ ...common, token: server.fake.dx.createToken() });
  const parsed = parseMapping(mappingJson);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return createSync({ looker, dx, mapping: parsed.data as SyncMapping, runtime });
}

const lookerMapping = { email: 'Work Email', fields: { Department: { looker: 'department' }, Region: { looker: 'region' } } };
const record = { 'Work Email': 'jo@acme.test', Department: 'Ops', Region: 'EMEA' };

afterEach(() => server?.close());

describe('identity-provider mappings', () => {
  beforeEach(() => start());

  test('an enabled provider that maps a managed attribute is warned of, naming it and its attribute; the reads are counted', async () => {
    const { looker } = server.fake;
    looker.setIdentityProvider('saml', { enabled: true, userAttributes: [{ name: 'dept', userAttributeIds: [ids.department] }] });
    looker.setIdentityProvider('oidc', { enabled: false, userAttributes: [{ name: 'region_claim', userAttributeIds: [ids.region] }] });
    const progress: PlanProgress[] = [];
    const plan = await syncWith(lookerMapping).plan([record], { onProgress: (p) => progress.push(p) });
    if (!plan.ok) throw new Error(plan.error.message);
    expect(plan.data.warnings).toEqual([{
      service: 'looker', attribute: 'department', kind: 'identity_provider_mapped', providers: ['saml'], providerAttribute: 'dept',
      message: expect.stringMatching(/^Looker sets department from the SAML identity provider \(its assertion attribute "dept"\) at each login/),
    }]);
    expect(server.fake.calls.byOperation('looker')).toMatchObject({ saml_config: 1, oidc_config: 1, ldap_config: 1 });
    const calls = Object.values(server.fake.calls.byOperation('looker')).reduce((sum, n) => sum + (n ?? 0), 0);
    expect(progress.at(-1)?.callsUsed.looker).toBe(calls);
  });

  test('a plan that writes no Looker user value reads no config', async () => {
    server.fake.looker.setIdentityProvider('saml', { enabled: true, userAttributes: [{ name: 'dept', userAttributeIds: [ids.department] }] });
    const plan = await syncWith(lookerMapping).plan([{ 'Work Email': 'nobody@acme.test', Department: 'Ops', Region: '' }]);
    expect(plan.ok && plan.data.warnings).toEqual([]);
    expect(server.fake.calls.byOperation('looker')).not.toHaveProperty('saml_config');
  });

  test('a non-admin API user gets 403: a warning per attribute that it could not check, never a failure', async () => {
    const plan = await syncWith(lookerMapping, false).plan([record]);
    if (!plan.ok) throw new Error(plan.error.message);
    expect(plan.data.summary.set).toBe(2);
    expect(plan.data.warnings.map((w) => [w.kind, w.attribute, w.providers])).toEqual([
      ['identity_provider_unchecked', 'department', ['saml', 'oidc', 'ldap']],
      ['identity_provider_unchecked', 'region', ['saml', 'oidc', 'ldap']],
    ]);
    expect(plan.data.warnings[0]?.message).toMatch(/^could not check whether a login through SAML \(403 forbidden\), OIDC \(403 forbidden\), LDAP \(403 forbidden\) sets department/);
  });
});

test('configs answered 404 (Looker on Google Cloud core may): could not check', async () => {
  await start({ looker: { authConfigsNotFound: true } });
  const plan = await syncWith(lookerMapping).plan([record]);
  if (!plan.ok) throw new Error(plan.error.message);
  expect(plan.data.warnings.map((w) => [w.kind, w.attribute])).toEqual([['identity_provider_unchecked', 'department'], ['identity_provider_unchecked', 'region']]);
  expect(plan.data.warnings[1]?.message).toContain('SAML (404 not_found), OIDC (404 not_found), LDAP (404 not_found) sets region');
});

describe('DX attribute names', () => {
  beforeEach(() => start());
  const dxMapping = (name: string, extra: object = {}) => ({ email: 'Work Email', fields: { Department: { dx: name } }, ...extra });

  test('a name no DX user carries is refused before any write, naming the nearest; DX\'s own case-insensitive match is accepted', async () => {
    const typo = await syncWith(dxMapping('Departmnet')).plan([{ 'Work Email': 'jo@acme.test', Department: 'Ops' }]);
    expect(typo).toMatchObject({ ok: false, error: { kind: 'unknown_dx_attribute', service: 'dx', names: ['Departmnet'], nearest: { Departmnet: ['Department'] } } });
    expect(server.fake.calls.byOperation('dx')).toEqual({ 'users.list': 1 });
    const cased = await syncWith(dxMapping('DEPARTMENT')).plan([{ 'Work Email': 'jo@acme.test', Department: 'Ops' }]);
    expect(cased.ok && cased.data.summary.set).toBe(1);
  });

  test('a name declared new is planned, and applying it creates the attribute', async () => {
    const sync = syncWith(dxMapping('Cost Centre', { dx: { newAttributes: ['Cost Centre'] } }));
    const plan = await sync.plan([{ 'Work Email': 'jo@acme.test', Department: 'CC-1' }]);
    if (!plan.ok) throw new Error(plan.error.message);
    expect((await sync.apply(plan.data, { dryRun: false })).ok).toBe(true);
    expect(server.fake.dx.user('jo@acme.test').attributes).toMatchObject({ 'Cost Centre': 'CC-1' });
  });
});
