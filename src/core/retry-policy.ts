// Whether to retry an attempt, and after how long: one pure decision over the delay rules.
import { backoffDelayMs, requestedDelayMs } from './retry-delay.js';
import type { RetryOptions, RetryReason } from './options.js';

/** How an attempt ended: the reply's status and headers, or no reply (status undefined). */
export interface AttemptOutcome {
  readonly status?: number | undefined;
  readonly headers?: Headers | undefined;
}

/** The decision after one attempt. */
export interface RetryDecision {
  /** Why to try again; undefined when the outcome is final. */
  readonly retry: RetryReason | undefined;
  /** How long to wait first, in milliseconds. */
  readonly delayMs: number;
  /** The delay the server asked for, when it asked (kept for a final `rate_limited`). */
  readonly requestedMs: number | undefined;
}

/** Why an outcome may be retried at all, before counting retries or time. */
function reasonFor({ status }: AttemptOutcome, retry: Required<RetryOptions>): RetryReason | undefined {
  // No reply: a refused or reset connection.
  if (status === undefined) return retry.retryNetworkErrors ? 'network_error' : undefined;
  // Slow down: always worth another try.
  if (status === 429) return 'rate_limited';
  // A gateway or an overloaded server: worth another try unless turned off.
  if (status >= 502 && status <= 504) return retry.retryServerErrors ? 'server_error' : undefined;
  // Anything else is the answer.
  return undefined;
}

/**
 * Decides whether to retry after `retries` retries so far. Final when: not retryable, out of
 * retries, the server asks for longer than `maxDelayMs` (never retry sooner than asked), or the wait
 * would end at or past the deadline (it could only time out).
 */
export function decideRetry(
  outcome: AttemptOutcome,
  retries: number,
  retry: Required<RetryOptions>,
  clock: { now: number; random: () => number; deadline: number },
): RetryDecision {
  const reason = reasonFor(outcome, retry);
  const requestedMs = reason && outcome.headers ? requestedDelayMs(outcome.headers, clock.now) : undefined;
  const delayMs = requestedMs ?? Math.min(backoffDelayMs(retries, clock.random), retry.maxDelayMs);
  const final = !reason || retries >= retry.maxRetries || delayMs > retry.maxDelayMs || clock.now + delayMs >= clock.deadline;
  return { retry: final ? undefined : reason, delayMs, requestedMs };
}
