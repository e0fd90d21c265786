import { getEventListeners } from 'node:events';
import { expect, test } from 'vitest';
import { createRateLimiter } from '../../src/core/rate-limiter.js';
import { testRuntime } from '../support/runtime.js';

/** A clock that moves only after everything already resolved has run, so grant times are exact. */
function settledRuntime() {
  let now = 0;
  return {
    now: () => now,
    sleep: async (ms: number) => {
      await new Promise((resolve) => setImmediate(resolve));
      now += ms;
    },
  };
}

test('grants at most `requests` in any span of `perMs`, first come first served', async () => {
  const runtime = settledRuntime();
  const limiter = createRateLimiter({ requests: 5, perMs: 1000, runtime });
  const times: number[] = [];
  await Promise.all(Array.from({ length: 20 }, async (_, i) => {
    const release = await limiter.acquire();
    times.push(runtime.now());
    expect(times).toHaveLength(i + 1);
    release();
  }));
  for (const [i, t] of times.entries()) expect(times.filter((u) => u > t - 1000 && u <= t).length, `grant ${i}`).toBeLessThanOrEqual(5);
  // As fast as the window allows: each grant comes one window (plus its 25 ms margin) after the one five back.
  expect(times[19]! - times[0]!).toBeGreaterThanOrEqual(3 * 1000);
  expect(times[19]! - times[0]!).toBeLessThanOrEqual(3 * 1025 + 4 * 200);
  expect(limiter.stats()).toMatchObject({ granted: 20, waiting: 0, inFlight: 0 });
});

test('bounds the requests in flight', async () => {
  const { runtime } = testRuntime();
  const limiter = createRateLimiter({ requests: 1000, perMs: 1, maxConcurrency: 2, runtime });
  const a = await limiter.acquire();
  const b = await limiter.acquire();
  let third = false;
  const c = limiter.acquire().then((release) => {
    third = true;
    return release;
  });
  await new Promise((resolve) => setTimeout(resolve, 5));
  expect(third).toBe(false);
  a();
  a();
  (await c)();
  expect(third).toBe(true);
  b();
  expect(limiter.stats().inFlight).toBe(0);
});

test('a penalty pauses the whole lane; an aborted waiter leaves the queue', async () => {
  const { runtime } = testRuntime();
  const limiter = createRateLimiter({ requests: 100, perMs: 1000, runtime });
  (await limiter.acquire())();
  const start = runtime.now();
  limiter.penalize(5000);
  limiter.penalize(1000);
  const controller = new AbortController();
  const aborted = limiter.acquire(controller.signal);
  controller.abort(new Error('stop'));
  await expect(aborted).rejects.toThrow('stop');
  (await limiter.acquire())();
  expect(runtime.now() - start).toBe(5000);
  await expect(limiter.acquire(AbortSignal.abort(new Error('early')))).rejects.toThrow('early');
});

test('waiters sharing a signal add one abort listener, removed when the last is granted', async () => {
  const { runtime } = testRuntime();
  const limiter = createRateLimiter({ requests: 1000, perMs: 1, maxConcurrency: 1, runtime });
  const first = await limiter.acquire();
  const controller = new AbortController();
  // As many as a sync run's calls waiting at once: Node would warn past ten listeners.
  const waiting = Array.from({ length: 50 }, () => limiter.acquire(controller.signal));
  expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
  first();
  for (const granted of waiting) (await granted)();
  expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);

  const holder = await limiter.acquire();
  const aborted = Array.from({ length: 20 }, () => limiter.acquire(controller.signal));
  controller.abort(new Error('stop'));
  for (const one of aborted) await expect(one).rejects.toThrow('stop');
  expect(limiter.stats().waiting).toBe(0);
  holder();
});

test('options that cannot work are refused', () => {
  expect(() => createRateLimiter({ requests: 0, perMs: 1000 })).toThrow(TypeError);
  expect(() => createRateLimiter({ requests: 1, perMs: 0 })).toThrow(TypeError);
  expect(() => createRateLimiter({ requests: 1, perMs: 1, maxConcurrency: 0 })).toThrow(TypeError);
});

test('a late timer does not cost the lane its rate: the lost time is made up, without a burst', async () => {
  let now = 0;
  // Every sleep ends 3 ms late, as timers on a busy machine do.
  const runtime = { now: () => now, sleep: async (ms: number) => void (now += ms + 3) };
  const limiter = createRateLimiter({ requests: 50, perMs: 1000, runtime });
  const times: number[] = [];
  for (let i = 0; i < 100; i++) {
    (await limiter.acquire())();
    times.push(now);
  }
  // 100 grants at 50 per second: two windows, not two windows plus every timer's lateness.
  expect(times[99]! - times[0]!).toBeLessThanOrEqual(2 * 1025);
  // Made up one grant at a time: never more than two within one interval (20 ms).
  const crowded = times.filter((t) => times.filter((u) => u > t - 20 && u <= t).length > 2);
  expect(crowded).toEqual([]);
});
