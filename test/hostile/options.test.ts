// Options that cannot work are refused when the client is created, by a TypeError naming the
// option (and never showing the value given, which may be a secret); mixed credential forms do not
// even compile.
import { describe, expect, expectTypeOf, test } from 'vitest';
import { createDxClient, type DxClientOptions } from '../../src/dx/index.js';
import { createLookerClient, type LookerClientOptions, type LookerCredentials } from '../../src/looker/index.js';
import { SECRETS } from '../support/hostile.js';

const boom = () => {
  throw new Error('boom');
};
const baseUrl = 'https://acme.looker.com';
const credentials = { clientId: SECRETS.clientId, clientSecret: SECRETS.clientSecret };

/** [option as named in the message, the options given] — for both clients. */
const COMMON: [option: string, options: Record<string, unknown>][] = [
  ['timeoutMs', { timeoutMs: 0 }],
  ['timeoutMs', { timeoutMs: -1 }],
  ['timeoutMs', { timeoutMs: NaN }],
  ['timeoutMs', { timeoutMs: Infinity }],
  ['timeoutMs', { timeoutMs: '100' }],
  ['timeoutMs', { timeoutMs: null }],
  ['timeoutMs', { timeoutMs: 2 ** 31 }],
  ['retry', { retry: null }],
  ['retry', { retry: true }],
  ['retry', { retry: 3 }],
  ['retry', { retry: [] }],
  ['retry.maxRetries', { retry: { maxRetries: -1 } }],
  ['retry.maxRetries', { retry: { maxRetries: 1.5 } }],
  ['retry.maxRetries', { retry: { maxRetries: NaN } }],
  ['retry.maxRetries', { retry: { maxRetries: Infinity } }],
  ['retry.maxRetries', { retry: { maxRetries: '3' } }],
  ['retry.maxRetries', { retry: { maxRetries: null } }],
  ['retry.maxRetries', { retry: { maxRetries: 2 ** 53 } }],
  ['retry.maxDelayMs', { retry: { maxDelayMs: -1 } }],
  ['retry.maxDelayMs', { retry: { maxDelayMs: NaN } }],
  ['retry.maxDelayMs', { retry: { maxDelayMs: '10' } }],
  ['retry.maxDelayMs', { retry: { maxDelayMs: Infinity } }],
  ['retry.retryServerErrors', { retry: { retryServerErrors: 'no' } }],
  ['retry.retryNetworkErrors', { retry: { retryNetworkErrors: 1 } }],
  ['retry.onRetry', { retry: { onRetry: 'console.log' } }],
  ['retry.onRetry', { retry: { onRetry: {} } }],
  ['retry.onRetry', { retry: { onRetry: null } }],
  ['fetch', { fetch: 'fetch' }],
  ['fetch', { fetch: null }],
  ['fetch', { fetch: { fetch } }],
  ['runtime', { runtime: null }],
  ['runtime', { runtime: 'fake' }],
  ['runtime', { runtime: [] }],
  ['runtime.now', { runtime: { now: 'now' } }],
  ['runtime.now()', { runtime: { now: () => NaN } }],
  ['runtime.now()', { runtime: { now: () => Infinity } }],
  ['runtime.now()', { runtime: { now: () => '2026-01-01' } }],
  ['runtime.now()', { runtime: { now: () => new Date() } }],
  ['runtime.now()', { runtime: { now: () => undefined } }],
  ['runtime.now()', { runtime: { now: boom } }],
  ['runtime.random', { runtime: { random: 0.5 } }],
  ['runtime.random()', { runtime: { random: () => '0.5' } }],
  ['runtime.random()', { runtime: { random: () => NaN } }],
  ['runtime.random()', { runtime: { random: () => 1 } }],
  ['runtime.random()', { runtime: { random: () => -0.1 } }],
  ['runtime.random()', { runtime: { random: boom } }],
  ['runtime.sleep', { runtime: { sleep: 10 } }],
  ['allowInsecureHttp', { allowInsecureHttp: 'yes' }],
  ['allowInsecureHttp', { allowInsecureHttp: 1 }],
  ['allowInsecureHttp', { allowInsecureHttp: null }],
  ['baseUrl', { baseUrl: 'ftp://acme.looker.com' }],
  ['baseUrl', { baseUrl: 'acme.looker.com' }],
  ['baseUrl', { baseUrl: `https://user:${SECRETS.clientSecret}@acme.looker.com` }],
  ['baseUrl', { baseUrl: 'https://acme.looker.com/?x=1' }],
  ['baseUrl', { baseUrl: 'https://acme.looker.com/#top' }],
  ['baseUrl', { baseUrl: 42 }],
  ['baseUrl', { baseUrl: 'http://acme.looker.com' }],
];
const LOOKER_ONLY: [string, Record<string, unknown>][] = [
  ['baseUrl', { baseUrl: undefined }],
  // Another API version's path (or a path into 4.0) would become /api/3.1/api/4.0: a 404 blamed on the credentials.
  ['baseUrl', { baseUrl: 'https://acme.looker.com/api/3.1' }],
  ['baseUrl', { baseUrl: 'https://acme.looker.com/api/3.1/' }],
  ['baseUrl', { baseUrl: 'https://acme.looker.com:19999/api/3.0' }],
  ['baseUrl', { baseUrl: 'https://acme.looker.com/api/4' }],
  ['baseUrl', { baseUrl: 'https://acme.looker.com/looker/API/3.1' }],
  ['baseUrl', { baseUrl: 'https://acme.looker.com/api/4.0/users' }],
  ['baseUrl', { baseUrl: 'https://acme.looker.com/api/4.0/api/4.0' }],
  ['credentials', { credentials: undefined }],
  ['credentials', { credentials: 'token' }],
  ['credentials', { credentials: {} }],
  ['credentials', { credentials: { clientId: SECRETS.clientId } }],
  ['credentials', { credentials: { clientSecret: SECRETS.clientSecret } }],
  ['credentials', { credentials: { ...credentials, clientSecret: '' } }],
  ['credentials', { credentials: { ...credentials, clientId: 'has space' } }],
  ['credentials', { credentials: { ...credentials, accessToken: SECRETS.token } }],
  ['credentials', { credentials: { ...credentials, getToken: () => SECRETS.token } }],
  ['credentials', { credentials: { accessToken: SECRETS.token, getToken: () => SECRETS.token } }],
  ['credentials', { credentials: { accessToken: `${SECRETS.token}\r\n` } }],
  ['credentials', { credentials: { accessToken: '' } }],
  ['credentials', { credentials: { getToken: SECRETS.token } }],
];
const DX_ONLY: [string, Record<string, unknown>][] = [
  ['token', { token: undefined }],
  ['token', { token: '' }],
  ['token', { token: `${SECRETS.dxToken} x` }],
  ['token', { token: 42 }],
];

/** Checks `create` throws a TypeError naming `option` as `who: option …`, without the values given. */
function expectRefused(create: () => unknown, who: string, option: string, given: Record<string, unknown>) {
  let thrown: unknown;
  try {
    create();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(TypeError);
  const { message } = thrown as TypeError;
  expect(message.startsWith(`${who}: ${option} `)).toBe(true);
  for (const secret of Object.values(SECRETS)) expect(message).not.toContain(secret);
  expect(message).not.toMatch(/[\r\n]/);
  return given;
}

describe('createLookerClient refuses', () => {
  test.each([...COMMON, ...LOOKER_ONLY])('%s: %o', (option, given) => {
    const options = { baseUrl, credentials, ...given } as unknown as LookerClientOptions;
    expectRefused(() => createLookerClient(options), 'createLookerClient', option, given);
  });
});

describe('createDxClient refuses', () => {
  test.each([...COMMON, ...DX_ONLY])('%s: %o', (option, given) => {
    const options = { token: SECRETS.dxToken, ...given } as unknown as DxClientOptions;
    expectRefused(() => createDxClient(options), 'createDxClient', option, given);
  });
});

test('options that are not an object are refused', () => {
  for (const options of [undefined, null, 'https://acme.looker.com', [], 42]) {
    expect(() => createLookerClient(options as never)).toThrow(/^createLookerClient: options must be an object$/);
    expect(() => createDxClient(options as never)).toThrow(/^createDxClient: options must be an object$/);
  }
});

test('the edges that can work are accepted: 1 ms, no retries, a zero wait, a clock at 0', () => {
  const fine = [
    { timeoutMs: 1 },
    { timeoutMs: 2 ** 31 - 1 },
    { timeoutMs: 0.5 },
    { retry: false as const },
    { retry: { maxRetries: 0, maxDelayMs: 0 } },
    { runtime: { now: () => 0, random: () => 0 } },
    { runtime: { random: () => 0.999_999 } },
    { allowInsecureHttp: false },
  ];
  for (const options of fine) {
    expect(() => createLookerClient({ baseUrl, credentials, ...options })).not.toThrow();
    expect(() => createDxClient({ token: SECRETS.dxToken, ...options })).not.toThrow();
  }
});

describe('mixed credential forms fail to compile', () => {
  test('an API key with a token, an API key with getToken, a token with getToken', () => {
    expectTypeOf({ ...credentials, accessToken: 'x' }).not.toExtend<LookerCredentials>();
    expectTypeOf({ ...credentials, getToken: () => 'x' }).not.toExtend<LookerCredentials>();
    expectTypeOf({ accessToken: 'x', getToken: () => 'x' }).not.toExtend<LookerCredentials>();
    expectTypeOf({ clientId: 'x' }).not.toExtend<LookerCredentials>();
    expectTypeOf(credentials).toExtend<LookerCredentials>();
    expectTypeOf({ accessToken: 'x' }).toExtend<LookerCredentials>();
    expectTypeOf({ getToken: async () => 'x' }).toExtend<LookerCredentials>();

    // And when written out at the call: the compiler refuses each (checked by tsc), the run time too.
    const refused = [
      // @ts-expect-error client credentials and a token at once
      () => createLookerClient({ baseUrl, credentials: { ...credentials, accessToken: 'x' } }),
      // @ts-expect-error a token and a callback at once
      () => createLookerClient({ baseUrl, credentials: { accessToken: 'x', getToken: () => 'y' } }),
      // @ts-expect-error client credentials and a callback at once
      () => createLookerClient({ baseUrl, credentials: { ...credentials, getToken: () => 'y' } }),
      // @ts-expect-error a client id without its secret
      () => createLookerClient({ baseUrl, credentials: { clientId: 'x' } }),
    ];
    for (const create of refused) expect(create).toThrow(/^createLookerClient: credentials /);
  });

  test('option types refuse what cannot work', () => {
    // @ts-expect-error a clock must return a number
    expect(() => createDxClient({ token: SECRETS.dxToken, runtime: { now: () => '0' } })).toThrow(TypeError);
    // @ts-expect-error retries are a number
    expect(() => createDxClient({ token: SECRETS.dxToken, retry: { maxRetries: '3' } })).toThrow(TypeError);
    // @ts-expect-error the opt-in is a boolean
    expect(() => createDxClient({ token: SECRETS.dxToken, allowInsecureHttp: 'yes' })).toThrow(TypeError);
  });
});
