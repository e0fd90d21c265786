// One lane of requests to one service account: the allowed rate (evenly spaced, or any burst a
// sliding window allows), a bound on requests in flight, and a pause shared by the whole lane when
// the service says "too many".
import { onAbort, sleep } from './abortable.js';
import { timeoutProblem } from './defaults.js';
import { type Runtime } from './runtime.js';

/** Options of `createRateLimiter`. */
export interface RateLimiterOptions {
  /** Requests allowed in any span of `perMs` milliseconds (e.g. DX: 1000 per 60 000). */
  requests: number;
  /** The span `requests` is counted over, in milliseconds. */
  perMs: number;
  /** Requests in flight at once. Default: unbounded. */
  maxConcurrency?: number;
  /**
   * `even` (default): grants evenly spaced, one at a time, which no window of `perMs` can fault.
   * `sliding`: up to `requests` at once, then each as the one `requests` grants back leaves the
   * window (DX's rule, counted here): a few calls never wait, a long run is held to the rate.
   */
  spacing?: 'even' | 'sliding';
  /** Clock and sleep, injectable for tests. */
  runtime?: Partial<Pick<Runtime, 'now' | 'sleep'>>;
}

/** Whether `value` is a rate limiter (ours, or any object with the same two methods). */
export const isRateLimiter = (value: unknown): value is RateLimiter =>
  typeof (value as RateLimiter | null)?.acquire === 'function' && typeof (value as RateLimiter).penalize === 'function';

/** Gives back the concurrency slot taken by `acquire`. Calling it again does nothing. */
export type Release = () => void;

/** What a lane has done so far. */
export interface RateLimiterStats {
  /** Permits granted. */
  readonly granted: number;
  /** Requests waiting for a permit. */
  readonly waiting: number;
  /** Permits granted and not yet released. */
  readonly inFlight: number;
  /** Milliseconds since the epoch until which the lane is paused (0 when it never was). */
  readonly pausedUntil: number;
}

/**
 * Paces requests of one lane. Share one between every client of one account: the pace and the
 * pauses then cover all of them.
 */
export interface RateLimiter {
  /**
   * Waits, first come first served, for a concurrency slot, a token and the end of any pause, then
   * resolves to the function that frees the slot. Rejects with the signal's reason when it aborts
   * first (no slot is then held).
   */
  acquire(signal?: AbortSignal): Promise<Release>;
  /** Pauses the whole lane for `delayMs` from now (a 429's Retry-After). Pauses never shorten. */
  penalize(delayMs: number): void;
  /** Counters of the lane. */
  stats(): RateLimiterStats;
}

interface Waiter {
  readonly resolve: (release: Release) => void;
  readonly reject: (reason: unknown) => void;
  /** Stops listening to the waiter's signal. */
  stopListening: () => void;
}

/**
 * Creates a lane. Two rules hold every grant: a log of the last `requests` grants keeps any span
 * of `perMs` (plus a margin for latency) at `requests` at most, so even a sliding window (DX's) is never
 * crossed; and with `even` spacing, grants are also `perMs / requests` apart, a late timer's lost
 * time made up by at most one grant, so the lane keeps its rate without bursting. Throws a
 * `TypeError` for options that cannot work.
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { requests, perMs, maxConcurrency = Infinity, spacing = 'even', runtime = {} } = Object(options) as RateLimiterOptions;
  if (!(Number.isInteger(requests) && requests >= 1) || timeoutProblem(perMs) !== undefined)
    throw new TypeError('rateLimit needs a whole number of requests (at least 1) and perMs (milliseconds, more than 0)');
  if (!(maxConcurrency === Infinity || (Number.isInteger(maxConcurrency) && maxConcurrency >= 1)))
    throw new TypeError('maxConcurrency must be a whole number of at least 1');
  if (spacing !== 'even' && spacing !== 'sliding') throw new TypeError('spacing must be "even" or "sliding"');
  const now = runtime.now ?? Date.now;
  const wait = runtime.sleep ?? sleep;
  const intervalMs = perMs / requests;
  // The server counts arrivals, which trail our grants by the network's latency and its jitter: a
  // window is held 1 % longer, and at least 25 ms (a second's window would otherwise get 10 ms).
  const marginMs = Math.max(perMs / 100, 25);
  const queue: Waiter[] = [];
  // When each of the last `requests` grants was made, oldest first.
  const grantedAt: number[] = [];
  let nextTokenAt = -Infinity;
  let pausedUntil = 0;
  let inFlight = 0;
  let granted = 0;
  let pumping = false;
  // Wakes the pump when a slot frees up while it waits for one.
  let slotFreed: (() => void) | undefined;

  function grant(waiter: Waiter): void {
    waiter.stopListening();
    inFlight++;
    granted++;
    let released = false;
    waiter.resolve(() => {
      if (released) return;
      released = true;
      inFlight--;
      slotFreed?.();
    });
  }

  async function pump(): Promise<void> {
    pumping = true;
    const timer = new AbortController();
    try {
      while (queue.length) {
        if (inFlight >= maxConcurrency) {
          await new Promise<void>((resolve) => (slotFreed = resolve));
          slotFreed = undefined;
          continue;
        }
        const windowFreeAt = grantedAt.length < requests ? -Infinity : grantedAt[0]! + perMs + marginMs;
        const readyAt = Math.max(spacing === 'even' ? nextTokenAt : -Infinity, windowFreeAt, pausedUntil);
        const delay = readyAt - now();
        if (delay > 0) {
          await wait(Math.ceil(delay), timer.signal);
          // A pause may have grown, or the waiter may have left, while we slept: look again.
          continue;
        }
        const waiter = queue.shift() as Waiter;
        // From when the grant was due, not when the timer fired, but never more than one interval back.
        nextTokenAt = Math.max(now() - intervalMs, nextTokenAt) + intervalMs;
        if (grantedAt.push(now()) > requests) grantedAt.shift();
        grant(waiter);
      }
    } finally {
      pumping = false;
    }
  }

  return {
    acquire(signal) {
      return new Promise<Release>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const waiter: Waiter = { resolve, reject, stopListening: () => {} };
        // One listener per signal however many waiters share it: a whole sync run waits on one.
        if (signal) {
          waiter.stopListening = onAbort(signal, () => {
            const at = queue.indexOf(waiter);
            if (at >= 0) queue.splice(at, 1);
            reject(signal.reason);
          });
        }
        queue.push(waiter);
        if (!pumping) {
          // An injected sleep that throws would otherwise leave every waiter hanging.
          pump().catch((error: unknown) => {
            for (const stuck of queue.splice(0)) {
              stuck.stopListening();
              stuck.reject(error);
            }
          });
        }
      });
    },
    penalize(delayMs) {
      if (Number.isFinite(delayMs) && delayMs > 0) pausedUntil = Math.max(pausedUntil, now() + delayMs);
    },
    stats: () => ({ granted, waiting: queue.length, inFlight, pausedUntil }),
  };
}
