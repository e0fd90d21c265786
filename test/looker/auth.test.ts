import { http, HttpResponse } from 'msw';
import { expect, test } from 'vitest';
import { createLookerClient } from '../../src/looker/index.js';
import { server } from '../support/server.js';
import { testRuntime } from '../support/runtime.js';
import { API, CLIENT_ID, CLIENT_SECRET, LOOKER, loginHandler, lookerError, USER_VALUE_URL, userValue } from '../support/looker.js';

const setValue = { userId: '42', userAttributeId: '7', value: 'EMEA' };

function apiKeyClient(runtime = testRuntime().runtime) {
  return createLookerClient({ baseUrl: LOOKER, credentials: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }, runtime });
}

/** A user-value endpoint that accepts only the tokens in `valid`, recording the tokens it saw. */
function userValueAccepting(valid: Set<string>) {
  const tokens: string[] = [];
  const handler = http.patch(USER_VALUE_URL, ({ request }) => {
    const token = request.headers.get('authorization')?.replace(/^Bearer /, '') ?? '';
    tokens.push(token);
    return valid.has(token) ? HttpResponse.json(userValue('EMEA')) : lookerError(401, 'Requires authentication');
  });
  return { handler, tokens };
}

test('logs in with a form body (never the query string), then sends the bearer token', async () => {
  const login = loginHandler();
  const api = userValueAccepting(new Set(['token-1']));
  let contentType: string | null = null;
  server.use(
    http.post(`${API}/login`, ({ request }) => {
      contentType = request.headers.get('content-type');
    }),
    login.handler,
    api.handler,
  );
  const result = await apiKeyClient().setUserAttributeUserValue(setValue);
  expect(result.ok).toBe(true);
  expect(contentType).toBe('application/x-www-form-urlencoded');
  expect(login.state.urls).toEqual([`${API}/login`]);
  expect(new URLSearchParams(login.state.bodies[0])).toEqual(
    new URLSearchParams({ client_id: CLIENT_ID, client_secret: CLIENT_SECRET }),
  );
  expect(api.tokens).toEqual(['token-1']);
});

test('the token is cached until shortly before it expires', async () => {
  const clock = testRuntime();
  const login = loginHandler({ expiresIn: 3600 });
  const api = userValueAccepting(new Set(['token-1', 'token-2']));
  server.use(login.handler, api.handler);
  const looker = apiKeyClient(clock.runtime);

  await looker.setUserAttributeUserValue(setValue);
  clock.advance(3530_000); // 70 s before expiry: still fresh
  await looker.setUserAttributeUserValue(setValue);
  expect(login.state.logins).toBe(1);
  clock.advance(20_000); // 50 s before expiry: inside the refresh margin
  await looker.setUserAttributeUserValue(setValue);
  expect(login.state.logins).toBe(2);
  expect(api.tokens).toEqual(['token-1', 'token-1', 'token-2']);
});

test('20 concurrent calls share one login', async () => {
  const login = loginHandler();
  const api = userValueAccepting(new Set(['token-1']));
  server.use(login.handler, api.handler);
  const looker = apiKeyClient();
  const results = await Promise.all(Array.from({ length: 20 }, () => looker.setUserAttributeUserValue(setValue)));
  expect(results.every((r) => r.ok)).toBe(true);
  expect(login.state.logins).toBe(1);
  expect(api.tokens).toHaveLength(20);
});

test('a 401 causes one fresh login and one replay', async () => {
  const login = loginHandler();
  const valid = new Set(['token-1']);
  const api = userValueAccepting(valid);
  server.use(login.handler, api.handler);
  const looker = apiKeyClient();
  expect((await looker.setUserAttributeUserValue(setValue)).ok).toBe(true);

  valid.clear(); // token-1 revoked server-side
  valid.add('token-2');
  const result = await looker.setUserAttributeUserValue(setValue);
  expect(result.ok).toBe(true);
  expect(login.state.logins).toBe(2);
  expect(api.tokens).toEqual(['token-1', 'token-1', 'token-2']);
});

test('concurrent 401s with the same stale token cause one re-login', async () => {
  const login = loginHandler();
  const valid = new Set(['token-1']);
  const api = userValueAccepting(valid);
  server.use(login.handler, api.handler);
  const looker = apiKeyClient();
  await looker.setUserAttributeUserValue(setValue);
  valid.clear();
  valid.add('token-2');
  const results = await Promise.all(Array.from({ length: 20 }, () => looker.setUserAttributeUserValue(setValue)));
  expect(results.every((r) => r.ok)).toBe(true);
  expect(login.state.logins).toBe(2);
});

test('a second 401 after the replay is unauthorized, never a loop', async () => {
  const login = loginHandler();
  const api = userValueAccepting(new Set());
  server.use(login.handler, api.handler);
  const result = await apiKeyClient().setUserAttributeUserValue(setValue);
  expect(!result.ok && result.error.kind).toBe('unauthorized');
  expect(!result.ok && result.error.attempts).toBe(2);
  expect(login.state.logins).toBe(2);
  expect(api.tokens).toEqual(['token-1', 'token-2']);
});

test('refused credentials reach every waiter as unauthorized, with one login attempt', async () => {
  let logins = 0;
  server.use(
    http.post(`${API}/login`, () => {
      logins++;
      return lookerError(404, 'Not found');
    }),
  );
  const looker = apiKeyClient();
  const results = await Promise.all(Array.from({ length: 5 }, () => looker.setUserAttributeUserValue(setValue)));
  expect(logins).toBe(1);
  for (const r of results) {
    expect(r.ok).toBe(false);
    if (r.ok) continue;
    expect(r.error.kind).toBe('unauthorized');
    expect(r.error.operation).toBe('login');
    expect(r.error.message).toMatch(/client id or secret refused/);
  }
});

test('a rate-limited login is retried', async () => {
  const clock = testRuntime();
  const login = loginHandler();
  let first = true;
  server.use(
    http.post(`${API}/login`, () => {
      if (first) {
        first = false;
        return lookerError(429, 'slow down');
      }
    }),
    login.handler,
    userValueAccepting(new Set(['token-1'])).handler,
  );
  const result = await apiKeyClient(clock.runtime).setUserAttributeUserValue(setValue);
  expect(result.ok).toBe(true);
  expect(clock.sleeps).toHaveLength(1);
});

test('a login reply without a token is unexpected_response', async () => {
  server.use(http.post(`${API}/login`, () => HttpResponse.json({ token_type: 'Bearer' })));
  const result = await apiKeyClient().setUserAttributeUserValue(setValue);
  expect(!result.ok && result.error.kind).toBe('unexpected_response');
});

test('a static token is sent as is; a 401 is unauthorized with no replay', async () => {
  const api = userValueAccepting(new Set());
  server.use(api.handler);
  const looker = createLookerClient({ baseUrl: LOOKER, credentials: { accessToken: 'mine' } });
  const result = await looker.setUserAttributeUserValue(setValue);
  expect(!result.ok && result.error.kind).toBe('unauthorized');
  expect(api.tokens).toEqual(['mine']);
});

test('a getToken callback is asked again after a 401, for one replay', async () => {
  const issued = ['old', 'new'];
  const api = userValueAccepting(new Set(['new']));
  server.use(api.handler);
  const looker = createLookerClient({ baseUrl: LOOKER, credentials: { getToken: async () => issued.shift() ?? 'none' } });
  const result = await looker.setUserAttributeUserValue(setValue);
  expect(result.ok).toBe(true);
  expect(api.tokens).toEqual(['old', 'new']);
});

test.each([
  ['throws', () => Promise.reject(new Error('vault down'))],
  ['returns a non-string', () => 42 as unknown as string],
  ['returns a header-injection attempt', () => 'a\r\nX-Evil: 1'],
])('a getToken callback that %s gives hook_failed (getToken) and sends nothing', async (_, getToken) => {
  const looker = createLookerClient({ baseUrl: LOOKER, credentials: { getToken } });
  const result = await looker.setUserAttributeUserValue(setValue);
  expect(!result.ok && result.error.kind).toBe('hook_failed');
  expect(!result.ok && result.error.kind === 'hook_failed' && result.error.hook).toBe('getToken');
  expect(!result.ok && result.error.attempts).toBe(0);
});

test('login() logs in now and reports the lifetime; it needs client credentials', async () => {
  const login = loginHandler({ expiresIn: 1800 });
  server.use(login.handler);
  const result = await apiKeyClient().login();
  expect(result.ok && result.data).toEqual({ expiresInSeconds: 1800 });
  expect(login.state.logins).toBe(1);

  const withToken = createLookerClient({ baseUrl: LOOKER, credentials: { accessToken: 't' } });
  const refused = await withToken.login();
  expect(!refused.ok && refused.error.kind).toBe('invalid_input');
});

test('logout revokes the cached token; the next call logs in again', async () => {
  const login = loginHandler();
  const revoked: string[] = [];
  const api = userValueAccepting(new Set(['token-1', 'token-2']));
  server.use(
    login.handler,
    api.handler,
    http.delete(`${API}/logout`, ({ request }) => {
      revoked.push(request.headers.get('authorization') ?? '');
      return new HttpResponse(null, { status: 204 });
    }),
  );
  const looker = apiKeyClient();
  const before = await looker.logout();
  expect(before.ok && before.data).toEqual({ revoked: false });
  expect(revoked).toEqual([]);

  await looker.setUserAttributeUserValue(setValue);
  const after = await looker.logout();
  expect(after.ok && after.data).toEqual({ revoked: true });
  expect(revoked).toEqual(['Bearer token-1']);

  await looker.setUserAttributeUserValue(setValue);
  expect(login.state.logins).toBe(2);
});

test('a failed logout keeps its declared error kind', async () => {
  server.use(http.delete(`${API}/logout`, () => lookerError(404)));
  const looker = createLookerClient({ baseUrl: LOOKER, credentials: { accessToken: 't' } });
  const result = await looker.logout();
  expect(!result.ok && result.error.kind).toBe('not_found');
});
