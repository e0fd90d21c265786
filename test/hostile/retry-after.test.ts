// A rate limiter answering 429 with every kind of Retry-After, over real HTTP. Waits use the
// injected runtime (a clock that moves only when the SDK sleeps), except where a test says it
// measures real time.
import { describe, expect, test } from 'vitest';
import { sleep } from '../../src/core/abortable.js';
import { createLookerClient, type LookerClientOptions, type RetryEvent } from '../../src/looker/index.js';
import { testRuntime } from '../support/runtime.js';
import { serve } from '../support/http-server.js';
import { json, nodeFetch, SECRETS, timed, userValue } from '../support/hostile.js';

const setValue = { userId: '42', userAttributeId: '7', value: 'EMEA' };
const MAX_DELAY_MS = 60_000;

/** A server answering 429 with `headers` to the first `times` requests (all, by default), then 200. */
function rateLimiter(headers: Record<string, string | string[]>, times = Infinity) {
  let requests = 0;
  return serve((_, res) => {
    if (requests++ < times) json(res, 429, { message: 'Too Many Requests', documentation_url: null }, headers);
    else json(res, 200, userValue());
  });
}

function client(url: string, options: Partial<LookerClientOptions> = {}) {
  const clock = testRuntime(0.5);
  const events: RetryEvent[] = [];
  const looker = createLookerClient({
    baseUrl: url,
    credentials: { accessToken: SECRETS.token },
    fetch: nodeFetch,
    runtime: clock.runtime,
    timeoutMs: 600_000,
    ...options,
    retry: { maxDelayMs: MAX_DELAY_MS, onRetry: (event) => events.push(event), ...(options.retry || {}) },
  });
  return { looker, clock, events };
}

const START = testRuntime().runtime.now();
const date = (offsetMs: number) => new Date(START + offsetMs).toUTCString();
// random() = 0.5 takes 12.5 % off the first backoff step of 500 ms.
const BACKOFF = 438;

// The decision for each form of Retry-After (one 429, then success): the wait, or an immediate
// rate_limited error carrying the delay asked for when that is longer than maxDelayMs (60 s).
const decisions: [string, Record<string, string | string[]>, { wait: number } | { refused: number }][] = [
  ['0: retry at once', { 'retry-after': '0' }, { wait: 0 }],
  ['whole seconds', { 'retry-after': '3' }, { wait: 3000 }],
  ['fractional seconds', { 'retry-after': '1.5' }, { wait: 1500 }],
  ['a tiny fraction', { 'retry-after': '0.001' }, { wait: 1 }],
  ['surrounding spaces', { 'retry-after': '  2  ' }, { wait: 2000 }],
  ['negative: unreadable, backoff', { 'retry-after': '-5' }, { wait: BACKOFF }],
  ['not a number: unreadable, backoff', { 'retry-after': 'soon' }, { wait: BACKOFF }],
  ['empty: unreadable, backoff', { 'retry-after': '' }, { wait: BACKOFF }],
  ['exponent notation: unreadable, backoff', { 'retry-after': '1e3' }, { wait: BACKOFF }],
  ['hexadecimal: unreadable, backoff', { 'retry-after': '0x10' }, { wait: BACKOFF }],
  ['Infinity: unreadable, backoff', { 'retry-after': 'Infinity' }, { wait: BACKOFF }],
  ['an ISO date: unreadable, backoff', { 'retry-after': new Date(START + 5000).toISOString() }, { wait: BACKOFF }],
  ['an HTTP date in the past: retry at once', { 'retry-after': date(-3_600_000) }, { wait: 0 }],
  ['the epoch: retry at once', { 'retry-after': 'Thu, 01 Jan 1970 00:00:00 GMT' }, { wait: 0 }],
  ['an HTTP date (IMF-fixdate) 5 s ahead', { 'retry-after': date(5000) }, { wait: 5000 }],
  // The two obsolete forms RFC 9110 still makes recipients accept (START is Sun, 22 Nov 2026 12:00:00 GMT).
  ['an RFC 850 date 5 s ahead', { 'retry-after': 'Sunday, 22-Nov-26 12:00:05 GMT' }, { wait: 5000 }],
  ['an asctime date 5 s ahead', { 'retry-after': 'Sun Nov 22 12:00:05 2026' }, { wait: 5000 }],
  ['an RFC 850 date with a 2-digit year over 50 years ahead: the past, retry at once', { 'retry-after': 'Sunday, 22-Nov-77 12:00:00 GMT' }, { wait: 0 }],
  ['an HTTP date on Feb 30: unreadable, backoff', { 'retry-after': 'Tue, 30 Feb 2027 12:00:00 GMT' }, { wait: BACKOFF }],
  [
    'an HTTP date far in the future: refused at once',
    { 'retry-after': 'Fri, 31 Dec 9999 23:59:59 GMT' },
    { refused: Date.UTC(9999, 11, 31, 23, 59, 59) - START },
  ],
  ['repeated headers: the largest', { 'retry-after': ['5', '10'] }, { wait: 10_000 }],
  ['repeated dates: the largest', { 'retry-after': [date(2000), date(7000)] }, { wait: 7000 }],
  ['repeated, seconds and a date: the largest', { 'retry-after': ['4', date(6000)] }, { wait: 6000 }],
  [
    'repeated, one date of each form: the largest',
    { 'retry-after': [date(2000), 'Sunday, 22-Nov-26 12:00:06 GMT', 'Sun Nov 22 12:00:04 2026'] },
    { wait: 6000 },
  ],
  ['repeated, one unreadable: backoff', { 'retry-after': ['5', 'soon'] }, { wait: BACKOFF }],
  ['exactly maxDelayMs', { 'retry-after': '60' }, { wait: 60_000 }],
  ['just over maxDelayMs: refused at once', { 'retry-after': '60.001' }, { refused: 60_001 }],
  ['absurdly large: refused at once', { 'retry-after': '99999999999' }, { refused: 99_999_999_999_000 }],
  [
    '400 digits: refused at once, the delay kept finite',
    { 'retry-after': '9'.repeat(400) },
    { refused: Number.MAX_SAFE_INTEGER },
  ],
  ['retry-after-ms wins over Retry-After', { 'retry-after-ms': '250', 'retry-after': '9' }, { wait: 250 }],
  ['an unreadable retry-after-ms falls through to Retry-After', { 'retry-after-ms': '-1', 'retry-after': '2' }, { wait: 2000 }],
  ['no header: backoff', {}, { wait: BACKOFF }],
];

describe('Retry-After', () => {
  test.each(decisions)('%s', async (_, headers, decision) => {
    const server = await rateLimiter(headers, 1);
    const { looker, clock } = client(server.url);
    const result = await looker.setUserAttributeUserValue(setValue);
    if ('wait' in decision) {
      expect(result.ok).toBe(true);
      expect(clock.sleeps).toEqual([decision.wait]);
      expect(server.seen).toHaveLength(2);
    } else {
      if (result.ok || result.error.kind !== 'rate_limited')
        throw new Error(`expected rate_limited, got ${JSON.stringify(result)}`);
      expect(result.error.retryAfterMs).toBe(decision.refused);
      expect(Number.isFinite(result.error.retryAfterMs)).toBe(true);
      expect(result.error.attempts).toBe(1);
      expect(clock.sleeps).toEqual([]);
      expect(server.seen).toHaveLength(1);
    }
  });

  test('an asctime date with a space-padded single-digit day survives the wire and is waited for', async () => {
    const server = await rateLimiter({ 'retry-after': 'Tue Dec  1 12:00:05 2026' }, 1);
    const { looker, clock } = client(server.url);
    clock.advance(Date.UTC(2026, 11, 1, 12) - START);
    const result = await looker.setUserAttributeUserValue(setValue);
    expect(result.ok).toBe(true);
    expect(clock.sleeps).toEqual([5000]);
    expect(server.seen).toHaveLength(2);
  });

  test('a wait that would end after the deadline is not started: the 429 is returned at once', async () => {
    const server = await rateLimiter({ 'retry-after': '30' });
    const { looker, clock } = client(server.url, { timeoutMs: 10_000 });
    const result = await looker.setUserAttributeUserValue(setValue);
    expect(!result.ok && [result.error.kind, result.error.attempts]).toEqual(['rate_limited', 1]);
    expect(clock.sleeps).toEqual([]);
  });

  // Real time from here: no injected runtime.
  test('in real time, Retry-After: 0 on every reply is bounded by maxRetries, not a busy loop', async () => {
    const server = await rateLimiter({ 'retry-after': '0' });
    const looker = createLookerClient({
      baseUrl: server.url,
      credentials: { accessToken: SECRETS.token },
      fetch: nodeFetch,
      retry: { maxRetries: 3 },
    });
    const { value: result, ms } = await timed(() => looker.setUserAttributeUserValue(setValue));
    expect(!result.ok && [result.error.kind, result.error.attempts]).toEqual(['rate_limited', 4]);
    expect(server.seen).toHaveLength(4);
    expect(ms).toBeLessThan(1000);
  });

  test('in real time, an absurd Retry-After fails at once instead of sleeping', async () => {
    const server = await rateLimiter({ 'retry-after': 'Fri, 31 Dec 9999 23:59:59 GMT' });
    const looker = createLookerClient({ baseUrl: server.url, credentials: { accessToken: SECRETS.token }, fetch: nodeFetch });
    const { value: result, ms } = await timed(() => looker.setUserAttributeUserValue(setValue));
    expect(!result.ok && result.error.kind).toBe('rate_limited');
    expect(ms).toBeLessThan(1000);
  });
});

describe('a 429 storm', () => {
  test('attempts stop at maxRetries + 1; the error says how many and the last delay asked for', async () => {
    const server = await rateLimiter({ 'retry-after': '1' });
    const { looker, clock, events } = client(server.url, { retry: { maxRetries: 5 } });
    const result = await looker.setUserAttributeUserValue(setValue);
    if (result.ok || result.error.kind !== 'rate_limited') throw new Error('expected rate_limited');
    expect(result.error.attempts).toBe(6);
    expect(result.error.retryAfterMs).toBe(1000);
    expect(result.error.message).toBe(
      'set_user_attribute_user_value failed: HTTP 429 rate_limited: Too Many Requests (6 attempts, asked to wait 1000 ms)',
    );
    expect(server.seen).toHaveLength(6);
    expect(clock.sleeps).toEqual([1000, 1000, 1000, 1000, 1000]);
    expect(events.map((event) => event.attempt)).toEqual([1, 2, 3, 4, 5]);
  });

  test('the last requested delay is the one reported, even when it changes', async () => {
    let n = 0;
    const server = await serve((_, res) => json(res, 429, { message: 'slow down' }, { 'retry-after': String(++n) }));
    const { looker, clock } = client(server.url, { retry: { maxRetries: 3 } });
    const result = await looker.setUserAttributeUserValue(setValue);
    expect(clock.sleeps).toEqual([1000, 2000, 3000]);
    expect(!result.ok && result.error.kind === 'rate_limited' && [result.error.attempts, result.error.retryAfterMs]).toEqual([
      4, 4000,
    ]);
  });

  test('total waiting stays under the deadline however many retries are allowed', async () => {
    const server = await rateLimiter({ 'retry-after': '1' });
    const { looker, clock } = client(server.url, { timeoutMs: 3500, retry: { maxRetries: 1000 } });
    const result = await looker.setUserAttributeUserValue(setValue);
    expect(!result.ok && [result.error.kind, result.error.attempts]).toEqual(['rate_limited', 4]);
    expect(clock.sleeps).toEqual([1000, 1000, 1000]);
  });

  test('without Retry-After, backoff grows and the deadline still bounds it', async () => {
    const server = await rateLimiter({});
    const { looker, clock } = client(server.url, { timeoutMs: 20_000, retry: { maxRetries: 1000 } });
    const result = await looker.setUserAttributeUserValue(setValue);
    expect(clock.sleeps).toEqual([438, 875, 1750, 3500, 7000]);
    expect(clock.sleeps.reduce((a, b) => a + b)).toBeLessThan(20_000);
    expect(!result.ok && result.error.attempts).toBe(6);
  });

  test('in real time, a storm with short waits ends by the deadline', async () => {
    const server = await rateLimiter({ 'retry-after': '0.02' });
    const looker = createLookerClient({
      baseUrl: server.url,
      credentials: { accessToken: SECRETS.token },
      fetch: nodeFetch,
      timeoutMs: 200,
      retry: { maxRetries: 1000 },
      runtime: { sleep },
    });
    const { value: result, ms } = await timed(() => looker.setUserAttributeUserValue(setValue));
    expect(ms).toBeLessThan(200 + 300);
    expect(!result.ok && ['rate_limited', 'timeout']).toContain(!result.ok && result.error.kind);
    // 20 ms per wait: at most 10 waits fit in 200 ms.
    expect(server.seen.length).toBeLessThanOrEqual(11);
  });
});
