// The clock, sleep and randomness a client or a sync runs on: injectable for deterministic tests,
// checked once where they are given.
import { sleep } from './abortable.js';
import { describe, isRecord } from './input-checks.js';
import { refuseOption } from './refuse-option.js';

/** Clock, sleep and randomness, injectable for deterministic tests. */
export interface Runtime {
  /** Milliseconds since the epoch, like `Date.now`. */
  now(): number;
  /** A number in [0, 1), like `Math.random`, for backoff jitter. */
  random(): number;
  /** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

/**
 * The runtime `given` fills in (Date.now, Math.random and an abortable sleep for what it leaves
 * out), checked: a part that is not a function, or a clock that throws or returns no finite
 * number, is a TypeError naming it as an option of `who`.
 */
export function normalizeRuntime(who: string, given: unknown = {}): Runtime {
  if (!isRecord(given)) refuseOption(who, 'runtime', `must be an object, got ${describe(given)}`);
  const clock: Runtime = { now: Date.now, random: Math.random, sleep, ...given };
  for (const name of ['now', 'random', 'sleep'] as const) {
    if (typeof clock[name] !== 'function') refuseOption(who, `runtime.${name}`, `must be a function, got ${describe(clock[name])}`);
  }
  // Asked once now, so a clock that cannot work is refused here rather than inside every call.
  for (const name of ['now', 'random'] as const) {
    let value: unknown;
    try {
      value = clock[name]();
    } catch {
      refuseOption(who, `runtime.${name}()`, 'threw');
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) refuseOption(who, `runtime.${name}()`, `must return a finite number, got ${describe(value)}`);
    const number = value as number;
    if (name === 'random' && !(number >= 0 && number < 1)) refuseOption(who, 'runtime.random()', 'must return a number from 0 up to (not including) 1');
  }
  return clock;
}
