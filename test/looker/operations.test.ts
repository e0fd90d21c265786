import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, test } from 'vitest';
import {
  createLookerClient,
  type LookerClient,
  type LookerClientOptions,
} from '../../src/looker/index.js';
import { server } from '../support/server.js';
import { testRuntime } from '../support/runtime.js';
import {
  GROUP_VALUE_URL,
  GROUP_VALUES_URL,
  LOOKER,
  lookerError,
  recordRequests,
  USER_VALUE_URL,
  userValue,
} from '../support/looker.js';

afterEach(() => server.events.removeAllListeners());

function client(options: Partial<LookerClientOptions> = {}): LookerClient {
  return createLookerClient({
    baseUrl: LOOKER,
    credentials: { accessToken: 'static-token' },
    runtime: testRuntime().runtime,
    ...options,
  });
}

const groupValue = { id: '1', group_id: '5', user_attribute_id: '7', value: 'Sales', value_is_hidden: false, rank: null };

/** Each operation, its route, and how to call it. */
const operations = [
  {
    name: 'set_user_attribute_user_value',
    method: 'patch',
    url: USER_VALUE_URL,
    success: userValue('EMEA'),
    declared: {
      400: 'bad_request',
      401: 'unauthorized',
      403: 'forbidden',
      404: 'not_found',
      422: 'validation',
      429: 'rate_limited',
    },
    call: (c: LookerClient) => c.setUserAttributeUserValue({ userId: '42', userAttributeId: '7', value: 'EMEA' }),
  },
  {
    name: 'update_user_attribute_group_value',
    method: 'patch',
    url: GROUP_VALUE_URL,
    success: groupValue,
    declared: {
      400: 'bad_request',
      401: 'unauthorized',
      403: 'forbidden',
      404: 'not_found',
      422: 'validation',
      429: 'rate_limited',
    },
    call: (c: LookerClient) => c.updateUserAttributeGroupValue({ groupId: '5', userAttributeId: '7', value: 'Sales' }),
  },
  {
    name: 'set_user_attribute_group_values',
    method: 'post',
    url: GROUP_VALUES_URL,
    success: [groupValue],
    declared: {
      400: 'bad_request',
      401: 'unauthorized',
      404: 'not_found',
      409: 'conflict',
      422: 'validation',
      429: 'rate_limited',
    },
    call: (c: LookerClient) =>
      c.setUserAttributeGroupValues({ userAttributeId: '7', groupValues: [{ groupId: '5', value: 'Sales' }] }),
  },
] as const;

describe.each(operations)('$name', (op) => {
  const route = (resolver: Parameters<typeof http.patch>[1]) => (op.method === 'post' ? http.post : http.patch)(op.url, resolver);

  test('success returns the parsed body and the response', async () => {
    server.use(route(() => HttpResponse.json(op.success)));
    const result = await op.call(client());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data).toEqual(op.success);
    expect(result.response.status).toBe(200);
  });

  test.each(Object.entries(op.declared))('HTTP %s becomes %s with status, body, headers and attempts', async (status, kind) => {
    const body =
      status === '422'
        ? {
            message: 'Validation Failed',
            errors: [{ field: 'value', code: 'invalid', message: 'bad', documentation_url: null }],
            documentation_url: 'd',
          }
        : { message: `boom ${status}`, documentation_url: 'd' };
    server.use(route(() => HttpResponse.json(body, { status: Number(status), headers: { 'x-request-id': 'req-9' } })));
    const result = await op.call(client({ retry: false }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const error = result.error;
    expect(error.kind).toBe(kind);
    expect(error.operation).toBe(op.name);
    expect(error.attempts).toBe(1);
    if (!('status' in error)) throw new Error('expected an HTTP error');
    expect(error.status).toBe(Number(status));
    expect(error.body).toEqual(body);
    expect(error.requestId).toBe('req-9');
    expect(error.message).toContain(body.message);
    if (error.kind === 'validation') expect(error.fieldErrors).toEqual(body.errors);
  });

  test('an undeclared status is unexpected_response', async () => {
    server.use(route(() => lookerError(418, 'teapot')));
    const result = await op.call(client());
    expect(!result.ok && result.error.kind).toBe('unexpected_response');
    expect(!result.ok && 'status' in result.error && result.error.status).toBe(418);
  });

  test('an HTML 500 page is a server error holding the text', async () => {
    server.use(
      route(
        () =>
          new HttpResponse('<html><body>Bad gateway</body></html>', { status: 500, headers: { 'content-type': 'text/html' } }),
      ),
    );
    const result = await op.call(client());
    expect(!result.ok && result.error.kind).toBe('server');
    expect(!result.ok && 'body' in result.error && result.error.body).toContain('<html>');
  });

  test('an empty error body is a typed error with an undefined body', async () => {
    server.use(route(() => new HttpResponse(null, { status: 404 })));
    const result = await op.call(client());
    expect(!result.ok && result.error.kind).toBe('not_found');
    expect(!result.ok && 'body' in result.error && result.error.body).toBeUndefined();
  });

  test('invalid JSON in a 200 is unexpected_response, not a crash', async () => {
    server.use(route(() => new HttpResponse('{"value": "EM', { status: 200, headers: { 'content-type': 'application/json' } })));
    const result = await op.call(client());
    expect(!result.ok && result.error.kind).toBe('unexpected_response');
    expect(!result.ok && 'status' in result.error && result.error.status).toBe(200);
  });

  test('an empty 200 is unexpected_response', async () => {
    server.use(route(() => new HttpResponse(null, { status: 200 })));
    const result = await op.call(client());
    expect(!result.ok && result.error.kind).toBe('unexpected_response');
  });

  test('a redirect is not followed', async () => {
    const seen = recordRequests(server);
    server.use(route(() => new HttpResponse(null, { status: 307, headers: { location: 'https://elsewhere.test/steal' } })));
    const result = await op.call(client());
    expect(!result.ok && result.error.kind).toBe('unexpected_response');
    expect(seen.map((r) => new URL(r.url).host)).toEqual(['acme.looker.test']);
  });
});

test('sends the x-looker-appid header naming the SDK, and the value as JSON', async () => {
  let seen: Request | undefined;
  server.use(
    http.patch(GROUP_VALUE_URL, ({ request }) => {
      seen = request.clone();
      return HttpResponse.json(groupValue);
    }),
  );
  await client().updateUserAttributeGroupValue({ groupId: '5', userAttributeId: '7', value: 'Sales' });
  expect(seen?.headers.get('x-looker-appid')).toMatch(/^user-attributes-sdk\/\d+\.\d+\.\d+/);
  expect(seen?.headers.get('content-type')).toBe('application/json');
  expect(await seen?.json()).toEqual({ value: 'Sales' });
});

test('group values are sent in order with ranks as given', async () => {
  let body: unknown;
  server.use(
    http.post(GROUP_VALUES_URL, async ({ request }) => {
      body = await request.json();
      return HttpResponse.json([groupValue]);
    }),
  );
  const result = await client().setUserAttributeGroupValues({
    userAttributeId: '7',
    groupValues: [
      { groupId: '5', value: 'Sales', rank: 2 },
      { groupId: '6', value: 'Eng', rank: 1 },
    ],
  });
  expect(result.ok).toBe(true);
  expect(body).toEqual([
    { group_id: '5', value: 'Sales', rank: 2 },
    { group_id: '6', value: 'Eng', rank: 1 },
  ]);
});

test.each([
  ['https://acme.looker.test', 'https://acme.looker.test/api/4.0/'],
  ['https://acme.looker.test/', 'https://acme.looker.test/api/4.0/'],
  ['https://acme.looker.test/api/4.0', 'https://acme.looker.test/api/4.0/'],
  ['https://acme.looker.test/api/4.0/', 'https://acme.looker.test/api/4.0/'],
  ['https://acme.looker.test:19999/api/4.0', 'https://acme.looker.test:19999/api/4.0/'],
  ['https://acme.looker.test:19999', 'https://acme.looker.test:19999/api/4.0/'],
])('baseUrl %s serves the API under %s', async (baseUrl, prefix) => {
  let url = '';
  server.use(
    http.patch(/.*/, ({ request }) => {
      url = request.url;
      return HttpResponse.json(userValue('x'));
    }),
  );
  const looker = createLookerClient({ baseUrl, credentials: { accessToken: 't' } });
  await looker.setUserAttributeUserValue({ userId: '42', userAttributeId: '7', value: 'x' });
  expect(url).toBe(`${prefix}users/42/attribute_values/7`);
});

test.each([
  ['https://acme.looker.test/api/3.1', '/api/3.1'],
  ['https://acme.looker.test/api/4.0/users', '/api/4.0'],
])('baseUrl %s is refused when the client is created, saying to pass the instance URL', (baseUrl, found) => {
  expect(() => createLookerClient({ baseUrl, credentials: { accessToken: 't' } })).toThrow(
    new TypeError(`createLookerClient: baseUrl holds the API path ${found}: pass the instance URL, e.g. https://acme.looker.com`),
  );
});

test('the raw openapi-fetch client is typed and carries auth', async () => {
  server.use(
    http.patch(USER_VALUE_URL, ({ request }) => {
      expect(request.headers.get('authorization')).toBe('Bearer static-token');
      return HttpResponse.json(userValue('APAC'));
    }),
  );
  const raw = client().raw;
  const { data } = await raw.PATCH('/users/{user_id}/attribute_values/{user_attribute_id}', {
    params: { path: { user_id: '42', user_attribute_id: '7' } },
    body: { value: 'APAC' },
  });
  expect(data?.value).toBe('APAC');
});

test.each([
  [{ baseUrl: 'ftp://x', credentials: { accessToken: 't' } }],
  [{ baseUrl: 'https://user:pw@x.test', credentials: { accessToken: 't' } }],
  [{ baseUrl: 'not a url', credentials: { accessToken: 't' } }],
  [{ baseUrl: LOOKER, credentials: {} }],
  [{ baseUrl: LOOKER, credentials: { clientId: 'a' } }],
  [{ baseUrl: LOOKER, credentials: { accessToken: 'a\r\nX-Evil: 1' } }],
  [{ baseUrl: LOOKER, credentials: { accessToken: 't', getToken: () => 't' } }],
  [{ baseUrl: LOOKER, credentials: { accessToken: 't' }, timeoutMs: -1 }],
  [{ baseUrl: LOOKER, credentials: { accessToken: 't' }, retry: { maxRetries: 1.5 } }],
])('createLookerClient refuses bad options with a TypeError: %j', (options) => {
  expect(() => createLookerClient(options as never)).toThrow(TypeError);
});
