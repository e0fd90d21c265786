import { describe, expect, test } from 'vitest';
import type { RetryEvent } from '../../src/looker/index.js';
import type { FaultSpec } from '../../src/testing/index.js';
import { seedOrg, useFakeServer } from '../support/fake.js';

const EMAIL = 'ana@example.com';

describe('faults reach the SDK as the right outcome', () => {
  const context = useFakeServer();

  function seedDx() {
    context.fake.dx.addUser({ email: EMAIL });
  }

  test('every 2nd request is rate limited with Retry-After in seconds: the SDK waits and succeeds', async () => {
    seedDx();
    const retries: RetryEvent[] = [];
    const dx = context.dx({ retry: { onRetry: (event) => retries.push(event) } });
    const fault = context.fake.faults.add({ service: 'dx', rateLimit: { every: 2, retryAfter: { seconds: 1 } } });

    expect((await dx.updateUserAttributes({ email: EMAIL, attributes: { a: '1' } })).ok).toBe(true);
    const second = await dx.updateUserAttributes({ email: EMAIL, attributes: { a: '2' } });
    expect(second.ok).toBe(true);

    expect(retries).toEqual([
      { operation: 'users.attributes.update', attempt: 1, delayMs: 1000, reason: 'rate_limited', status: 429 },
    ]);
    expect(context.clock.sleeps).toEqual([1000]);
    expect(context.fake.requests.map((r) => r.status)).toEqual([200, 429, 200]);
    expect(context.fake.requests[1]?.fault).toBe('rate_limit');
    expect(fault.fired).toBe(1);
    expect(context.fake.dx.user(EMAIL).attributes).toEqual({ a: '2' });
  });

  test('a 429 that outlasts the retries is rate_limited, with the Retry-After HTTP date read', async () => {
    const { ana, region } = seedOrg(context.fake);
    const looker = context.looker({ retry: { maxRetries: 1 } });
    const retryAt = new Date(context.clock.runtime.now() + 2000);
    context.fake.faults.add({
      service: 'looker',
      operation: 'set_user_attribute_user_value',
      rateLimit: { retryAfter: { httpDate: retryAt } },
    });

    const result = await looker.setUserAttributeUserValue({ userId: ana.id, userAttributeId: region.id, value: 'x' });
    expect(result.ok).toBe(false);
    if (!result.ok && result.error.kind === 'rate_limited') {
      expect(result.error.status).toBe(429);
      expect(result.error.headers.get('retry-after')).toBe(retryAt.toUTCString());
      expect(result.error.body).toMatchObject({ message: 'Too Many Requests' });
      expect(result.error.attempts).toBe(2);
    } else expect.fail(`expected rate_limited, got ${JSON.stringify(result)}`);
    expect(context.clock.sleeps).toEqual([2000]);
    // The model never saw the refused requests, and the login was not affected.
    expect(context.fake.looker.resolve(ana.id, region.id).source).toBe('default');
    expect(context.fake.requests.map((r) => [r.operation, r.status])).toEqual([
      ['login', 200],
      ['set_user_attribute_user_value', 429],
      ['set_user_attribute_user_value', 429],
    ]);
  });

  test('retry-after-ms, and no header at all', async () => {
    seedDx();
    const dx = context.dx({ retry: false });
    const withMs = context.fake.faults.add({ service: 'dx', rateLimit: { retryAfter: { milliseconds: 250 } }, times: 1 });
    const first = await dx.updateUserAttributes({ email: EMAIL, attributes: { a: '1' } });
    expect(!first.ok && first.error).toMatchObject({ kind: 'rate_limited', retryAfterMs: 250, code: 'rate_limited' });
    expect(withMs.exhausted).toBe(true);

    context.fake.faults.add({ service: 'dx', rateLimit: {}, times: 1 });
    const second = await dx.updateUserAttributes({ email: EMAIL, attributes: { a: '1' } });
    expect(!second.ok && second.error).toMatchObject({ kind: 'rate_limited', retryAfterMs: undefined });
    expect(!second.ok && 'headers' in second.error && second.error.headers.get('retry-after')).toBeNull();
  });

  test('a per-second budget refuses the excess until the SDK has waited', async () => {
    seedDx();
    const dx = context.dx();
    context.fake.faults.add({ service: 'dx', rateLimit: { perSecond: 2, retryAfter: { seconds: 1 } } });

    const results = [];
    for (let i = 0; i < 3; i++) results.push((await dx.updateUserAttributes({ email: EMAIL, attributes: { i: String(i) } })).ok);
    expect(results).toEqual([true, true, true]);
    expect(context.fake.requests.map((r) => r.status)).toEqual([200, 200, 429, 200]);
    expect(context.clock.sleeps).toEqual([1000]);
  });

  test('a 500 with an HTML body is a server error; the model is untouched', async () => {
    const { ana, region } = seedOrg(context.fake);
    context.fake.faults.add({ service: 'looker', operation: 'set_user_attribute_user_value', serverError: 500 });
    const result = await context.looker().setUserAttributeUserValue({ userId: ana.id, userAttributeId: region.id, value: 'x' });
    expect(result.ok).toBe(false);
    if (!result.ok && result.error.kind === 'server') {
      expect(result.error.status).toBe(500);
      expect(result.error.body).toContain('<h1>500 Internal Server Error</h1>');
      expect(result.error.headers.get('content-type')).toContain('text/html');
    } else expect.fail(`expected server, got ${JSON.stringify(result)}`);
    expect(context.fake.looker.resolve(ana.id, region.id).source).toBe('default');
  });

  test('a one-off 503 is retried and the call succeeds', async () => {
    seedDx();
    const retries: RetryEvent[] = [];
    context.fake.faults.add({ serverError: 503 });
    const result = await context
      .dx({ retry: { onRetry: (event) => retries.push(event) } })
      .updateUserAttributes({ email: EMAIL, attributes: { a: '1' } });
    expect(result.ok).toBe(true);
    expect(retries.map((r) => [r.reason, r.status])).toEqual([['server_error', 503]]);
  });

  test('a dropped connection is a network error, or a successful retry when it happens once', async () => {
    seedDx();
    context.fake.faults.add({ service: 'dx', dropConnection: true });
    const retries: RetryEvent[] = [];
    const retried = await context
      .dx({ retry: { onRetry: (event) => retries.push(event) } })
      .updateUserAttributes({ email: EMAIL, attributes: { a: '1' } });
    expect(retried.ok).toBe(true);
    expect(retries.map((r) => [r.reason, r.status])).toEqual([['network_error', undefined]]);

    context.fake.faults.add({ service: 'dx', dropConnection: true });
    const failed = await context.dx({ retry: false }).updateUserAttributes({ email: EMAIL, attributes: { a: '2' } });
    expect(!failed.ok && failed.error.kind).toBe('network');
    expect(context.fake.requests.map((r) => [r.status, r.fault])).toEqual([
      [undefined, 'dropped_connection'],
      [200, undefined],
      [undefined, 'dropped_connection'],
    ]);
    expect(context.fake.dx.user(EMAIL).attributes).toEqual({ a: '1' });
  });

  test('latency beyond the timeout is a timeout; small latency only delays', async () => {
    seedDx();
    const dx = context.dx({ retry: false });
    const slow = context.fake.faults.add({ service: 'dx', latencyMs: 5_000 });
    const timedOut = await dx.updateUserAttributes({ email: EMAIL, attributes: { a: '1' } }, { timeoutMs: 30 });
    expect(!timedOut.ok && timedOut.error).toMatchObject({ kind: 'timeout', timeoutMs: 30 });
    slow.remove();

    context.fake.faults.add({ service: 'dx', latencyMs: 5 });
    expect((await dx.updateUserAttributes({ email: EMAIL, attributes: { a: '2' } })).ok).toBe(true);
    expect(context.fake.requests.map((r) => r.delayedMs)).toEqual([5_000, 5]);
    expect(context.fake.dx.user(EMAIL).attributes).toEqual({ a: '2' });
  });

  test('malformed JSON in a 200 is an unexpected response', async () => {
    const { ana, region } = seedOrg(context.fake);
    context.fake.faults.add({ service: 'looker', operation: 'set_user_attribute_user_value', malformedJson: true });
    const result = await context.looker().setUserAttributeUserValue({ userId: ana.id, userAttributeId: region.id, value: 'x' });
    expect(!result.ok && result.error).toMatchObject({ kind: 'unexpected_response', status: 200 });
  });

  test('faults can target the login, and are scoped to their service', async () => {
    const { ana, region } = seedOrg(context.fake);
    seedDx();
    context.fake.faults.add({ service: 'looker', operation: 'login', serverError: 502 });
    context.fake.faults.add({ service: 'looker', serverError: 500, times: 5, operation: 'set_user_attribute_group_values' });

    expect((await context.dx().updateUserAttributes({ email: EMAIL, attributes: { a: '1' } })).ok).toBe(true);
    expect(
      (await context.looker().setUserAttributeUserValue({ userId: ana.id, userAttributeId: region.id, value: 'x' })).ok,
    ).toBe(true);
    expect(context.fake.requests.map((r) => [r.operation, r.status])).toEqual([
      ['users.attributes.update', 200],
      ['login', 502],
      ['login', 200],
      ['set_user_attribute_user_value', 200],
    ]);
  });
});

describe('fault controls', () => {
  const context = useFakeServer();

  test('clear() and remove() stop faults; times limits them', async () => {
    context.fake.dx.addUser({ email: EMAIL });
    const dx = context.dx({ retry: false });
    const update = async () => {
      const result = await dx.updateUserAttributes({ email: EMAIL, attributes: { a: '1' } });
      return result.ok ? 'ok' : result.error.kind;
    };

    const twice = context.fake.faults.add({ service: 'dx', serverError: 500, times: 2 });
    expect([await update(), await update(), await update()]).toEqual(['server', 'server', 'ok']);
    expect([twice.fired, twice.exhausted]).toEqual([2, true]);

    const limited = context.fake.faults.add({ service: 'dx', rateLimit: {} });
    expect(await update()).toBe('rate_limited');
    limited.remove();
    expect(await update()).toBe('ok');

    context.fake.faults.add({ service: 'dx', rateLimit: {} });
    context.fake.faults.add({ service: 'dx', malformedJson: true });
    context.fake.faults.clear();
    expect(await update()).toBe('ok');
  });

  test('when several faults match, the first added answers', async () => {
    context.fake.dx.addUser({ email: EMAIL });
    const first = context.fake.faults.add({ service: 'dx', serverError: 500 });
    const second = context.fake.faults.add({ service: 'dx', rateLimit: {} });
    const result = await context.dx({ retry: false }).updateUserAttributes({ email: EMAIL, attributes: { a: '1' } });
    expect(!result.ok && result.error.kind).toBe('server');
    expect([first.fired, second.fired]).toEqual([1, 0]);
  });

  test.each<[string, unknown]>([
    ['no effect', { service: 'dx' }],
    ['two effects', { serverError: 500, malformedJson: true }],
    ['every 0', { rateLimit: { every: 0 } }],
    ['every and perSecond', { rateLimit: { every: 2, perSecond: 3 } }],
    ['a fractional Retry-After', { rateLimit: { retryAfter: { seconds: 1.5 } } }],
    ['a status that is not a server error', { serverError: 404 }],
    ['an operation of the other service', { service: 'dx', operation: 'login', serverError: 500 }],
    ['times 0', { serverError: 500, times: 0 }],
    ['negative latency', { latencyMs: -1 }],
  ])('refuses a fault spec with %s', (_, spec) => {
    expect(() => context.fake.faults.add(spec as FaultSpec)).toThrow(TypeError);
  });
});
