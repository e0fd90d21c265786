// The definition, group-user and identity-provider methods against msw handlers: every status each
// operation declares becomes its kind, undeclared ones and replies not as specified are
// unexpected_response, and the request is exactly what the spec describes.
import { http, HttpResponse } from 'msw';
import { describe, expect, test } from 'vitest';
import { createLookerClient, type LookerClient, type LookerClientOptions } from '../../src/looker/index.js';
import { API, LOOKER } from '../support/looker.js';
import { testRuntime } from '../support/runtime.js';
import { server } from '../support/server.js';

function client(options: Partial<LookerClientOptions> = {}): LookerClient {
  return createLookerClient({ baseUrl: LOOKER, credentials: { accessToken: 'static-token' }, runtime: testRuntime().runtime, ...options });
}

const definition = { id: '7', name: 'region', label: 'Region', type: 'string', default_value: null, is_system: false, is_permanent: false };
const config = { enabled: true, user_attributes_with_ids: [{ name: 'department', required: false, user_attribute_ids: ['7'] }] };
const user = { id: '42', email: 'ana@acme.com', is_disabled: false, group_ids: ['3'] };
const KIND = { 400: 'bad_request', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 409: 'conflict', 422: 'validation', 429: 'rate_limited' };
type Status = keyof typeof KIND;

/** Each operation: its route, a success, its declared error statuses, how to call it, and a success not as specified. */
const operations: {
  name: string;
  method: 'get' | 'post' | 'patch' | 'delete';
  path: string;
  success: object | undefined;
  declared: Status[];
  call: (c: LookerClient) => Promise<{ ok: boolean; error?: unknown; data?: unknown }>;
  malformed: object;
}[] = [
  {
    name: 'create_user_attribute',
    method: 'post',
    path: '/user_attributes',
    success: definition,
    declared: [400, 401, 404, 409, 422, 429],
    call: (c) => c.createUserAttribute({ name: 'region', label: 'Region', type: 'string' }),
    malformed: { ...definition, id: undefined },
  },
  {
    name: 'user_attribute',
    method: 'get',
    path: '/user_attributes/7',
    success: definition,
    declared: [400, 401, 404, 429],
    call: (c) => c.userAttribute({ userAttributeId: '7' }),
    malformed: { ...definition, is_system: 'no' },
  },
  {
    name: 'update_user_attribute',
    method: 'patch',
    path: '/user_attributes/7',
    success: definition,
    declared: [400, 401, 404, 422, 429],
    call: (c) => c.updateUserAttribute({ userAttributeId: '7', label: 'Region' }),
    malformed: [definition],
  },
  {
    name: 'delete_user_attribute',
    method: 'delete',
    path: '/user_attributes/7',
    success: undefined,
    declared: [400, 401, 404, 429],
    call: (c) => c.deleteUserAttribute({ userAttributeId: '7' }),
    malformed: definition,
  },
  {
    name: 'all_group_users',
    method: 'get',
    path: '/groups/3/users',
    success: [user],
    declared: [400, 401, 404, 429],
    call: (c) => c.allGroupUsers({ groupId: '3' }),
    malformed: [{ ...user, group_ids: '3' }],
  },
  ...(['saml', 'oidc', 'ldap'] as const).map((provider) => ({
    name: `${provider}_config`,
    method: 'get' as const,
    path: `/${provider}_config`,
    success: config,
    declared: [401, 403, 404, 429] as Status[],
    call: (c: LookerClient) => c[`${provider}Config`](),
    // A numeric id would never equal an attribute's id: the mapping would go unnoticed.
    malformed: { enabled: true, user_attributes_with_ids: [{ name: 'department', user_attribute_ids: [7] }] },
  })),
];

describe.each(operations)('$name', (op) => {
  const route = (reply: () => Response) => http[op.method](`${API}${op.path}`, reply);

  test('a success is the parsed body (none for a delete) and the response', async () => {
    server.use(route(() => (op.success === undefined ? new HttpResponse(null, { status: 204 }) : HttpResponse.json(op.success))));
    const result = await op.call(client());
    expect(result).toMatchObject({ ok: true, data: op.success });
  });

  test.each(op.declared)('HTTP %s becomes its kind with the status and the body', async (status) => {
    const body = status === 422 ? { message: 'Validation Failed', errors: [{ field: 'name', code: 'already_exists', documentation_url: null }], documentation_url: 'd' } : { message: `boom ${status}`, documentation_url: 'd' };
    server.use(route(() => HttpResponse.json(body, { status })));
    const result = await op.call(client({ retry: false }));
    expect(result.ok ? undefined : result.error).toMatchObject({ kind: KIND[status], status, body, operation: op.name, attempts: 1 });
  });

  test('a status the spec does not declare is unexpected_response', async () => {
    const undeclared = ([400, 403, 409, 422] as Status[]).find((status) => !op.declared.includes(status))!;
    server.use(route(() => HttpResponse.json({ message: 'odd', documentation_url: 'd' }, { status: undeclared })));
    const result = await op.call(client({ retry: false }));
    expect(result.ok ? undefined : result.error).toMatchObject({ kind: 'unexpected_response', status: undeclared });
  });

  test('a success not as specified is unexpected_response', async () => {
    server.use(route(() => HttpResponse.json(op.malformed)));
    const result = await op.call(client());
    expect(result.ok ? undefined : result.error).toMatchObject({ kind: 'unexpected_response', status: 200 });
  });
});

test('a config without its mappings or enabled could not be checked', async () => {
  const looker = client();
  for (const body of [{ enabled: true }, { user_attributes_with_ids: [] }, { enabled: true, user_attributes_with_ids: null }]) {
    server.use(http.get(`${API}/saml_config`, () => HttpResponse.json(body)));
    const result = await looker.samlConfig();
    expect(result.ok ? undefined : result.error).toMatchObject({ kind: 'unexpected_response' });
  }
});

test('createUserAttribute and updateUserAttribute send exactly the given properties, in snake_case', async () => {
  const bodies: unknown[] = [];
  const record = async ({ request }: { request: Request }) => {
    bodies.push(await request.json());
    return HttpResponse.json(definition);
  };
  server.use(http.post(`${API}/user_attributes`, record), http.patch(`${API}/user_attributes/7`, record));
  const looker = client();
  await looker.createUserAttribute({ name: 'region', label: 'Region', type: 'string', defaultValue: null, userCanView: true, userCanEdit: undefined });
  await looker.updateUserAttribute({ userAttributeId: '7', valueIsHidden: true, hiddenValueDomainWhitelist: 'a.acme.com, *.b.acme.com' });
  expect(bodies).toEqual([
    { name: 'region', label: 'Region', type: 'string', default_value: null, user_can_view: true },
    { value_is_hidden: true, hidden_value_domain_whitelist: 'a.acme.com, *.b.acme.com' },
  ]);
});

test('a definition is checked before sending: every problem named, nothing sent', async () => {
  const looker = client();
  const created = await looker.createUserAttribute({ name: 'Sales Region', label: ' ', type: 'String', valueIsHidden: true } as never);
  expect(created.ok ? undefined : created.error).toMatchObject({
    kind: 'invalid_input',
    issues: [
      { path: 'name', problem: 'must be lowercase letters, digits and underscores' },
      { path: 'label', problem: 'must not be blank' },
      { path: 'type', problem: 'must be a type name such as string, number or yesno' },
      { path: 'hiddenValueDomainWhitelist', problem: 'is required to hide values (valueIsHidden: true)' },
    ],
  });
  const updated = await looker.updateUserAttribute({ userAttributeId: '7', hiddenValueDomainWhitelist: 'a.com,,b.com', is_system: false } as never);
  expect(updated.ok ? undefined : updated.error).toMatchObject({
    issues: [
      { path: 'hiddenValueDomainWhitelist', problem: 'must be destinations separated by commas' },
      { path: 'is_system', problem: 'is not a property of a user attribute definition' },
    ],
  });
  const nothing = await looker.updateUserAttribute({ userAttributeId: '7', label: undefined });
  expect(nothing.ok ? undefined : nothing.error).toMatchObject({ issues: [{ path: 'input', problem: 'must change at least one property' }] });
});
