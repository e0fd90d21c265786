// The caller's own code failing inside a call: a fetch that throws something other than a
// TypeError or gives something other than a Response, an onRetry or a getToken that throws or
// rejects. Each stops the call as hook_failed naming the hook, with what it threw as `cause`:
// never a crash, an unhandled rejection or a misleading kind (a throwing onRetry on a 429 is not
// `network`, nor `rate_limited`).
import { afterAll, describe, expect, test } from 'vitest';
import type { FetchLike } from '../../src/core/options.js';
import { createDxClient } from '../../src/dx/index.js';
import { createLookerClient, UserAttributesError } from '../../src/looker/index.js';
import { CALL_KINDS, NOWHERE, type Ended } from '../support/clients.js';
import { SECRETS, watchProcess } from '../support/hostile.js';
import { testRuntime } from '../support/runtime.js';

const process = watchProcess();
afterAll(() => {
  process.stop();
  expect(process.rejections).toEqual([]);
  expect(process.warnings).toEqual([]);
});

const boom = () => {
  throw new Error('boom');
};
const json = { 'content-type': 'application/json' };
const ok = () => new Response(JSON.stringify({ value: 'EMEA' }), { headers: json });

/** A fetch counting its calls: each answered by `answer(n)` (n from 0). */
function counting(answer: (n: number) => unknown) {
  const state = { calls: 0 };
  const fetch = ((..._: unknown[]) => answer(state.calls++)) as unknown as FetchLike;
  return { fetch, state };
}

function expectHookFailed(ended: Ended, hook: string, name: string, cause?: unknown) {
  expect(ended.ok).toBe(false);
  if (name.endsWith('.raw')) expect(ended.thrown).toBeInstanceOf(UserAttributesError);
  expect(ended.error?.kind).toBe('hook_failed');
  expect(ended.error?.hook).toBe(hook);
  // The cause is a copy with the client's secrets removed: the same class and message.
  if (cause instanceof Error) {
    expect(ended.error?.cause).toBeInstanceOf(cause.constructor);
    expect((ended.error?.cause as Error).message).toBe(cause.message);
  } else if (cause !== undefined) expect(ended.error?.cause).toBe(cause);
  expect(ended.error?.message).toMatch(new RegExp(`the ${hook} option`));
}

const thrownRangeError = new RangeError('not in range');
const THROWING_FETCHES: [string, (n: number) => unknown, unknown][] = [
  ['throws a RangeError at once', () => { throw thrownRangeError; }, thrownRangeError],
  ['rejects with a string', () => Promise.reject('nope'), 'nope'],
  ['rejects with undefined', () => Promise.reject(undefined), undefined],
  ['rejects with an object whose toString throws', () => Promise.reject({ toString: boom }), undefined],
  ['throws a DOMException of its own (not an abort by the SDK)', () => { throw new DOMException('mine', 'AbortError'); }, undefined],
];
const revokedProxy = (() => {
  const proxy = Proxy.revocable({}, {});
  proxy.revoke();
  return proxy.proxy;
})();
THROWING_FETCHES.push(
  ['rejects with a revoked Proxy', () => Promise.reject(revokedProxy), undefined],
  ['rejects with an object whose getter throws', () => Promise.reject(Object.defineProperty({}, 'detail', { get: boom, enumerable: true })), undefined],
);
const NOT_RESPONSES: [string, unknown][] = [
  ['undefined', undefined],
  ['null', null],
  ['a string', 'HTTP/1.1 200 OK'],
  ['an empty object', {}],
  ['a status that is a string', { status: '200', headers: new Headers(), body: null }],
  ['headers without get', { status: 200, headers: {}, body: null }],
  ['a body that is not a stream', { status: 200, headers: new Headers(), body: '{"value":"x"}' }],
  ['an object whose status getter throws', Object.defineProperty({}, 'status', { get: boom })],
];

describe.each(CALL_KINDS)('%s', (name, make) => {
  test.each(THROWING_FETCHES)('a fetch that %s: hook_failed (fetch), sent once, no retry', async (_, answer, cause) => {
    const { fetch, state } = counting(answer);
    const ended = await make({ fetch, timeoutMs: 5_000, retry: { maxRetries: 3 } })();
    expectHookFailed(ended, 'fetch', name, cause);
    expect(state.calls).toBe(1);
  });

  test.each(NOT_RESPONSES)('a fetch resolving to %s: hook_failed (fetch), sent once', async (_, value) => {
    const { fetch, state } = counting(async () => value);
    const ended = await make({ fetch, timeoutMs: 5_000, retry: { maxRetries: 3 } })();
    expectHookFailed(ended, 'fetch', name);
    expect(ended.error?.message).toMatch(/did not resolve to a Response/);
    expect(state.calls).toBe(1);
  });

  test('a fetch throwing a TypeError is how fetch says no reply came: network, retried', async () => {
    const { fetch, state } = counting(() => Promise.reject(new TypeError('fetch failed')));
    const ended = await make({ fetch, timeoutMs: 5_000, retry: { maxRetries: 2 } })();
    expect(ended.error?.kind).toBe('network');
    expect(state.calls).toBe(3);
  });
});

describe('onRetry', () => {
  const FAILURES: [string, (n: number) => unknown][] = [
    ['a 429', (n) => (n ? ok() : new Response('{}', { status: 429, headers: { ...json, 'retry-after': '0' } }))],
    ['a 503', (n) => (n ? ok() : new Response('{}', { status: 503, headers: json }))],
    ['a network error', (n) => (n ? ok() : Promise.reject(new TypeError('fetch failed')))],
  ];
  const HOOKS: [string, () => unknown][] = [
    ['throws', boom],
    ['rejects', async () => boom()],
    ['throws a non-Error', () => { throw 42; }],
  ];
  const clients = (fetch: FetchLike, onRetry: () => unknown) => {
    const common = { fetch, retry: { maxRetries: 3, onRetry: onRetry as () => void }, runtime: testRuntime().runtime };
    const looker = createLookerClient({ ...common, baseUrl: NOWHERE, credentials: { accessToken: SECRETS.token } });
    const dx = createDxClient({ ...common, baseUrl: NOWHERE, token: SECRETS.dxToken });
    return {
      looker: () => looker.setUserAttributeUserValue({ userId: '42', userAttributeId: '7', value: 'EMEA' }) as Promise<Ended>,
      dx: () => dx.updateUserAttributes({ email: 'jo@acme.com', attributes: { Region: 'EMEA' } }) as Promise<Ended>,
      'looker.raw': () =>
        looker.raw.GET('/users').then(
          (): Ended => ({ ok: true }),
          (thrown: unknown): Ended => ({ ok: false, thrown, error: (thrown as UserAttributesError).error as Ended['error'] }),
        ),
    };
  };

  describe.each(FAILURES)('after %s', (_, answer) => {
    describe.each(['looker', 'dx', 'looker.raw'] as const)('%s', (client) => {
      test.each(HOOKS)('an onRetry that %s: hook_failed (onRetry), not retried, not network', async (_, onRetry) => {
        const { fetch, state } = counting(answer);
        const ended = await clients(fetch, onRetry)[client]();
        expectHookFailed(ended, 'onRetry', client);
        expect(ended.error?.attempts).toBe(1);
        expect(state.calls).toBe(1);
      });
    });
  });

  test('an onRetry that never settles is waited for only until the deadline: timeout', async () => {
    const { fetch } = counting(FAILURES[0]![1]);
    const looker = createLookerClient({
      baseUrl: NOWHERE,
      credentials: { accessToken: SECRETS.token },
      fetch,
      timeoutMs: 30,
      retry: { onRetry: () => new Promise(() => {}) as unknown as void },
    });
    const result = await looker.setUserAttributeUserValue({ userId: '42', userAttributeId: '7', value: 'EMEA' });
    expect(!result.ok && result.error.kind).toBe('timeout');
  });
});

describe('getToken', () => {
  const cause = new Error('vault unreachable');
  const CASES: [string, (n: number) => unknown, unknown][] = [
    ['throws', () => { throw cause; }, cause],
    ['rejects', () => Promise.reject(cause), cause],
    ['rejects with a string', () => Promise.reject('no'), 'no'],
    ['gives undefined', () => undefined, undefined],
    ['gives a number', () => 42, undefined],
    ['gives an empty string', () => '', undefined],
    ['gives a token with a line break', () => 'tok\r\nX-Evil: 1', undefined],
    ['gives a Promise of an object', async () => ({ token: SECRETS.token }), undefined],
    ['throws only when asked again after a 401', (n) => (n ? boom() : SECRETS.token), undefined],
  ];
  test.each(CASES)('a getToken that %s: hook_failed (getToken), nothing more sent', async (how, getToken, expected) => {
    const { fetch, state } = counting(() => new Response('{"message":"Requires authentication"}', { status: 401, headers: json }));
    let asked = 0;
    const looker = createLookerClient({
      baseUrl: NOWHERE,
      credentials: { getToken: () => getToken(asked++) as string },
      fetch,
      runtime: testRuntime().runtime,
    });
    const input = { userId: '42', userAttributeId: '7', value: 'EMEA' };
    const result = (await looker.setUserAttributeUserValue(input)) as Ended;
    expectHookFailed(result, 'getToken', 'looker', expected);
    expect(state.calls).toBe(how.includes('401') ? 1 : 0);

    const raw = await looker.raw.GET('/users').then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(raw).toBeInstanceOf(UserAttributesError);
    expect((raw as UserAttributesError).kind).toBe('hook_failed');
  });

  test('a getToken that never settles is waited for only until the deadline: timeout', async () => {
    const looker = createLookerClient({
      baseUrl: NOWHERE,
      credentials: { getToken: () => new Promise<string>(() => {}) },
      fetch: counting(ok).fetch,
      timeoutMs: 30,
    });
    const result = await looker.setUserAttributeUserValue({ userId: '42', userAttributeId: '7', value: 'EMEA' });
    expect(!result.ok && result.error.kind).toBe('timeout');
  });

  test('a getToken given the call signal sees it abort with the caller', async () => {
    let seen: AbortSignal | undefined;
    const caller = new AbortController();
    const looker = createLookerClient({
      baseUrl: NOWHERE,
      credentials: {
        getToken: (signal) => {
          seen = signal;
          setImmediate(() => caller.abort());
          return new Promise<string>(() => {});
        },
      },
      fetch: counting(ok).fetch,
    });
    const result = await looker.setUserAttributeUserValue({ userId: '42', userAttributeId: '7', value: 'EMEA' }, { signal: caller.signal });
    expect(!result.ok && result.error.kind).toBe('aborted');
    expect(seen?.aborted).toBe(true);
  });
});
