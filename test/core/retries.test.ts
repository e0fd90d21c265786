import { http, HttpResponse } from 'msw';
import { describe, expect, test } from 'vitest';
import { sleep } from '../../src/core/abortable.js';
import { createLookerClient, type LookerClientOptions, type RetryEvent } from '../../src/looker/index.js';
import { server } from '../support/server.js';
import { startLoopbackServer } from '../support/http-server.js';
import { testRuntime } from '../support/runtime.js';
import { LOOKER, USER_VALUE_URL, userValue } from '../support/looker.js';

const setValue = { userId: '42', userAttributeId: '7', value: 'EMEA' };

/** Answers with each response in turn (the last one repeats), recording the bodies it received. */
function sequence(...replies: (() => Response)[]) {
  const bodies: string[] = [];
  const handler = http.patch(USER_VALUE_URL, async ({ request }) => {
    bodies.push(await request.text());
    const reply = replies[Math.min(bodies.length - 1, replies.length - 1)]!;
    return reply();
  });
  return { handler, bodies };
}

const ok = () => HttpResponse.json(userValue('EMEA'));
const tooMany =
  (headers: Record<string, string> = {}) =>
    () =>
      HttpResponse.json({ message: 'Too Many Requests', documentation_url: null }, { status: 429, headers });

function client(options: Partial<LookerClientOptions> = {}) {
  const clock = testRuntime(0.5);
  const events: RetryEvent[] = [];
  const looker = createLookerClient({
    baseUrl: LOOKER,
    credentials: { accessToken: 't' },
    runtime: clock.runtime,
    ...options,
    retry: options.retry === false ? false : { onRetry: (e) => events.push(e), ...options.retry },
  });
  return { looker, clock, events };
}

describe('429', () => {
  test('honours Retry-After in seconds and sends the same body again', async () => {
    const api = sequence(tooMany({ 'retry-after': '2' }), ok);
    server.use(api.handler);
    const { looker, clock, events } = client();
    const result = await looker.setUserAttributeUserValue(setValue);
    expect(result.ok).toBe(true);
    expect(clock.sleeps).toEqual([2000]);
    expect(api.bodies).toEqual(['{"value":"EMEA"}', '{"value":"EMEA"}']);
    expect(events).toEqual([
      { operation: 'set_user_attribute_user_value', attempt: 1, delayMs: 2000, reason: 'rate_limited', status: 429 },
    ]);
  });

  test('honours Retry-After as an HTTP date', async () => {
    const { looker, clock } = client();
    const at = new Date(clock.runtime.now() + 5000).toUTCString();
    server.use(sequence(tooMany({ 'retry-after': at }), ok).handler);
    expect((await looker.setUserAttributeUserValue(setValue)).ok).toBe(true);
    expect(clock.sleeps).toEqual([5000]);
  });

  test('honours retry-after-ms', async () => {
    server.use(sequence(tooMany({ 'retry-after-ms': '120', 'retry-after': '9' }), ok).handler);
    const { looker, clock } = client();
    await looker.setUserAttributeUserValue(setValue);
    expect(clock.sleeps).toEqual([120]);
  });

  test('garbage Retry-After falls back to exponential backoff with jitter', async () => {
    server.use(sequence(tooMany({ 'retry-after': 'later' }), tooMany(), tooMany({ 'retry-after': '-3' }), ok).handler);
    const { looker, clock } = client();
    expect((await looker.setUserAttributeUserValue(setValue)).ok).toBe(true);
    // random() = 0.5 takes 12.5 % off 500, 1000, 2000.
    expect(clock.sleeps).toEqual([438, 875, 1750]);
  });

  test('after maxRetries the result is rate_limited with the attempts and the requested delay', async () => {
    const api = sequence(tooMany({ 'retry-after': '1' }));
    server.use(api.handler);
    const { looker, clock } = client({ retry: { maxRetries: 2 } });
    const result = await looker.setUserAttributeUserValue(setValue);
    expect(result.ok).toBe(false);
    if (result.ok || result.error.kind !== 'rate_limited') throw new Error('expected rate_limited');
    expect(result.error.attempts).toBe(3);
    expect(result.error.retryAfterMs).toBe(1000);
    expect(clock.sleeps).toEqual([1000, 1000]);
    expect(api.bodies).toHaveLength(3);
  });

  test('a server asking for longer than maxDelayMs fails at once, carrying the delay', async () => {
    const api = sequence(tooMany({ 'retry-after': '3600' }));
    server.use(api.handler);
    const { looker, clock } = client({ retry: { maxDelayMs: 30_000 } });
    const result = await looker.setUserAttributeUserValue(setValue);
    if (result.ok || result.error.kind !== 'rate_limited') throw new Error('expected rate_limited');
    expect(result.error.retryAfterMs).toBe(3_600_000);
    expect(result.error.attempts).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  test('backoff is capped at maxDelayMs', async () => {
    server.use(sequence(tooMany(), tooMany(), ok).handler);
    const { looker, clock } = client({ retry: { maxDelayMs: 600 } });
    await looker.setUserAttributeUserValue(setValue);
    expect(clock.sleeps).toEqual([438, 600]);
  });

  test('a wait that would outlast the timeout is not started', async () => {
    server.use(sequence(tooMany({ 'retry-after': '20' }), ok).handler);
    const { looker, clock } = client({ timeoutMs: 10_000 });
    const result = await looker.setUserAttributeUserValue(setValue);
    expect(!result.ok && result.error.kind).toBe('rate_limited');
    expect(clock.sleeps).toEqual([]);
  });

  test('retry: false sends once', async () => {
    const api = sequence(tooMany({ 'retry-after': '1' }), ok);
    server.use(api.handler);
    const { looker } = client({ retry: false });
    const result = await looker.setUserAttributeUserValue(setValue);
    expect(!result.ok && result.error.kind).toBe('rate_limited');
    expect(api.bodies).toHaveLength(1);
  });
});

describe('502, 503, 504 and network errors', () => {
  test.each([502, 503, 504])('%i is retried like 429', async (status) => {
    server.use(sequence(() => new HttpResponse('<html>down</html>', { status }), ok).handler);
    const { looker, events } = client();
    expect((await looker.setUserAttributeUserValue(setValue)).ok).toBe(true);
    expect(events.map((e) => [e.reason, e.status])).toEqual([['server_error', status]]);
  });

  test('500 is not retried', async () => {
    const api = sequence(() => new HttpResponse(null, { status: 500 }), ok);
    server.use(api.handler);
    const result = await client().looker.setUserAttributeUserValue(setValue);
    expect(!result.ok && result.error.kind).toBe('server');
    expect(api.bodies).toHaveLength(1);
  });

  test('retryServerErrors: false turns it off', async () => {
    const api = sequence(() => new HttpResponse(null, { status: 503 }), ok);
    server.use(api.handler);
    const result = await client({ retry: { retryServerErrors: false } }).looker.setUserAttributeUserValue(setValue);
    expect(!result.ok && result.error.kind).toBe('server');
    expect(api.bodies).toHaveLength(1);
  });

  test('a network error is retried, then reported as network', async () => {
    let calls = 0;
    server.use(
      http.patch(USER_VALUE_URL, () => {
        calls++;
        return HttpResponse.error();
      }),
    );
    const { looker, events } = client({ retry: { maxRetries: 2 } });
    const result = await looker.setUserAttributeUserValue(setValue);
    expect(!result.ok && result.error.kind).toBe('network');
    expect(!result.ok && result.error.attempts).toBe(3);
    expect(calls).toBe(3);
    expect(events.map((e) => [e.reason, e.status])).toEqual([
      ['network_error', undefined],
      ['network_error', undefined],
    ]);
  });

  test('retryNetworkErrors: false turns it off', async () => {
    let calls = 0;
    server.use(
      http.patch(USER_VALUE_URL, () => {
        calls++;
        return HttpResponse.error();
      }),
    );
    const result = await client({ retry: { retryNetworkErrors: false } }).looker.setUserAttributeUserValue(setValue);
    expect(!result.ok && result.error.kind).toBe('network');
    expect(calls).toBe(1);
  });
});

describe('abort and timeout', () => {
  test('the caller aborting ends a wait at once', async () => {
    server.use(sequence(tooMany({ 'retry-after': '30' })).handler);
    const controller = new AbortController();
    const looker = createLookerClient({
      baseUrl: LOOKER,
      credentials: { accessToken: 't' },
      // The real sleep: the test proves it returns on abort rather than after 30 s.
      runtime: { sleep },
      retry: { onRetry: () => setTimeout(() => controller.abort(new Error('shutting down')), 1) },
    });
    const started = performance.now();
    const result = await looker.setUserAttributeUserValue(setValue, { signal: controller.signal });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(!result.ok && result.error.kind).toBe('aborted');
    expect(!result.ok && result.error.kind === 'aborted' && result.error.reason).toEqual(new Error('shutting down'));
  });

  test('an already aborted signal sends nothing', async () => {
    const api = sequence(ok);
    server.use(api.handler);
    const result = await client().looker.setUserAttributeUserValue(setValue, { signal: AbortSignal.abort() });
    expect(!result.ok && result.error.kind).toBe('aborted');
    expect(api.bodies).toHaveLength(0);
  });

  test('the timeout really aborts the request in flight', async () => {
    let aborted = false;
    server.use(
      http.patch(USER_VALUE_URL, ({ request }) => {
        request.signal.addEventListener('abort', () => {
          aborted = true;
        });
        return new Promise<Response>(() => {});
      }),
    );
    const result = await client().looker.setUserAttributeUserValue(setValue, { timeoutMs: 20 });
    expect(!result.ok && result.error.kind).toBe('timeout');
    expect(!result.ok && result.error.kind === 'timeout' && result.error.timeoutMs).toBe(20);
    expect(aborted).toBe(true);
  });

  test('the timeout covers reading the body', async () => {
    // Headers, half a body, then silence.
    const stalled = await startLoopbackServer((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"value":');
    });
    try {
      const looker = createLookerClient({ baseUrl: stalled.url, credentials: { accessToken: 't' }, timeoutMs: 50 });
      const result = await looker.setUserAttributeUserValue(setValue);
      expect(!result.ok && result.error.kind).toBe('timeout');
    } finally {
      await stalled.close();
    }
  });
});
