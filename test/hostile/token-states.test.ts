// The Looker token as a state machine (src/looker/credentials.ts): none, logging in, held, refused,
// revoked. Every transition, concurrent ones included, against the kit's fake Looker over real HTTP;
// whether a session is still live is asked of the fake itself.
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createLookerClient, type LookerClient, type LookerCredentials } from '../../src/looker/index.js';
import { createFakeServices, startFakeServer, type FakeServer, type FakeServices } from '../../src/testing/index.js';
import { nodeFetch } from '../support/hostile.js';
import { testRuntime } from '../support/runtime.js';

let clock: ReturnType<typeof testRuntime>;
let fake: FakeServices;
let server: FakeServer;
/** Tokens the fake issued to the client, in order; and the bearer token of every request it sent. */
let issued: string[];
let sentWith: (string | undefined)[];

beforeEach(async () => {
  clock = testRuntime();
  fake = createFakeServices({ now: clock.runtime.now, looker: { tokenLifetimeSeconds: 3600 } });
  server = await startFakeServer({ fake });
  issued = [];
  sentWith = [];
});
afterEach(() => server.close());

/** Node's fetch, noting the token each request carries and each token a login gives. */
const recording = async (url: string, init: RequestInit) => {
  sentWith.push(new Headers(init.headers).get('authorization')?.replace(/^Bearer /, ''));
  const response = await nodeFetch(url, init);
  if (url.endsWith('/login') && response.ok) issued.push(((await response.clone().json()) as { access_token: string }).access_token);
  return response;
};

function client(credentials: LookerCredentials = fake.looker.createApiCredentials()): LookerClient {
  return createLookerClient({ baseUrl: server.url, credentials, fetch: recording, runtime: clock.runtime });
}

/** Whether the fake still accepts `token` (asked outside the client and the call meter's counts). */
async function isLive(token: string | undefined): Promise<boolean> {
  const before = fake.calls.total();
  const response = await nodeFetch(`${server.url}/api/4.0/user_attributes`, { headers: { authorization: `Bearer ${token}` } });
  await response.body?.cancel();
  expect(fake.calls.total()).toBe(before + 1);
  return response.status === 200;
}

/** Ends a session on the server behind the client's back. */
async function endOnServer(token: string | undefined) {
  const response = await nodeFetch(`${server.url}/api/4.0/logout`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(204);
}

const calls = () => fake.calls.byOperation('looker');

describe('an API key', () => {
  test('none → logging in → held: the first call logs in, the next ones reuse the token', async () => {
    const looker = client();
    expect((await looker.allUserAttributes({})).ok).toBe(true);
    expect((await looker.allUserAttributes({})).ok).toBe(true);
    expect(calls()).toEqual({ login: 1, all_user_attributes: 2 });
    expect(sentWith.slice(1)).toEqual([issued[0], issued[0]]);
    expect(await isLive(issued[0])).toBe(true);
  });

  test('logging in is shared: 50 concurrent first calls, one login', async () => {
    const looker = client();
    const results = await Promise.all(Array.from({ length: 50 }, () => looker.allUserAttributes({})));
    expect(results.every((result) => result.ok)).toBe(true);
    expect(calls()).toEqual({ login: 1, all_user_attributes: 50 });
  });

  test('held → logging in again shortly before it expires (a minute early), once for concurrent calls', async () => {
    const looker = client();
    await looker.allUserAttributes({});
    clock.advance((3600 - 61) * 1000);
    await looker.allUserAttributes({});
    expect(calls().login).toBe(1);
    clock.advance(2000);
    await Promise.all([looker.allUserAttributes({}), looker.allUserAttributes({}), looker.allUserAttributes({})]);
    expect(calls()).toEqual({ login: 2, all_user_attributes: 5 });
    expect(sentWith.at(-1)).toBe(issued[1]);
  });

  test('held → refused → logging in: a session the server ended causes one fresh login and one replay', async () => {
    const looker = client();
    await looker.allUserAttributes({});
    await endOnServer(issued[0]);
    const result = await looker.allUserAttributes({});
    expect(result.ok).toBe(true);
    expect(calls()).toEqual({ login: 2, logout: 1, all_user_attributes: 3 });
    // The dead token was sent once (answered 401), never again.
    expect(sentWith.filter((token) => token === issued[0])).toHaveLength(2);
    await looker.allUserAttributes({});
    expect(sentWith.at(-1)).toBe(issued[1]);
  });

  test('logging in → none: a refused login is not remembered; the next call logs in again', async () => {
    const looker = client({ clientId: 'fake-client-9', clientSecret: 'not-the-secret' });
    const first = await looker.allUserAttributes({});
    expect(!first.ok && first.error.kind).toBe('unauthorized');
    expect(!first.ok && first.error.operation).toBe('login');
    const second = await looker.allUserAttributes({});
    expect(!second.ok && second.error.kind).toBe('unauthorized');
    expect(calls()).toEqual({ login: 2 });
  });

  test('held → revoked → none: logout ends the session on the server; the next call logs in again', async () => {
    const looker = client();
    await looker.allUserAttributes({});
    const logout = await looker.logout();
    expect(logout.ok && logout.data).toEqual({ revoked: true });
    expect(await isLive(issued[0])).toBe(false);
    expect((await looker.allUserAttributes({})).ok).toBe(true);
    expect(calls()).toEqual({ login: 2, logout: 1, all_user_attributes: 3 });
    expect(await isLive(issued[1])).toBe(true);
  });

  test('held → revoked, twice at once: concurrent logouts send one, the other finds nothing to revoke', async () => {
    const looker = client();
    await looker.allUserAttributes({});
    const results = await Promise.all([looker.logout(), looker.logout(), looker.logout()]);
    expect(results.map((r) => r.ok && r.data.revoked)).toEqual([true, false, false]);
    expect(await isLive(issued[0])).toBe(false);
    expect(calls()).toEqual({ login: 1, logout: 1, all_user_attributes: 2 });
  });

  test('none → logout: nothing to revoke, nothing sent; a second logout neither', async () => {
    const looker = client();
    for (let i = 0; i < 2; i++) {
      const logout = await looker.logout();
      expect(logout.ok && logout.data).toEqual({ revoked: false });
    }
    await looker.allUserAttributes({});
    await looker.logout();
    const again = await looker.logout();
    expect(again.ok && again.data).toEqual({ revoked: false });
    expect(calls()).toEqual({ login: 1, all_user_attributes: 1, logout: 1 });
  });

  test('logging in → revoked: a logout while the first login is in flight waits for it and leaves no live session', async () => {
    const looker = client();
    const login = looker.login();
    const logout = looker.logout();
    const [loggedIn, loggedOut] = await Promise.all([login, logout]);
    expect(loggedIn.ok).toBe(true);
    expect(loggedOut.ok && loggedOut.data).toEqual({ revoked: true });
    expect(calls()).toEqual({ login: 1, logout: 1 });
    expect(issued).toHaveLength(1);
    expect(await isLive(issued[0])).toBe(false);
  });

  test('logging in → none: a logout while a failing login is in flight sends nothing', async () => {
    const looker = client({ clientId: 'fake-client-9', clientSecret: 'not-the-secret' });
    const [loggedIn, loggedOut] = await Promise.all([looker.login(), looker.logout()]);
    expect(!loggedIn.ok && loggedIn.error.kind).toBe('unauthorized');
    expect(loggedOut.ok && loggedOut.data).toEqual({ revoked: false });
    expect(calls()).toEqual({ login: 1 });
  });

  test('revoked on the server, then logout: { revoked: false }; the dead token is dropped, never sent again; the next call logs in', async () => {
    const looker = client();
    await looker.allUserAttributes({});
    await endOnServer(issued[0]);
    const logout = await looker.logout();
    // The server says there was no such session (401): nothing was left to revoke, and the token is gone.
    expect(logout.ok && logout.data).toEqual({ revoked: false });
    const again = await looker.logout();
    expect(again.ok && again.data).toEqual({ revoked: false });
    expect((await looker.allUserAttributes({})).ok).toBe(true);
    expect(calls()).toEqual({ login: 2, logout: 2, all_user_attributes: 2 });
    expect(sentWith.filter((token) => token === issued[0])).toHaveLength(2); // the call and the logout
  });

  test('a failed logout (503) keeps the token: the session may be live, so a later logout can end it', async () => {
    const looker = createLookerClient({
      baseUrl: server.url,
      credentials: fake.looker.createApiCredentials(),
      fetch: recording,
      runtime: clock.runtime,
      retry: false,
    });
    await looker.allUserAttributes({});
    fake.faults.add({ service: 'looker', operation: 'logout', serverError: 503 });
    const failed = await looker.logout();
    expect(!failed.ok && failed.error.kind).toBe('server');
    expect(await isLive(issued[0])).toBe(true);
    const logout = await looker.logout();
    expect(logout.ok && logout.data).toEqual({ revoked: true });
    expect(await isLive(issued[0])).toBe(false);
  });
});

describe('a static token', () => {
  test('held → refused: a 401 is unauthorized after one attempt, no replay', async () => {
    const looker = client({ accessToken: 'not-a-token-of-the-fake' });
    const result = await looker.allUserAttributes({});
    expect(!result.ok && result.error.kind).toBe('unauthorized');
    expect(!result.ok && result.error.attempts).toBe(1);
    expect(calls()).toEqual({ all_user_attributes: 1 });
  });

  test('held → revoked: logout ends it; then every call is refused before sending, and logout sends nothing', async () => {
    const token = fake.looker.issueAccessToken();
    const looker = client({ accessToken: token });
    expect((await looker.allUserAttributes({})).ok).toBe(true);
    const logout = await looker.logout();
    expect(logout.ok && logout.data).toEqual({ revoked: true });
    expect(await isLive(token)).toBe(false);
    fake.calls.reset();

    const refused = await looker.allUserAttributes({});
    expect(!refused.ok && refused.error.kind).toBe('invalid_input');
    expect(!refused.ok && refused.error.attempts).toBe(0);
    expect(!refused.ok && refused.error.message).toMatch(/credentials\.accessToken was revoked by logout\(\)/);
    const again = await looker.logout();
    expect(again.ok && again.data).toEqual({ revoked: false });
    await expect(looker.raw.GET('/user_attributes')).rejects.toMatchObject({ kind: 'invalid_input' });
    expect(fake.calls.total()).toBe(0);
  });
});

describe('a getToken callback', () => {
  test('logout revokes the token it gives now; the callback is asked again afterwards', async () => {
    let current = fake.looker.issueAccessToken();
    const revoked = current;
    let asked = 0;
    const looker = client({
      getToken: () => {
        asked++;
        return current;
      },
    });
    await looker.allUserAttributes({});
    const logout = await looker.logout();
    expect(logout.ok && logout.data).toEqual({ revoked: true });
    expect(await isLive(revoked)).toBe(false);
    expect(asked).toBe(2);
    current = fake.looker.issueAccessToken();
    expect((await looker.allUserAttributes({})).ok).toBe(true);
    expect(asked).toBe(3);
    expect(calls()).toEqual({ all_user_attributes: 3, logout: 1 }); // isLive asked once
  });
});
