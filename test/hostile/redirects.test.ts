// A server that redirects every request to another origin, which records whatever reaches it. No
// credential, token or body may ever get there: redirects are never followed.
import { describe, expect, test } from 'vitest';
import { createDxClient } from '../../src/dx/index.js';
import { createLookerClient } from '../../src/looker/index.js';
import { testRuntime } from '../support/runtime.js';
import { serve, type LoopbackServer } from '../support/http-server.js';
import { json, nodeFetch, SECRETS } from '../support/hostile.js';

const setValue = { userId: '42', userAttributeId: '7', value: 'EMEA' };
const STATUSES = [301, 302, 303, 307, 308];

/** `other` records everything; `api` redirects every request matching `redirects` to the same path on `other`. */
async function servers(status: number, redirects: (url: string) => boolean = () => true) {
  const other = await serve((_, res) => json(res, 200, { access_token: 'stolen', expires_in: 3600, value: 'x' }));
  const api = await serve((req, res) => {
    if (redirects(req.url ?? '')) {
      res.writeHead(status, { location: `${other.url}${req.url}` });
      res.end();
    } else json(res, 200, { access_token: SECRETS.token, token_type: 'Bearer', expires_in: 3600, refresh_token: null });
  });
  return { api, other };
}

const looker = (api: LoopbackServer) =>
  createLookerClient({
    baseUrl: api.url,
    credentials: { clientId: SECRETS.clientId, clientSecret: SECRETS.clientSecret },
    fetch: nodeFetch,
    runtime: testRuntime().runtime,
  });

describe.each(STATUSES)('a %i to another origin', (status) => {
  test('from the login: not followed, the secret stays home', async () => {
    const { api, other } = await servers(status);
    const result = await looker(api).setUserAttributeUserValue(setValue);
    expect(!result.ok && [result.error.kind, result.error.operation, result.error.attempts]).toEqual([
      'unexpected_response',
      'login',
      1,
    ]);
    expect(!result.ok && result.error.message).toMatch(/redirect not followed/);
    expect(api.seen.map((seen) => `${seen.method} ${seen.url}`)).toEqual(['POST /api/4.0/login']);
    expect(api.seen[0]?.body).toContain(SECRETS.clientSecret); // it was sent, but only to the API
    expect(other.seen).toEqual([]);
  });

  test('from an attribute call: not followed, neither the token nor the body leave', async () => {
    const { api, other } = await servers(status, (url) => !url.endsWith('/login'));
    const client = looker(api);
    const results = [
      await client.setUserAttributeUserValue(setValue),
      await client.updateUserAttributeGroupValue({ groupId: '3', userAttributeId: '7', value: 'EMEA' }),
      await client.setUserAttributeGroupValues({ userAttributeId: '7', groupValues: [{ groupId: '3', value: 'EMEA' }] }),
      await client.logout(),
    ];
    expect(results.map((r) => !r.ok && r.error.kind)).toEqual(Array(4).fill('unexpected_response'));
    expect(api.seen.map((seen) => seen.headers.authorization)).toEqual([undefined, ...Array(4).fill(`Bearer ${SECRETS.token}`)]);
    expect(other.seen).toEqual([]);
  });

  test('from the raw client: returned as is, not followed', async () => {
    const { api, other } = await servers(status, (url) => !url.endsWith('/login'));
    const raw = looker(api).raw;
    const { response } = await raw.PATCH('/users/{user_id}/attribute_values/{user_attribute_id}', {
      params: { path: { user_id: '42', user_attribute_id: '7' } },
      body: { value: 'EMEA' },
    });
    expect(response.status).toBe(status);
    expect(other.seen).toEqual([]);
  });

  test('from DX: not followed, the token stays home', async () => {
    const { api, other } = await servers(status);
    const dx = createDxClient({ baseUrl: api.url, token: SECRETS.dxToken, fetch: nodeFetch, runtime: testRuntime().runtime });
    const result = await dx.updateUserAttributes({ email: 'jo@acme.com', attributes: { Region: 'EMEA' } });
    expect(!result.ok && [result.error.kind, result.error.attempts]).toEqual(['unexpected_response', 1]);
    expect(api.seen.map((seen) => seen.headers.authorization)).toEqual([`Bearer ${SECRETS.dxToken}`]);
    expect(other.seen).toEqual([]);
  });
});

test('a redirect within the same origin is not followed either', async () => {
  const api = await serve((_, res) => {
    res.writeHead(307, { location: '/api/4.0/elsewhere' });
    res.end();
  });
  const client = createLookerClient({ baseUrl: api.url, credentials: { accessToken: SECRETS.token }, fetch: nodeFetch });
  const result = await client.setUserAttributeUserValue(setValue);
  expect(!result.ok && result.error.kind).toBe('unexpected_response');
  expect(api.seen).toHaveLength(1);
});

test('the clients hand fetch a request in manual redirect mode, so any fetch implementation can honour it', async () => {
  const modes: RequestRedirect[] = [];
  const spy = (url: string, init: RequestInit) => {
    modes.push(init.redirect ?? 'follow');
    return nodeFetch(url, init);
  };
  const api = await serve((_, res) => json(res, 200, { ok: true, user: { id: 'u', email: 'jo@acme.com', attributes: [] } }));
  await createDxClient({ baseUrl: api.url, token: SECRETS.dxToken, fetch: spy }).updateUserAttributes({
    email: 'jo@acme.com',
    attributes: { A: 'b' },
  });
  await createLookerClient({
    baseUrl: api.url,
    credentials: { accessToken: SECRETS.token },
    fetch: spy,
  }).setUserAttributeUserValue(setValue);
  expect(modes).toEqual(['manual', 'manual']);
});
