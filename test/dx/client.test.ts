import { http, HttpResponse } from 'msw';
import { describe, expect, test } from 'vitest';
import { createDxClient, type DxClientOptions } from '../../src/dx/index.js';
import { server } from '../support/server.js';
import { testRuntime } from '../support/runtime.js';
import { DX_TOKEN, dxError, dxUser, updateHandler } from '../support/dx.js';

function client(options: Partial<DxClientOptions> = {}) {
  return createDxClient({ token: DX_TOKEN, runtime: testRuntime().runtime, ...options });
}

const input = { email: 'jo@acme.com', attributes: { Department: 'Eng', Region: null } };

describe('updateUserAttributes', () => {
  test('a record becomes the documented list; success returns the user', async () => {
    const api = updateHandler(() => HttpResponse.json(dxUser([{ name: 'Department', value: 'Eng' }])));
    server.use(api.handler);
    const result = await client().updateUserAttributes(input);
    expect(api.bodies).toEqual([
      {
        email: 'jo@acme.com',
        attributes: [
          { name: 'Department', value: 'Eng' },
          { name: 'Region', value: null },
        ],
      },
    ]);
    expect(api.authorizations).toEqual([`Bearer ${DX_TOKEN}`]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.user.attributes).toEqual([{ name: 'Department', value: 'Eng', updated: true }]);
    expect(result.data.user.failures).toEqual([]);
  });

  test('an array of { name, value } is sent as is', async () => {
    const api = updateHandler(() => HttpResponse.json(dxUser([])));
    server.use(api.handler);
    const attributes = [{ name: 'Cost centre', value: '4410' }];
    expect((await client().updateUserAttributes({ email: 'jo@acme.com', attributes })).ok).toBe(true);
    expect(api.bodies).toEqual([{ email: 'jo@acme.com', attributes }]);
  });

  test('ok:false at 200 is a failure with its code', async () => {
    server.use(updateHandler(() => dxError('user_not_found', 200, { message: 'No such user' })).handler);
    const result = await client().updateUserAttributes(input);
    expect(result.ok).toBe(false);
    if (result.ok || result.error.kind !== 'api_error') throw new Error('expected api_error');
    expect(result.error.code).toBe('user_not_found');
    expect(result.error.status).toBe(200);
    expect(result.error.message).toContain('No such user');
  });

  test('ok:false at 422 is a failure with its code and error_details', async () => {
    server.use(updateHandler(() => dxError('invalid_attributes', 422, { error_details: { message: 'name too long' } })).handler);
    const result = await client().updateUserAttributes(input);
    if (result.ok || result.error.kind !== 'api_error') throw new Error('expected api_error');
    expect(result.error.status).toBe(422);
    expect(result.error.code).toBe('invalid_attributes');
    expect(result.error.message).toContain('name too long');
  });

  test.each([
    ['not_authed', 200],
    ['invalid_auth', 200],
    ['invalid_auth', 401],
  ])('%s at %i is unauthorized', async (code, status) => {
    server.use(updateHandler(() => dxError(code, status)).handler);
    const result = await client().updateUserAttributes(input);
    if (result.ok || result.error.kind !== 'unauthorized') throw new Error('expected unauthorized');
    expect(result.error.code).toBe(code);
  });

  test.each([
    [403, 'forbidden'],
    [404, 'not_found'],
    [409, 'api_error'],
    [500, 'server'],
  ])('HTTP %i is %s', async (status, kind) => {
    server.use(updateHandler(() => dxError('some_code', status)).handler);
    const result = await client().updateUserAttributes(input);
    expect(!result.ok && result.error.kind).toBe(kind);
  });

  test('"ok": "true" as a string is not success', async () => {
    server.use(updateHandler(() => HttpResponse.json({ ...dxUser([]), ok: 'true' })).handler);
    const result = await client().updateUserAttributes(input);
    expect(!result.ok && result.error.kind).toBe('unexpected_response');
  });

  test('a non-empty failures list is a partial_failure that carries the user and the failures', async () => {
    const failures = [{ name: 'Region', reason: 'locked' }];
    server.use(updateHandler(() => HttpResponse.json(dxUser([{ name: 'Department', value: 'Eng' }], failures))).handler);
    const result = await client().updateUserAttributes(input);
    if (result.ok || result.error.kind !== 'partial_failure') throw new Error('expected partial_failure');
    expect(result.error.failures).toEqual(failures);
    expect(result.error.user.attributes).toEqual([{ name: 'Department', value: 'Eng', updated: true }]);
    expect(result.error.message).toMatch(/1 attribute\(s\) not applied/);
  });

  test('a success without a user is unexpected_response', async () => {
    server.use(updateHandler(() => HttpResponse.json({ ok: true })).handler);
    const result = await client().updateUserAttributes(input);
    expect(!result.ok && result.error.kind).toBe('unexpected_response');
  });

  test('an HTML error page is a typed error', async () => {
    server.use(updateHandler(() => new HttpResponse('<h1>Bad gateway</h1>', { status: 502 })).handler);
    const result = await client({ retry: false }).updateUserAttributes(input);
    expect(!result.ok && result.error.kind).toBe('server');
    expect(!result.ok && 'body' in result.error && result.error.body).toBe('<h1>Bad gateway</h1>');
  });

  test('429 is retried, then succeeds', async () => {
    const clock = testRuntime();
    let calls = 0;
    server.use(updateHandler(() => (++calls === 1 ? dxError('rate_limited', 429) : HttpResponse.json(dxUser([])))).handler);
    const result = await client({ runtime: clock.runtime }).updateUserAttributes(input);
    expect(result.ok).toBe(true);
    expect(clock.sleeps).toEqual([438]);
  });

  test('429 after every retry is rate_limited with its code', async () => {
    server.use(updateHandler(() => dxError('rate_limited', 429)).handler);
    const result = await client({ retry: { maxRetries: 1 } }).updateUserAttributes(input);
    if (result.ok || result.error.kind !== 'rate_limited') throw new Error('expected rate_limited');
    expect(result.error.attempts).toBe(2);
    expect(result.error.code).toBe('rate_limited');
  });

  test('a dedicated instance base URL is used', async () => {
    let url = '';
    server.use(
      http.post('https://dx.acme.internal/users.attributes.update', ({ request }) => {
        url = request.url;
        return HttpResponse.json(dxUser([]));
      }),
    );
    await client({ baseUrl: 'https://dx.acme.internal/' }).updateUserAttributes(input);
    expect(url).toBe('https://dx.acme.internal/users.attributes.update');
  });

  test.each([[{ token: '' }], [{ token: 'a b' }], [{ token: 'x\nY: 1' }], [{ token: 'ok', baseUrl: 'nope' }]])(
    'createDxClient refuses bad options: %j',
    (options) => {
      expect(() => createDxClient(options as DxClientOptions)).toThrow(TypeError);
    },
  );
});

describe('the raw client', () => {
  test('is typed by the DX spec and sends with the token, retrying a 429', async () => {
    let calls = 0;
    const api = updateHandler(() => (++calls === 1 ? dxError('rate_limited', 429) : HttpResponse.json(dxUser([]))));
    server.use(api.handler);
    const body = { email: 'jo@acme.com', attributes: [{ name: 'Department', value: 'Eng' }] };
    const raw = client().raw;
    const { data, response } = await raw.POST('/users.attributes.update', { body });
    expect(response.status).toBe(200);
    expect(data?.ok).toBe(true);
    expect(api.authorizations).toEqual([`Bearer ${DX_TOKEN}`, `Bearer ${DX_TOKEN}`]);
    expect(api.bodies).toEqual([body, body]);
  });
});
