// An injected clock, sleep and randomness, so retries and waits run without really waiting.
import type { Runtime } from '../../src/core/runtime.js';

/**
 * A clock that only moves when the SDK sleeps, a fixed random number, and a sleep that records
 * its delay and returns at once.
 */
export function testRuntime(random = 0.5) {
  const sleeps: number[] = [];
  let now = Date.UTC(2026, 10, 22, 12, 0, 0);
  const runtime: Runtime = {
    now: () => now,
    random: () => random,
    sleep: async (ms, signal) => {
      signal.throwIfAborted();
      sleeps.push(ms);
      now += ms;
    },
  };
  return {
    runtime,
    sleeps,
    advance(ms: number) {
      now += ms;
    },
  };
}
