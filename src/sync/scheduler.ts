// One lane per service for the sync's reads and writes: every call waits for the lane's rate
// limiter, and a 429 or 5xx pauses the whole lane (Retry-After when given, else exponential
// backoff) before the call is tried again.
import { backoffDelayMs } from '../core/retry-delay.js';
import { createRateLimiter, isRateLimiter, type RateLimiter, type RateLimiterOptions } from '../core/rate-limiter.js';
import type { Result } from '../core/result.js';
import type { Runtime } from '../core/settings.js';
import type { SyncResult } from './errors.js';
import type { PortError, SyncService } from './ports.js';

/** Pacing of one service: a limiter to share, or the options of a new one. */
export type LaneSetting = RateLimiter | Omit<RateLimiterOptions, 'runtime'>;

/** Default pace of DX: its documented 1000 requests per minute. */
export const DX_DEFAULT_RATE = { requests: 1000, perMs: 60_000, maxConcurrency: 8 } as const;
/** Default pace of Looker, whose per-second limits are not published: 10 requests a second. */
export const LOOKER_DEFAULT_RATE = { requests: 10, perMs: 1000, maxConcurrency: 4 } as const;
/** Default attempts after the first for one call of the sync. */
export const DEFAULT_LANE_RETRIES = 8;

/** A sequence of calls to one service, paced together. */
export interface Lane {
  readonly service: SyncService;
  /**
   * Calls `send` once a permit is granted; retries 429, 5xx, network errors and timeouts. `signal`
   * aborts the call at any point. `gate`, once aborted, keeps a call that was not yet sent from
   * being sent (the error `stopped`, `attempts: 0`); a call already sent goes on, retries included.
   */
  run<T>(
    send: (signal: AbortSignal | undefined) => Promise<Result<T, PortError>>,
    signal?: AbortSignal,
    gate?: AbortSignal,
  ): Promise<SyncResult<T, PortError>>;
  /** Requests sent so far (an error's `attempts` counted in full). */
  readonly callsUsed: number;
  /** 429 replies seen. */
  readonly rateLimited: number;
  /** Calls per second since the first one, by the lane's clock. */
  ratePerSecond(): number;
}

// Worth another try: the service was busy, or no reply came (every sync call is idempotent).
const RETRYABLE = new Set(['rate_limited', 'server', 'network', 'timeout']);

const aborted = (service: SyncService, signal: AbortSignal | undefined): { ok: false; error: PortError } => ({
  ok: false,
  error: { kind: 'aborted', message: `the ${service} call was aborted: ${String(signal?.reason ?? 'aborted')}`, operation: 'sync', attempts: 0 },
});

const stopped = (service: SyncService): { ok: false; error: PortError } => ({
  ok: false,
  error: { kind: 'stopped', message: `the ${service} call was not sent: the run is stopping`, operation: 'sync', attempts: 0 },
});

/** Creates the lane of one service. */
export function createLane(service: SyncService, setting: LaneSetting, runtime: Runtime, maxRetries = DEFAULT_LANE_RETRIES): Lane {
  const limiter = isRateLimiter(setting) ? setting : createRateLimiter({ ...setting, runtime });
  let callsUsed = 0;
  let rateLimited = 0;
  let firstCallAt: number | undefined;
  // 429s in a row (one per pause): how far the lane backs off without Retry-After.
  let streak = 0;
  let pausedUntil = 0;

  function pause(error: PortError, retryIndex: number): void {
    const now = runtime.now();
    if (error.kind === 'rate_limited') {
      rateLimited++;
      if (error.retryAfterMs === undefined && now >= pausedUntil) streak++;
    }
    const delayMs = error.retryAfterMs ?? backoffDelayMs(error.kind === 'rate_limited' ? streak - 1 : retryIndex, runtime.random);
    pausedUntil = Math.max(pausedUntil, now + delayMs);
    limiter.penalize(delayMs);
  }

  return {
    service,
    get callsUsed() {
      return callsUsed;
    },
    get rateLimited() {
      return rateLimited;
    },
    ratePerSecond() {
      const elapsed = firstCallAt === undefined ? 0 : runtime.now() - firstCallAt;
      return elapsed > 0 ? (callsUsed * 1000) / elapsed : 0;
    },
    async run(send, signal, gate) {
      for (let retry = 0; ; retry++) {
        if (signal?.aborted) return aborted(service, signal);
        // Only the first try can be held back: a call once sent is in flight until it has an answer.
        const unsent = retry === 0 ? gate : undefined;
        if (unsent?.aborted) return stopped(service);
        let release: () => void;
        try {
          release = await limiter.acquire(unsent ?? signal);
        } catch {
          return signal?.aborted ? aborted(service, signal) : stopped(service);
        }
        if (signal?.aborted || unsent?.aborted) {
          release();
          return signal?.aborted ? aborted(service, signal) : stopped(service);
        }
        firstCallAt ??= runtime.now();
        let result: Result<unknown, PortError>;
        try {
          result = await send(signal);
        } finally {
          release();
        }
        if (result.ok) {
          callsUsed++;
          streak = 0;
          return { ok: true, data: result.data as never };
        }
        const { error } = result;
        callsUsed += typeof error.attempts === 'number' ? error.attempts : 1;
        if (!RETRYABLE.has(error.kind) || retry >= maxRetries || signal?.aborted) return { ok: false, error };
        pause(error, retry);
      }
    },
  };
}
