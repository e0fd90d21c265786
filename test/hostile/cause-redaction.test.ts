// Secrets reachable from an error's `cause`: a fetch error wrapping the request (the login form, the
// Authorization header), a getToken error holding the token, an abort reason. Each is removed like
// the message and body, in JSON.stringify, util.inspect (hidden fields and getters) and String().
import { inspect } from 'node:util';
import { describe, expect, test } from 'vitest';
import { createDxClient } from '../../src/dx/index.js';
import { createLookerClient, unwrap, UserAttributesError } from '../../src/looker/index.js';
import { NOWHERE } from '../support/clients.js';
import { expectNoSecret, renderings, SECRETS } from '../support/hostile.js';
import { testRuntime } from '../support/runtime.js';

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const setValue = { userId: '42', userAttributeId: '7', value: 'EMEA' };
const options = { baseUrl: NOWHERE, retry: false as const, runtime: testRuntime().runtime };
const SECRET_LIST = Object.values(SECRETS).slice(1);

/** An error holding `secret` everywhere an error can: message, stack, own fields, a getter, nested causes. */
function laden(secret: string, Class: new (message: string, options?: ErrorOptions) => Error = Error): Error {
  const innermost = Object.assign(new Error(`socket said ${secret}`), { code: 'ECONNRESET', sent: { authorization: `Bearer ${secret}` } });
  const aggregate = new AggregateError([innermost, new Error(secret)], `all attempts failed for ${secret}`);
  const error = new Class(`request with ${encodeURIComponent(secret)} failed`, { cause: aggregate });
  Object.assign(error, { request: { headers: { Authorization: `Bearer ${secret}` }, body: `client_secret=${secret}` }, [secret]: secret });
  Object.defineProperty(error, 'detail', { get: () => secret, enumerable: true });
  Object.defineProperty(error, 'hidden', { value: secret, enumerable: false });
  (error as unknown as Record<symbol, string>)[Symbol('token')] = secret;
  return error;
}

/** Checks every rendering of the result, of its cause chain and of what unwrap throws. */
function expectCleanEverywhere(result: { ok: boolean; error?: unknown }, kind: string) {
  expect(result.ok).toBe(false);
  const error = result.error as { kind: string; cause?: unknown; reason?: unknown; message: string };
  expect(error.kind).toBe(kind);
  expectNoSecret(result, SECRET_LIST);
  for (let cause = error.cause ?? error.reason; cause; cause = (cause as Error).cause) {
    expectNoSecret(cause, SECRET_LIST);
    expect(inspect(cause, { showHidden: true, getters: true, depth: Infinity })).toContain('[redacted]');
  }
  let thrown: unknown;
  try {
    unwrap(result as never);
  } catch (caught) {
    thrown = caught;
  }
  expect(thrown).toBeInstanceOf(UserAttributesError);
  expectNoSecret(thrown, SECRET_LIST);
}

describe('a fetch error wrapping the request', () => {
  test('at the login, holding the client secret: network, cause redacted (and still a TypeError)', async () => {
    const fetch = () => Promise.reject(laden(SECRETS.clientSecret, TypeError));
    const looker = createLookerClient({ ...options, credentials: { clientId: SECRETS.clientId, clientSecret: SECRETS.clientSecret }, fetch });
    const result = await looker.setUserAttributeUserValue(setValue);
    expectCleanEverywhere(result, 'network');
    const cause = !result.ok && result.error.kind === 'network' ? result.error.cause : undefined;
    expect(cause).toBeInstanceOf(TypeError);
    expect((cause as Error).cause).toBeInstanceOf(AggregateError);
    expect(((cause as Error).cause as AggregateError).errors).toHaveLength(2);
    expect(String(cause)).toBe('TypeError: request with [redacted] failed');
  });

  test('on a call, holding the token: network', async () => {
    const fetch = () => Promise.reject(laden(SECRETS.token, TypeError));
    const looker = createLookerClient({ ...options, credentials: { accessToken: SECRETS.token }, fetch });
    expectCleanEverywhere(await looker.setUserAttributeUserValue(setValue), 'network');
  });

  test('from DX, holding the DX token, thrown as something else than a TypeError: hook_failed', async () => {
    const fetch = () => Promise.reject(laden(SECRETS.dxToken, RangeError));
    const dx = createDxClient({ ...options, token: SECRETS.dxToken, fetch });
    const result = await dx.updateUserAttributes({ email: 'jo@acme.com', attributes: { A: 'b' } });
    expectCleanEverywhere(result, 'hook_failed');
    expect(!result.ok && result.error.message).toMatch(/the fetch option threw \(RangeError: request with \[redacted\] failed\)/);
  });

  test('from a raw client: the UserAttributesError it rejects with is clean too', async () => {
    const fetch = () => Promise.reject(laden(SECRETS.token, TypeError));
    const looker = createLookerClient({ ...options, credentials: { accessToken: SECRETS.token }, fetch });
    const thrown = await looker.raw.GET('/users').catch((error: unknown) => error);
    expect(thrown).toBeInstanceOf(UserAttributesError);
    expectNoSecret(thrown, SECRET_LIST);
    expectNoSecret((thrown as UserAttributesError).error, SECRET_LIST);
  });

  test('an error that is its own cause ends, and is still clean', async () => {
    const error = new TypeError(`loop ${SECRETS.token}`);
    Object.assign(error, { cause: error });
    const looker = createLookerClient({ ...options, credentials: { accessToken: SECRETS.token }, fetch: () => Promise.reject(error) });
    const result = await looker.setUserAttributeUserValue(setValue);
    expect(!result.ok && result.error.kind).toBe('network');
    for (const text of renderings(result)) expect(text).not.toContain(SECRETS.token);
  });
});

describe('a getToken error holding the token it gave before', () => {
  test('thrown after a 401: hook_failed, the token gone from its message, stack, fields and causes', async () => {
    let asked = 0;
    const getToken = () => {
      if (asked++ === 0) return SECRETS.token;
      throw laden(SECRETS.token);
    };
    const looker = createLookerClient({ ...options, credentials: { getToken }, fetch: async () => json({ message: 'expired' }, 401) });
    const result = await looker.setUserAttributeUserValue(setValue);
    expectCleanEverywhere(result, 'hook_failed');
    expect(!result.ok && result.error.kind === 'hook_failed' && result.error.hook).toBe('getToken');
  });

  test('a rejection with a plain object holding it', async () => {
    let asked = 0;
    const getToken = async () => {
      if (asked++ === 0) return SECRETS.token;
      throw { token: SECRETS.token, nested: { deeper: [`Bearer ${SECRETS.token}`] } };
    };
    const looker = createLookerClient({ ...options, credentials: { getToken }, fetch: async () => json({ message: 'expired' }, 401) });
    const result = await looker.setUserAttributeUserValue(setValue);
    expect(!result.ok && result.error.kind).toBe('hook_failed');
    expectNoSecret(result, SECRET_LIST);
    expect(JSON.stringify(result)).toContain('[redacted]');
  });
});

test('an abort reason holding a secret: aborted, the reason redacted', async () => {
  const caller = new AbortController();
  const fetch = () => {
    setImmediate(() => caller.abort(laden(SECRETS.token)));
    return new Promise<Response>(() => {});
  };
  const looker = createLookerClient({ ...options, credentials: { accessToken: SECRETS.token }, fetch });
  expectCleanEverywhere(await looker.setUserAttributeUserValue(setValue, { signal: caller.signal }), 'aborted');
});
