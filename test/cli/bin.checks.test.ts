// The plan's checks through the real bin from the packed tarball, against the kit over HTTP: an
// attribute an identity provider sets, configs a non-admin cannot read, a DX name typo, a new name.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startFakeServer, type FakeServer } from '../../src/testing/index.js';
import { installedBin, jsonLines, kitEnvironment, runBin, runBinInTerminal, scratch } from '../support/cli/bin.js';

let server: FakeServer;
let dir: string;
let env: Record<string, string>;
const at = (name: string) => join(dir, name);

beforeAll(async () => {
  await installedBin();
  server = await startFakeServer();
  const { looker, dx } = server.fake;
  const department = looker.addUserAttribute({ name: 'department', userCanEdit: false });
  looker.addUser({ email: 'jo@acme.test' });
  dx.addUser({ email: 'jo@acme.test', attributes: { Department: 'Sales' } });
  looker.setIdentityProvider('oidc', { enabled: true, userAttributes: [{ name: 'dept', userAttributeIds: [department.id] }] });
  env = kitEnvironment(server).env;
  dir = await scratch({
    'hr.csv': 'Work Email,Department\njo@acme.test,Ops\n',
    'looker.json': JSON.stringify({ email: 'Work Email', fields: { Department: { looker: 'department' } } }),
    'typo.json': JSON.stringify({ email: 'Work Email', fields: { Department: { dx: 'Departmnet' } } }),
    'new.json': JSON.stringify({ email: 'Work Email', fields: { Department: { dx: 'Division' } }, dx: { newAttributes: ['Division'] } }),
  });
}, 180_000);

afterAll(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('identity-provider mappings', () => {
  test('an attribute an enabled OIDC login sets: a warning naming the provider and its attribute, exit 0', async () => {
    const result = await runBin(['plan', '--input', at('hr.csv'), '--map', at('looker.json'), '--json'], { env });
    expect(result.code).toBe(0);
    expect(jsonLines(result.stdout).filter((event) => event.type === 'warning')).toEqual([{
      type: 'warning', service: 'looker', attribute: 'department', kind: 'identity_provider_mapped', providers: ['oidc'], providerAttribute: 'dept',
      message: expect.stringContaining('Looker sets department from the OIDC identity provider (its OpenID attribute "dept") at each login'),
    }]);
    const text = await runBinInTerminal(['plan', '--input', at('hr.csv'), '--map', at('looker.json'), '--no-color'], { env });
    expect(text.stdout).toContain('! Looker department: Looker sets department from the OIDC identity provider');
  });

  test('an API user without the admin role: "could not check", a warning, and the plan is made (exit 0)', async () => {
    const { clientId, clientSecret } = server.fake.looker.createApiCredentials({ admin: false });
    const result = await runBin(['plan', '--input', at('hr.csv'), '--map', at('looker.json'), '--json'], {
      env: { ...env, LOOKER_CLIENT_ID: clientId, LOOKER_CLIENT_SECRET: clientSecret },
    });
    expect(result.code).toBe(0);
    const events = jsonLines(result.stdout);
    expect(events.filter((event) => event.type === 'warning')).toEqual([expect.objectContaining({
      kind: 'identity_provider_unchecked', attribute: 'department', providers: ['saml', 'oidc', 'ldap'],
      message: expect.stringContaining('could not check whether a login through SAML (403 forbidden), OIDC (403 forbidden), LDAP (403 forbidden)'),
    })]);
    expect(events.at(-1)).toMatchObject({ type: 'plan', summary: { set: 1 } });
  });
});

describe('DX attribute names', () => {
  test('a typo is refused with exit 1, naming the nearest name and how to go on', async () => {
    const result = await runBin(['plan', '--input', at('hr.csv'), '--map', at('typo.json'), '--json'], { env });
    expect(result.code).toBe(1);
    expect(jsonLines(result.stdout).filter((event) => event.type !== 'progress')).toEqual([{
      type: 'error', kind: 'unknown_dx_attribute',
      message: expect.stringMatching(/^DX: no DX user carries the attribute "Departmnet" \(nearest: "Department"\)\. .*"dx": \{ "newAttributes": \["Departmnet"\] \}/),
    }]);
    expect(server.fake.dx.user('jo@acme.test').attributes).toEqual({ Department: 'Sales' });
  });

  test('a name declared new is planned and applied', async () => {
    const planned = await runBin(['plan', '--input', at('hr.csv'), '--map', at('new.json'), '--out', at('new-plan.json'), '--json'], { env });
    expect(planned.code).toBe(0);
    const applied = await runBin(['apply', at('new-plan.json'), '--json'], { env });
    expect(applied.code).toBe(0);
    expect(server.fake.dx.user('jo@acme.test').attributes).toEqual({ Department: 'Sales', Division: 'Ops' });
  });
});
