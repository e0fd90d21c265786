// Expired, revoked and refused credentials against a Looker-like server over real HTTP: one fresh
// login and one replay per call at most, one login however many calls wait, and a refused login
// reaching every waiter without a retry storm.
import { describe, expect, test } from 'vitest';
import { createLookerClient } from '../../src/looker/index.js';
import { testRuntime } from '../support/runtime.js';
import { serve } from '../support/http-server.js';
import { json, nodeFetch, SECRETS, timed, userValue } from '../support/hostile.js';

const setValue = { userId: '42', userAttributeId: '7', value: 'EMEA' };
const many = <T>(n: number, call: () => Promise<T>) => Promise.all(Array.from({ length: n }, call));

interface Options {
  /** How the attribute endpoint answers a token it accepts (default 200). */
  reply?: (n: number) => 'ok' | 401 | 429 | undefined;
  loginStatus?: number;
  stallLogin?: boolean;
}

/** A Looker that issues a new token per login and accepts only the tokens in `valid`. */
async function looker({ reply = () => 'ok', loginStatus, stallLogin }: Options = {}) {
  const state = { logins: 0, calls: 0, valid: new Set<string>(), tokensSeen: [] as string[] };
  const server = await serve((req, res, seen) => {
    if (req.url?.endsWith('/login')) {
      state.logins++;
      if (stallLogin) return;
      if (loginStatus) return json(res, loginStatus, { message: 'Service unavailable' });
      if (new URLSearchParams(seen.body).get('client_secret') !== SECRETS.clientSecret)
        return json(res, 404, { message: 'Not found' });
      const token = `${SECRETS.token}-${state.logins}`;
      state.valid.add(token);
      return json(res, 200, { access_token: token, token_type: 'Bearer', expires_in: 3600, refresh_token: null });
    }
    const token = seen.headers.authorization?.replace(/^Bearer /, '') ?? '';
    state.tokensSeen.push(token);
    const answer = state.valid.has(token) ? reply(state.calls++) : 401;
    if (answer === 401) json(res, 401, { message: 'Requires authentication' });
    else if (answer === 429) json(res, 429, { message: 'Too Many Requests' }, { 'retry-after': '0' });
    else json(res, 200, userValue());
  });
  return { server, state };
}

function client(url: string, clientSecret: string = SECRETS.clientSecret, timeoutMs = 60_000) {
  const clock = testRuntime();
  return {
    clock,
    looker: createLookerClient({
      baseUrl: url,
      credentials: { clientId: SECRETS.clientId, clientSecret },
      fetch: nodeFetch,
      timeoutMs,
      runtime: clock.runtime,
    }),
  };
}

describe('an expired token', () => {
  test('200 concurrent calls after it expired cause exactly one login', async () => {
    const { server, state } = await looker();
    const { looker: client_, clock } = client(server.url);
    expect((await client_.setUserAttributeUserValue(setValue)).ok).toBe(true);
    clock.advance(3600_000);
    const results = await many(200, () => client_.setUserAttributeUserValue(setValue));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(state.logins).toBe(2);
    expect(new Set(state.tokensSeen.slice(1))).toEqual(new Set([`${SECRETS.token}-2`]));
  });

  test('200 concurrent first calls share one login', async () => {
    const { server, state } = await looker();
    const { looker: client_ } = client(server.url);
    const results = await many(200, () => client_.setUserAttributeUserValue(setValue));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(state.logins).toBe(1);
  });
});

describe('a revoked token', () => {
  test('200 concurrent calls get 401, cause exactly one fresh login, and each replays once', async () => {
    const { server, state } = await looker();
    const { looker: client_ } = client(server.url);
    await client_.setUserAttributeUserValue(setValue);
    state.valid.clear();
    state.tokensSeen.length = 0;
    const results = await many(200, () => client_.setUserAttributeUserValue(setValue));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(state.logins).toBe(2);
    expect(state.tokensSeen).toHaveLength(400);
    expect(state.tokensSeen.filter((token) => token.endsWith('-1'))).toHaveLength(200);
  });

  test('a token refused again after the fresh login: unauthorized after 2 attempts, never a loop', async () => {
    const { server, state } = await looker({ reply: () => 401 });
    const { looker: client_ } = client(server.url);
    const result = await client_.setUserAttributeUserValue(setValue);
    expect(!result.ok && [result.error.kind, result.error.attempts]).toEqual(['unauthorized', 2]);
    expect(state.logins).toBe(2);
    const results = await many(200, () => client_.setUserAttributeUserValue(setValue));
    expect(results.every((r) => !r.ok && r.error.kind === 'unauthorized' && r.error.attempts === 2)).toBe(true);
    // Every one of the 200 replays once, after one shared fresh login.
    expect(state.logins).toBe(3);
    expect(state.tokensSeen).toHaveLength(2 + 400);
  });

  test('401, then 429, then 401 again: still one replay for the call', async () => {
    const answers = [401, 429, 401] as const;
    const { server, state } = await looker({ reply: (n) => answers[n] ?? 401 });
    const { looker: client_ } = client(server.url);
    const result = await client_.setUserAttributeUserValue(setValue);
    expect(!result.ok && [result.error.kind, result.error.attempts]).toEqual(['unauthorized', 3]);
    expect(state.logins).toBe(2);
  });

  test('a getToken callback is asked once more after a 401, and only once', async () => {
    const { server, state } = await looker();
    let asked = 0;
    const client_ = createLookerClient({
      baseUrl: server.url,
      credentials: { getToken: () => `${SECRETS.token}-revoked-${++asked}` },
      fetch: nodeFetch,
      runtime: testRuntime().runtime,
    });
    const result = await client_.setUserAttributeUserValue(setValue);
    expect(!result.ok && [result.error.kind, result.error.attempts]).toEqual(['unauthorized', 2]);
    expect(asked).toBe(2);
    expect(state.logins).toBe(0);
  });
});

describe('a failing login', () => {
  test('a wrong secret reaches each of 200 waiting calls as unauthorized, after one login request', async () => {
    const { server, state } = await looker();
    const { looker: client_ } = client(server.url, 'cs_wrong-secret-000000');
    const results = await many(200, () => client_.setUserAttributeUserValue(setValue));
    for (const r of results)
      expect(!r.ok && [r.error.kind, r.error.operation, r.error.attempts]).toEqual(['unauthorized', 'login', 1]);
    expect(state.logins).toBe(1);
    expect(state.tokensSeen).toEqual([]);
    // A later wave tries again, once.
    await many(200, () => client_.setUserAttributeUserValue(setValue));
    expect(state.logins).toBe(2);
  });

  test('a login answering 503 is retried within maxRetries, once for all waiters', async () => {
    const { server, state } = await looker({ loginStatus: 503 });
    const { looker: client_ } = client(server.url);
    const results = await many(50, () => client_.setUserAttributeUserValue(setValue));
    for (const r of results) expect(!r.ok && [r.error.kind, r.error.operation, r.error.attempts]).toEqual(['server', 'login', 4]);
    expect(state.logins).toBe(4);
  });

  test('a stalled login: every waiter ends at its own deadline, and the login at the client one', async () => {
    const { server, state } = await looker({ stallLogin: true });
    const { looker: client_ } = client(server.url, SECRETS.clientSecret, 150);
    const { value: results, ms } = await timed(() =>
      many(20, () => client_.setUserAttributeUserValue(setValue, { timeoutMs: 40 })),
    );
    for (const r of results) expect(!r.ok && r.error.kind).toBe('timeout');
    expect(ms).toBeLessThan(40 + 300);
    expect(state.logins).toBe(1);
    const login = await client_.login();
    expect(!login.ok && login.error.kind).toBe('timeout');
  });
});
