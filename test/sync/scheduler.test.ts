import { expect, test } from 'vitest';
import type { Result } from '../../src/core/result.js';
import type { PortError } from '../../src/sync/ports.js';
import { createLane } from '../../src/sync/scheduler.js';
import { testRuntime } from '../support/runtime.js';

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
