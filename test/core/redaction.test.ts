import { inspect } from 'node:util';
import { http, HttpResponse } from 'msw';
import { expect, test } from 'vitest';
import { createDxClient } from '../../src/dx/index.js';
import { createLookerClient, unwrap } from '../../src/looker/index.js';
import { server } from '../support/server.js';
import { testRuntime } from '../support/runtime.js';
import { API, CLIENT_ID, CLIENT_SECRET, LOOKER, loginHandler, lookerError, USER_VALUE_URL } from '../support/looker.js';
import { DX_TOKEN, dxError, UPDATE_URL } from '../support/dx.js';

const SECRETS = [CLIENT_SECRET, 'token-1', 'token-2', DX_TOKEN];

function expectNoSecret(value: unknown) {
  const renderings = [JSON.stringify(value), inspect(value, { depth: 10, showHidden: true, getters: true }), String(value)];
  if (value instanceof Error) renderings.push(value.message, value.stack ?? '');
  for (const text of renderings) for (const secret of SECRETS) expect(text).not.toContain(secret);
}

const setValue = { userId: '42', userAttributeId: '7', value: 'EMEA' };

test.each([
  ['unauthorized after re-login', () => lookerError(401, 'Requires authentication')],
  [
    'validation',
    () => HttpResponse.json({ message: 'bad', errors: [{ field: 'value' }], documentation_url: null }, { status: 422 }),
  ],
  ['rate_limited', () => lookerError(429)],
  ['server', () => new HttpResponse('<html>oops</html>', { status: 500 })],
  ['network', () => HttpResponse.error()],
  ['unexpected_response', () => new HttpResponse('{broken', { status: 200, headers: { 'content-type': 'application/json' } })],
])('Looker %s errors, thrown or returned, hold no secret', async (_, reply) => {
  server.use(loginHandler().handler, http.patch(USER_VALUE_URL, reply));
  const looker = createLookerClient({
    baseUrl: LOOKER,
    credentials: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
    runtime: testRuntime().runtime,
    retry: { maxRetries: 1 },
  });
  const result = await looker.setUserAttributeUserValue(setValue);
  expect(result.ok).toBe(false);
  expectNoSecret(result);
  let thrown: unknown;
  try {
    unwrap(result);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(Error);
  expectNoSecret(thrown);
  expectNoSecret(looker);
});

test('a refused login holds no secret', async () => {
  server.use(http.post(`${API}/login`, () => lookerError(404)));
  const looker = createLookerClient({ baseUrl: LOOKER, credentials: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET } });
  const result = await looker.setUserAttributeUserValue(setValue);
  expect(!result.ok && result.error.kind).toBe('unauthorized');
  expectNoSecret(result);
});

test('a successful result and the client hold no secret', async () => {
  server.use(
    loginHandler().handler,
    http.patch(USER_VALUE_URL, () => HttpResponse.json({ value: 'EMEA' })),
  );
  const looker = createLookerClient({ baseUrl: LOOKER, credentials: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET } });
  const result = await looker.setUserAttributeUserValue(setValue);
  expect(result.ok).toBe(true);
  expectNoSecret(result);
  expectNoSecret(looker);
  const login = await looker.login();
  expect(login.ok).toBe(true);
  expectNoSecret(login);
});

test.each([
  ['unauthorized', () => dxError('invalid_auth', 401)],
  ['api_error', () => dxError('bad', 422)],
  ['timeout', () => new Promise<Response>(() => {})],
])('DX %s errors hold no token', async (_, reply) => {
  server.use(http.post(UPDATE_URL, reply));
  const dx = createDxClient({ token: DX_TOKEN, timeoutMs: 20 });
  const result = await dx.updateUserAttributes({ email: 'jo@acme.com', attributes: { A: 'b' } });
  expect(result.ok).toBe(false);
  expectNoSecret(result);
  expectNoSecret(dx);
});

test('bad options errors do not echo the token', () => {
  expect(() => createDxClient({ token: `${DX_TOKEN}\n` })).toThrow(TypeError);
  try {
    createDxClient({ token: `${DX_TOKEN}\n` });
  } catch (error) {
    expectNoSecret(error);
  }
});
