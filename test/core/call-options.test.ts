// Per-call options that let a caller own retries and pacing (`maxRetries`, `rateLimit: false`) and
// count every request (`onRequest`), against the kit's fake over real HTTP, counted by its meter.
import { beforeEach, describe, expect, expectTypeOf, test } from 'vitest';
import { createRateLimiter, type CallOptions, type RequestEvent } from '../../src/looker/index.js';
import type { PortCallOptions } from '../../src/sync/index.js';
import { seedOrg, useFakeServer } from '../support/fake.js';
import { nodeFetch } from '../support/hostile.js';

const context = useFakeServer();
beforeEach(() => {
  org = undefined;
});
const lookerCalls = () => context.fake.calls.byOperation('looker');

let org: ReturnType<typeof seedOrg> | undefined;
const setRegion = async (options?: CallOptions, client = context.looker()) => {
  const { ana, region } = (org ??= seedOrg(context.fake));
  return client.setUserAttributeUserValue({ userId: ana.id, userAttributeId: region.id, value: 'EMEA' }, options);
};

describe('maxRetries per call', () => {
  test('0 sends one request under a persistent 503, from a client with default retries (which sends 4)', async () => {
    context.fake.faults.add({ service: 'looker', operation: 'set_user_attribute_user_value', serverError: 503, times: 100 });
    const once = await setRegion({ maxRetries: 0 });
    expect(once).toMatchObject({ ok: false, error: { kind: 'server', attempts: 1 } });
    expect(lookerCalls()).toEqual({ login: 1, set_user_attribute_user_value: 1 });
    context.fake.calls.reset();
    const defaults = await setRegion();
    expect(defaults).toMatchObject({ ok: false, error: { kind: 'server', attempts: 4 } });
    expect(lookerCalls()).toEqual({ login: 1, set_user_attribute_user_value: 4 });
  });

  test('it overrides retry: false as well, and the other retry settings stay the client\'s', async () => {
    context.fake.faults.add({ service: 'looker', operation: 'set_user_attribute_user_value', serverError: 503, times: 100 });
    const result = await setRegion({ maxRetries: 2 }, context.looker({ retry: false }));
    expect(result).toMatchObject({ ok: false, error: { kind: 'server', attempts: 3 } });
    expect(context.clock.sleeps).toHaveLength(2);
  });

  test('a login the call starts takes it too: a persistent 503 on login is one request', async () => {
    context.fake.faults.add({ service: 'looker', operation: 'login', serverError: 503, times: 100 });
    const result = await context.looker().allUserAttributes({}, { maxRetries: 0 });
    expect(result).toMatchObject({ ok: false, error: { kind: 'server', operation: 'login', attempts: 1 } });
    expect(lookerCalls()).toEqual({ login: 1 });
  });

  test('the 401 replay is not a retry: it is still sent with maxRetries: 0', async () => {
    const { looker, issued } = recordingLooker();
    expect((await looker.allUserAttributes({})).ok).toBe(true);
    await endOnServer(issued[0]!);
    expect((await looker.allUserAttributes({}, { maxRetries: 0 })).ok).toBe(true);
    expect(lookerCalls()).toMatchObject({ login: 2, all_user_attributes: 3 });
  });
});

describe('rateLimit: false per call', () => {
  test('the call neither waits in the client\'s limiter nor pauses it on a 429', async () => {
    const limiter = createRateLimiter({ requests: 10, perMs: 1000 });
    const dx = context.dx({ rateLimit: limiter });
    context.fake.dx.addUser({ email: 'ana@example.com' });
    context.fake.faults.add({ service: 'dx', rateLimit: { retryAfter: { seconds: 2 } }, times: 1 });
    const update = (options?: CallOptions) => dx.updateUserAttributes({ email: 'ana@example.com', attributes: { Region: 'EU' } }, options);
    expect(await update({ rateLimit: false, maxRetries: 0 })).toMatchObject({ ok: false, error: { kind: 'rate_limited', retryAfterMs: 2000 } });
    expect(limiter.stats()).toMatchObject({ granted: 0, pausedUntil: 0 });
    expect((await update({ rateLimit: false })).ok).toBe(true);
    expect(limiter.stats().granted).toBe(0);
    expect((await update()).ok).toBe(true);
    expect(limiter.stats().granted).toBe(1);
  });
});

describe('onRequest', () => {
  test('is told of every request the call sends: the login it starts, each retry and the 401 replay', async () => {
    const { looker, issued } = recordingLooker();
    const events: RequestEvent[] = [];
    const onRequest = (event: RequestEvent) => void events.push(event);
    context.fake.faults.add({ service: 'looker', operation: 'all_user_attributes', serverError: 503, times: 1 });
    expect((await looker.allUserAttributes({}, { onRequest })).ok).toBe(true);
    expect(events).toEqual([
      { operation: 'login', attempt: 1 },
      { operation: 'all_user_attributes', attempt: 1 },
      { operation: 'all_user_attributes', attempt: 2 },
    ]);
    events.length = 0;
    await endOnServer(issued[0]!);
    expect((await looker.allUserAttributes({}, { onRequest })).ok).toBe(true);
    expect(events).toEqual([
      { operation: 'all_user_attributes', attempt: 1 },
      { operation: 'login', attempt: 1 },
      { operation: 'all_user_attributes', attempt: 2 },
    ]);
    // Every request the fake received but the one sent behind the client's back was reported.
    expect(context.fake.calls.total('looker')).toBe(6 + 1);
  });

  test('one that throws keeps that request from being sent: hook_failed (onRequest), nothing reaches the service', async () => {
    const result = await setRegion({
      onRequest: () => {
        throw new Error('no more requests');
      },
    });
    expect(result).toMatchObject({ ok: false, error: { kind: 'hook_failed', hook: 'onRequest', operation: 'login', attempts: 0 } });
    expect(!result.ok && result.error.message).toBe('login failed: the onRequest option threw (Error: no more requests)');
    expect(context.fake.calls.total()).toBe(0);
  });

  test('a refusal after the first request stops the retries', async () => {
    context.fake.faults.add({ service: 'looker', operation: 'set_user_attribute_user_value', serverError: 503, times: 100 });
    let allowed = 2;
    const result = await setRegion({
      onRequest: () => {
        if (allowed-- <= 0) throw new Error('budget');
      },
    });
    expect(result).toMatchObject({ ok: false, error: { kind: 'hook_failed', hook: 'onRequest', attempts: 1 } });
    expect(lookerCalls()).toEqual({ login: 1, set_user_attribute_user_value: 1 });
  });
});

describe('bad per-call options are refused before sending', () => {
  test.each([
    ['maxRetries', { maxRetries: -1 }, 'options.maxRetries must be a whole number from 0'],
    ['maxRetries', { maxRetries: 1.5 }, 'options.maxRetries must be a whole number from 0'],
    ['rateLimit', { rateLimit: true }, 'options.rateLimit must be false or left out'],
    ['onRequest', { onRequest: 'count' }, 'options.onRequest must be a function, got string'],
  ])('%s: %j', async (_, options, said) => {
    const result = await setRegion(options as unknown as CallOptions);
    expect(result).toMatchObject({ ok: false, error: { kind: 'invalid_input', attempts: 0 } });
    expect(!result.ok && result.error.message).toContain(said);
    expect(context.fake.calls.total()).toBe(0);
  });
});

test('types: the per-call options, and the sync\'s port options are the same', () => {
  expectTypeOf<CallOptions['maxRetries']>().toEqualTypeOf<number | undefined>();
  expectTypeOf<CallOptions['rateLimit']>().toEqualTypeOf<false | undefined>();
  expectTypeOf<CallOptions['onRequest']>().toEqualTypeOf<((event: RequestEvent) => void) | undefined>();
  expectTypeOf<RequestEvent>().toEqualTypeOf<{ readonly operation: string; readonly attempt: number }>();
  expectTypeOf<PortCallOptions>().toEqualTypeOf<CallOptions>();
});

/** A Looker client over Node's fetch that notes each token a login gives. */
function recordingLooker() {
  const issued: string[] = [];
  const looker = context.looker({
    fetch: async (url, init) => {
      const response = await nodeFetch(url, init);
      if (url.endsWith('/login') && response.ok) issued.push(((await response.clone().json()) as { access_token: string }).access_token);
      return response;
    },
  });
  return { looker, issued };
}

/** Ends a session on the server behind the client's back. */
async function endOnServer(token: string) {
  const response = await nodeFetch(`${context.server.url}/api/4.0/logout`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(204);
}
