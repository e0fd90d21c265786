// Each Looker read and delete against msw: success, every status its spec declares with the right
// kind, status and body, an undeclared status, and a success body that is not as specified.
import { http, HttpResponse } from 'msw';
import { describe, expect, test } from 'vitest';
import { createLookerClient, type LookerClient, type LookerClientOptions } from '../../src/looker/index.js';
import { API, LOOKER, userValue } from '../support/looker.js';
import { testRuntime } from '../support/runtime.js';
import { server } from '../support/server.js';

function client(options: Partial<LookerClientOptions> = {}): LookerClient {
  return createLookerClient({ baseUrl: LOOKER, credentials: { accessToken: 'static-token' }, runtime: testRuntime().runtime, retry: false, ...options });
}

const user = { id: '1', email: 'ana@acme.com', is_disabled: false, group_ids: ['5'] };
const group = { id: '5', name: 'Sales', user_count: 3 };
const attribute = { id: '7', name: 'region', label: 'Region', type: 'string', default_value: 'World', value_is_hidden: false, user_can_edit: false };
const groupValue = { id: '1', group_id: '5', user_attribute_id: '7', value: 'EMEA', value_is_hidden: false, rank: 1 };

const ALL = [400, 401, 404, 429];
const DELETES = [400, 401, 403, 404, 429];
const KIND: Record<number, string> = { 400: 'bad_request', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 429: 'rate_limited' };

/** Each operation: its route, a success reply, its declared error statuses, one it does not declare, and a call. */
const operations = [
  { name: 'all_users', method: 'get', url: `${API}/users`, success: [user], declared: ALL, undeclared: 403, call: (c: LookerClient) => c.allUsers() },
  {
    name: 'search_users',
    method: 'get',
    url: `${API}/users/search`,
    success: [user],
    declared: ALL,
    undeclared: 403,
    call: (c: LookerClient) => c.searchUsers({ email: 'ana%' }),
  },
  {
    name: 'all_user_attributes',
    method: 'get',
    url: `${API}/user_attributes`,
    success: [attribute],
    declared: ALL,
    undeclared: 403,
    call: (c: LookerClient) => c.allUserAttributes(),
  },
  { name: 'all_groups', method: 'get', url: `${API}/groups`, success: [group], declared: ALL, undeclared: 403, call: (c: LookerClient) => c.allGroups() },
  {
    name: 'search_groups',
    method: 'get',
    url: `${API}/groups/search`,
    success: [group],
    declared: ALL,
    undeclared: 403,
    call: (c: LookerClient) => c.searchGroups({ name: 'Sal%' }),
  },
  {
    name: 'user_attribute_user_values',
    method: 'get',
    url: `${API}/users/:userId/attribute_values`,
    success: [userValue('EMEA')],
    // No 400: the spec declares none for this operation.
    declared: [401, 404, 429],
    undeclared: 400,
    call: (c: LookerClient) => c.userAttributeUserValues({ userId: '42' }),
  },
  {
    name: 'all_user_attribute_group_values',
    method: 'get',
    url: `${API}/user_attributes/:attributeId/group_values`,
    success: [groupValue],
    declared: ALL,
    undeclared: 403,
    call: (c: LookerClient) => c.allUserAttributeGroupValues({ userAttributeId: '7' }),
  },
  {
    name: 'delete_user_attribute_user_value',
    method: 'delete',
    url: `${API}/users/:userId/attribute_values/:attributeId`,
    success: undefined,
    declared: DELETES,
    undeclared: 422,
    call: (c: LookerClient) => c.deleteUserAttributeUserValue({ userId: '42', userAttributeId: '7' }),
  },
  {
    name: 'delete_user_attribute_group_value',
    method: 'delete',
    url: `${API}/groups/:groupId/attribute_values/:attributeId`,
    success: undefined,
    declared: DELETES,
    undeclared: 422,
    call: (c: LookerClient) => c.deleteUserAttributeGroupValue({ groupId: '5', userAttributeId: '7' }),
  },
] as const;

describe.each(operations)('$name', (op) => {
  const route = (reply: () => Response) => (op.method === 'get' ? http.get : http.delete)(op.url, reply);
  const successReply = () => (op.success === undefined ? new HttpResponse(null, { status: 204 }) : HttpResponse.json(op.success));

  test('success gives the parsed body (a delete: undefined) and the response', async () => {
    server.use(route(successReply));
    const result = await op.call(client());
    if (!result.ok) throw new Error(result.error.message);
    expect(result.data).toEqual(op.success);
    expect(result.response.status).toBe(op.success === undefined ? 204 : 200);
  });

  test.each(op.declared)('HTTP %i is its declared kind, with status, body, request id and one attempt', async (status) => {
    const body = { message: `boom ${status}`, documentation_url: 'https://docs.example/err' };
    server.use(route(() => HttpResponse.json(body, { status, headers: { 'x-request-id': 'req-7', 'retry-after': '2' } })));
    const result = await op.call(client());
    if (result.ok || !('status' in result.error)) throw new Error('expected an HTTP error');
    const { error } = result;
    expect(error).toMatchObject({ kind: KIND[status], operation: op.name, attempts: 1, status, body, requestId: 'req-7' });
    expect(error.message).toContain(`boom ${status}`);
    if (error.kind === 'rate_limited') expect(error.retryAfterMs).toBe(2000);
  });

  test('a status the spec does not declare is unexpected_response', async () => {
    server.use(route(() => HttpResponse.json({ message: 'nope' }, { status: op.undeclared })));
    const result = await op.call(client());
    expect(result.ok ? undefined : result.error).toMatchObject({ kind: 'unexpected_response', status: op.undeclared });
  });

  test('a 429 is retried, then succeeds', async () => {
    let calls = 0;
    server.use(route(() => (++calls === 1 ? HttpResponse.json({ message: 'slow down' }, { status: 429 }) : successReply())));
    const result = await op.call(client({ retry: {} }));
    expect(result.ok).toBe(true);
    expect(calls).toBe(2);
  });

  test('a success body that is not as specified is unexpected_response', async () => {
    const wrong = op.success === undefined ? HttpResponse.json({ deleted: true }) : HttpResponse.json({ not: 'a list' });
    server.use(route(() => wrong));
    const result = await op.call(client());
    expect(result.ok ? undefined : result.error).toMatchObject({ kind: 'unexpected_response', status: 200 });
  });
});

test.each([
  ['all_users', `${API}/users`, [{ id: 1, email: 'a@acme.com' }], 'body[0].id is not string'],
  ['search_users', `${API}/users/search`, [{ id: '1', is_disabled: 'yes' }], 'body[0].is_disabled is not boolean'],
  ['all_user_attributes', `${API}/user_attributes`, [{ id: '7', name: 7 }], 'body[0].name is not string'],
  ['all_groups', `${API}/groups`, [{ id: '5', name: ['Sales'] }], 'body[0].name is not string'],
])('%s: an item with a field of the wrong type is unexpected_response naming it', async (name, url, body, problem) => {
  server.use(http.get(url, () => HttpResponse.json(body)));
  const looker = client();
  const result = await (name === 'all_users'
    ? looker.allUsers()
    : name === 'search_users'
      ? looker.searchUsers()
      : name === 'all_user_attributes'
        ? looker.allUserAttributes()
        : looker.allGroups());
  expect(result.ok ? undefined : result.error.message).toContain(problem);
});

test('a hidden value comes back as null with value_is_hidden, never as a guess', async () => {
  server.use(http.get(`${API}/users/42/attribute_values`, () => HttpResponse.json([{ ...userValue(null), value_is_hidden: true }])));
  const result = await client().userAttributeUserValues({ userId: '42', userAttributeIds: ['7'] });
  expect(result.ok && result.data).toEqual([expect.objectContaining({ value: null, value_is_hidden: true })]);
});
