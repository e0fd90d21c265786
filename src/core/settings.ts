// Client options, normalised once when a client is created so the call path never checks for
// undefined.

/** Why a request is being retried. */
export type RetryReason = 'rate_limited' | 'server_error' | 'network_error';

/** What `retry.onRetry` is told before each wait. */
export interface RetryEvent {
  /** Operation being retried. */
  readonly operation: string;
  /** The attempt that just failed (1 for the first request). */
  readonly attempt: number;
  /** Milliseconds the SDK will wait before the next attempt. */
  readonly delayMs: number;
  readonly reason: RetryReason;
  /** HTTP status of the failed attempt; undefined for network errors. */
  readonly status: number | undefined;
}

/** When and how long to retry. All operations are idempotent, so all are retried. */
export interface RetryOptions {
  /** Retries after the first attempt. Default 3; 0 turns retrying off. */
  maxRetries?: number;
  /**
   * Longest single wait, in milliseconds. Default 60 000, at most 2 147 483 647. When the server asks for longer, the call
   * fails at once with `rate_limited` and `retryAfterMs` set; it never sleeps longer and never
   * retries sooner than asked.
   */
  maxDelayMs?: number;
  /** Retry 502, 503 and 504 replies like 429. Default true. */
  retryServerErrors?: boolean;
  /** Retry when no reply came (connection refused or reset, DNS). Default true. */
  retryNetworkErrors?: boolean;
  /** Called before each wait. */
  onRetry?: (event: RetryEvent) => void;
}

/** Clock, sleep and randomness, injectable for deterministic tests. */
export interface Runtime {
  /** Milliseconds since the epoch, like `Date.now`. */
  now(): number;
  /** A number in [0, 1), like `Math.random`, for backoff jitter. */
  random(): number;
  /** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

/** Options every client takes. */
export interface CommonOptions {
  /**
   * Longest a call may take, in milliseconds, retries and waits included. Default 60 000, at most
   * 2 147 483 647 (what a timer can wait). When it runs out the request is aborted and the call
   * fails with `timeout`.
   */
  timeoutMs?: number;
  /** Retry settings, or `false` for no retries. */
  retry?: RetryOptions | false;
  /**
   * fetch implementation, called as `fetch(url, init)` with a fresh `init` for every attempt
   * (method, headers, body, `redirect: 'manual'` and the call's signal). Default:
   * `globalThis.fetch` at the time the client is created.
   */
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
  /** Replace the clock, sleep or randomness (tests). */
  runtime?: Partial<Runtime>;
}

/** Per-call options. */
export interface CallOptions {
  /** Aborts the call, including any wait between retries. */
  signal?: AbortSignal;
  /** Overrides the client's `timeoutMs` for this call. */
  timeoutMs?: number;
}

export interface Settings {
  readonly timeoutMs: number;
  readonly retry: Required<RetryOptions>;
  readonly fetch: (url: string, init: RequestInit) => Promise<Response>;
  readonly runtime: Runtime;
  /** The client's secrets (credentials, recent tokens), removed from every error it returns. */
  readonly secrets: () => readonly string[];
}

/** Default `timeoutMs`: a call may take at most a minute, waits included. */
export const DEFAULT_TIMEOUT_MS = 60_000;
/** Default `retry.maxRetries`. */
export const DEFAULT_MAX_RETRIES = 3;
/** Default `retry.maxDelayMs`: the longest single wait. */
export const DEFAULT_MAX_DELAY_MS = 60_000;

/**
 * Waits for `promise`, giving up with the signal's reason as soon as it aborts (without cancelling
 * the promise, which others may share).
 */
export function waitFor<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** The default `runtime.sleep`. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return waitFor(new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))), signal).finally(() => clearTimeout(timer));
}

// setTimeout fires at once for anything longer (about 24.8 days), which would turn a wait into a busy loop.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Undefined, or a number of milliseconds from 0 to about 24.8 days (what a timer can wait). */
export const isMillis = (value: unknown): boolean =>
  value === undefined || (typeof value === 'number' && value >= 0 && value <= MAX_TIMER_MS);

export function normalizeSettings(
  { timeoutMs = DEFAULT_TIMEOUT_MS, retry = {}, fetch = globalThis.fetch, runtime }: CommonOptions,
  secrets: () => readonly string[],
): Settings {
  const {
    maxRetries = DEFAULT_MAX_RETRIES,
    maxDelayMs = DEFAULT_MAX_DELAY_MS,
    retryServerErrors = true,
    retryNetworkErrors = true,
    onRetry = () => {},
  } = retry || { maxRetries: 0 };
  if (
    !(
      isMillis(timeoutMs) &&
      isMillis(maxDelayMs) &&
      Number.isInteger(maxRetries) &&
      maxRetries >= 0 &&
      typeof fetch === 'function'
    )
  ) {
    throw new TypeError('invalid timeoutMs, retry or fetch option');
  }
  return {
    timeoutMs,
    retry: { maxRetries, maxDelayMs, retryServerErrors, retryNetworkErrors, onRetry },
    // Called unbound: some fetch implementations throw when called as a method of another object.
    fetch: (url, init) => fetch(url, init),
    runtime: { now: Date.now, random: Math.random, sleep, ...runtime },
    secrets,
  };
}
