import { expect, test } from 'vitest';
import type { Result } from '../../../src/core/result.js';
import type { PortError } from '../../../src/sync/model/ports.js';
import { createLane, type LaneCallOptions } from '../../../src/sync/lanes/lane.js';
import { testRuntime } from '../../support/runtime.js';

const REPLY = new Response(null);
const reply = (script: (Partial<PortError> | 'ok')[]) => {
  let calls = 0;
  const send = async (): Promise<Result<string, PortError>> => {
    const next = script[calls++] ?? 'ok';
    return next === 'ok' ? { ok: true, data: 'done', response: REPLY } : { ok: false, error: { kind: 'x', message: 'm', operation: 'op', attempts: 1, ...next } };
  };
  return { send, calls: () => calls };
};

test('a 429 with Retry-After pauses the lane for exactly that long', async () => {
  const { runtime, sleeps } = testRuntime();
  const lane = createLane('dx', { requests: 1000, perMs: 1000 }, runtime);
  const { send, calls } = reply([{ kind: 'rate_limited', retryAfterMs: 7000 }]);
  expect(await lane.run(send)).toEqual({ ok: true, data: 'done' });
  expect(calls()).toBe(2);
  expect(sleeps.reduce((a, b) => a + b, 0)).toBe(7000);
  expect(lane).toMatchObject({ callsUsed: 2, rateLimited: 1 });
});

test('429s without Retry-After back off exponentially; 5xx are retried; other errors are not', async () => {
  const { runtime, sleeps } = testRuntime(0);
  const lane = createLane('looker', { requests: 1000, perMs: 1000 }, runtime);
  const storm = reply([{ kind: 'rate_limited' }, { kind: 'rate_limited' }, { kind: 'rate_limited' }, { kind: 'server', status: 503 }]);
  expect((await lane.run(storm.send)).ok).toBe(true);
  expect(sleeps.filter((ms) => ms >= 500)).toEqual([500, 1000, 2000, 4000]);
  const refused = reply([{ kind: 'validation_failed', status: 422 }]);
  expect(await lane.run(refused.send)).toMatchObject({ ok: false, error: { kind: 'validation_failed' } });
  expect(refused.calls()).toBe(1);
});

test('gives up after maxRetries, and an aborted signal sends nothing', async () => {
  const { runtime } = testRuntime();
  const lane = createLane('dx', { requests: 1000, perMs: 1000 }, runtime, 2);
  const busy = reply(Array.from({ length: 5 }, () => ({ kind: 'server', status: 503 })));
  expect(await lane.run(busy.send)).toMatchObject({ ok: false, error: { kind: 'server' } });
  expect(busy.calls()).toBe(3);
  const idle = reply([]);
  expect(await lane.run(idle.send, AbortSignal.abort())).toMatchObject({ ok: false, error: { kind: 'aborted' } });
  expect(idle.calls()).toBe(0);
});

test('a closed gate holds back a call not yet sent; a call already sent keeps its retries', async () => {
  const { runtime } = testRuntime();
  const lane = createLane('dx', { requests: 1000, perMs: 1000 }, runtime);
  const held = reply([]);
  expect(await lane.run(held.send, undefined, AbortSignal.abort())).toMatchObject({ ok: false, error: { kind: 'stopped', attempts: 0 } });
  expect(held.calls()).toBe(0);
  const gate = new AbortController();
  const storm = reply([{ kind: 'rate_limited', retryAfterMs: 1000 }]);
  const send = () => {
    // The gate closes while the first try is on its way: the retry after the 429 still goes.
    gate.abort();
    return storm.send();
  };
  expect(await lane.run(send, undefined, gate.signal)).toEqual({ ok: true, data: 'done' });
  expect(storm.calls()).toBe(2);
  expect(lane.callsUsed).toBe(2);
});

/** A client stand-in that reports each request through `onRequest`, as the SDK's clients do. */
const reporting = (script: (Partial<PortError> | 'ok')[], requestsPerCall = 1) => {
  const seen: LaneCallOptions[] = [];
  const send = async (options: LaneCallOptions): Promise<Result<string, PortError>> => {
    seen.push(options);
    for (let i = 0; i < requestsPerCall; i++) options.onRequest({ operation: 'op', attempt: i + 1 });
    const next = script[seen.length - 1] ?? 'ok';
    return next === 'ok' ? { ok: true, data: 'done', response: REPLY } : { ok: false, error: { kind: 'x', message: 'm', operation: 'op', attempts: 1, ...next } };
  };
  return { send, seen };
};

test('every call is told to leave retries and pacing to the lane, and each request it reports is counted', async () => {
  const { runtime } = testRuntime();
  const lane = createLane('looker', { requests: 1000, perMs: 1000 }, runtime);
  const signal = new AbortController().signal;
  // A login and the request: two requests for one call.
  const client = reporting([{ kind: 'server', status: 503 }], 2);
  expect(await lane.run(client.send, signal)).toEqual({ ok: true, data: 'done' });
  expect(client.seen).toEqual([
    { signal, maxRetries: 0, rateLimit: false, onRequest: expect.any(Function) },
    { signal, maxRetries: 0, rateLimit: false, onRequest: expect.any(Function) },
  ]);
  expect(lane.callsUsed).toBe(4);
});

test('a budget is drawn on by every request: the one that would overdraw it is refused, and the call ends budget_exhausted', async () => {
  const { runtime } = testRuntime();
  const lane = createLane('looker', { requests: 1000, perMs: 1000 }, runtime);
  const budget = { remaining: 5 };
  const storm = reporting(Array.from({ length: 9 }, () => ({ kind: 'rate_limited', status: 429, retryAfterMs: 0 })), 2);
  expect(await lane.within(budget).run(storm.send)).toMatchObject({ ok: false, error: { kind: 'budget_exhausted', attempts: 5 } });
  expect(storm.seen).toHaveLength(3);
  expect({ used: lane.callsUsed, budget: budget.remaining }).toEqual({ used: 5, budget: 0 });
  const next = reporting([]);
  expect(await lane.within(budget).run(next.send)).toMatchObject({ ok: false, error: { kind: 'budget_exhausted', attempts: 0 } });
  expect(next.seen).toHaveLength(0);
  // The lane itself has no budget: the same lane outside the run still sends.
  expect(await lane.run(next.send)).toEqual({ ok: true, data: 'done' });
});

test('a failed call\'s attempts count every request the lane sent for it, and the message says it gave up', async () => {
  const { runtime } = testRuntime();
  const lane = createLane('dx', { requests: 1000, perMs: 1000 }, runtime, 3);
  const busy = reporting(Array.from({ length: 9 }, () => ({ kind: 'server', status: 503, message: 'HTTP 503 server' })));
  expect(await lane.run(busy.send)).toMatchObject({ ok: false, error: { kind: 'server', attempts: 4, message: 'HTTP 503 server; gave up after 4 requests' } });
});

test('a connection refused before the service ever answered: two retries, then a message asking about the base URL', async () => {
  const { runtime, sleeps } = testRuntime(0);
  const lane = createLane('looker', { requests: 1000, perMs: 1000 }, runtime);
  const cause = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }) });
  const refusedError = { kind: 'network', message: 'login failed: no reply (TypeError: fetch failed)', cause };
  const refused = reporting(Array.from({ length: 9 }, () => refusedError));
  expect(await lane.run(refused.send)).toMatchObject({
    ok: false,
    error: { kind: 'network', attempts: 3, message: 'login failed: no reply (TypeError: fetch failed); Looker has not answered once in 3 requests: is its base URL right?' },
  });
  expect(sleeps.filter((ms) => ms >= 500)).toEqual([500, 1000]);
  // Resets and timeouts are retried in full even before an answer; refusals too once one came.
  const resets = reporting([...Array.from({ length: 4 }, () => ({ kind: 'network', cause: new TypeError('fetch failed') })), { kind: 'timeout' }]);
  expect(await lane.run(resets.send)).toEqual({ ok: true, data: 'done' });
  expect(resets.seen).toHaveLength(6);
  const restarting = reporting(Array.from({ length: 5 }, () => refusedError));
  expect(await lane.run(restarting.send)).toEqual({ ok: true, data: 'done' });
  expect(restarting.seen).toHaveLength(6);
});
