// Client options, checked and normalised once when a client is created, so the call path never
// checks for undefined again and a bad option is named where it was given.
import { sleep } from './abortable.js';
import { describe, isRecord } from './input-checks.js';
import { createRateLimiter, isRateLimiter, type RateLimiter, type RateLimiterOptions } from './rate-limiter.js';

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
  /** Retries after the first attempt: a whole number, default 3; 0 turns retrying off. */
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
  /**
   * Called before each wait. If it throws, the call stops with `hook_failed` (`hook: 'onRetry'`):
   * the SDK does not go on past a failure in the caller's own code.
   */
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

/** A `fetch` implementation, called as `fetch(url, init)`. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** Options every client takes. */
export interface CommonOptions {
  /**
   * Longest a call may take, in milliseconds, retries and waits included: more than 0 and at most
   * 2 147 483 647 (what a timer can wait). Default 60 000. When it runs out the call fails with
   * `timeout`, whether or not the `fetch` honours its signal.
   */
  timeoutMs?: number;
  /** Retry settings, or `false` for no retries. */
  retry?: RetryOptions | false;
  /**
   * fetch implementation, called as `fetch(url, init)` with a fresh `init` for every attempt
   * (method, headers, body, `redirect: 'manual'` and the call's signal). Default:
   * `globalThis.fetch` at the time the client is created. If it throws anything but a `TypeError`
   * (which is how fetch reports that no reply came), the call fails with `hook_failed`.
   */
  fetch?: FetchLike;
  /** Replace the clock, sleep or randomness (tests). */
  runtime?: Partial<Runtime>;
  /**
   * Allow a plain `http://` base URL for a host other than loopback. Default false: a typo must
   * not send a secret in clear text. `http://localhost`, `127.0.0.0/8` and `[::1]` are always allowed.
   */
  allowInsecureHttp?: boolean;
  /**
   * Paces requests so that a loop of calls waits its turn instead of failing: a `RateLimiter`
   * (share one between the clients of one account), `{ requests, perMs, maxConcurrency? }` for a
   * lane of this client's own, or `false` for none. Waiting for a turn counts toward `timeoutMs`,
   * and a 429 pauses the whole lane for the delay the call then waits. Default: none for Looker;
   * DX's documented window (1000 requests per 60 000 ms) for DX.
   */
  rateLimit?: RateLimiter | Omit<RateLimiterOptions, 'runtime'> | false;
}

/** What `onRequest` is told just before a request is sent. */
export interface RequestEvent {
  /** Operation of the request: the call's own, or `login` for a login the call started. */
  readonly operation: string;
  /** Which request of that operation's call this is (1 for the first; retries and the 401 replay count on). */
  readonly attempt: number;
}

/**
 * Per-call options. A caller that paces and retries a whole job itself (the sync's lanes) takes
 * both over for each call with `maxRetries: 0` and `rateLimit: false`, and counts its requests
 * with `onRequest`: the client needs no special options for it.
 */
export interface CallOptions {
  /** Aborts the call, including any wait between retries. */
  signal?: AbortSignal;
  /** Overrides the client's `timeoutMs` for this call. */
  timeoutMs?: number;
  /**
   * Overrides the client's `retry.maxRetries` for this call: a whole number, 0 for none (the other
   * retry settings stay the client's). The one replay after a 401 is not a retry. A login the call
   * starts takes the same setting.
   */
  maxRetries?: number;
  /**
   * `false`: this call's requests neither wait in the client's `rateLimit` nor pause it on a 429,
   * because the caller paces them. A login the call starts does the same.
   */
  rateLimit?: false;
  /**
   * Called just before each request this call sends, once its turn has come: the first, each
   * retry, the replay after a 401, and a login the call starts (one login serves every call
   * waiting for it, and is reported to the call that started it). If it throws, that request is
   * not sent and the call fails with `hook_failed` (`hook: 'onRequest'`).
   */
  onRequest?: (event: RequestEvent) => void;
}

/** The per-call options a login started by a call takes from it. */
export type OnBehalf = Pick<CallOptions, 'maxRetries' | 'rateLimit' | 'onRequest'>;

export interface Settings {
  readonly timeoutMs: number;
  readonly retry: Required<RetryOptions>;
  readonly fetch: FetchLike;
  readonly runtime: Runtime;
  /** The client's secrets (credentials, recent tokens), removed from every error it returns. */
  readonly secrets: () => readonly string[];
  /** The lane every request waits its turn in, if any. */
  readonly rateLimit: RateLimiter | undefined;
}

/** Default `timeoutMs`: a call may take at most a minute, waits included. */
export const DEFAULT_TIMEOUT_MS = 60_000;
/** Default `retry.maxRetries`. */
export const DEFAULT_MAX_RETRIES = 3;
/** Default `retry.maxDelayMs`: the longest single wait. */
export const DEFAULT_MAX_DELAY_MS = 60_000;

// setTimeout fires at once for anything longer (about 24.8 days), which would turn a wait into a busy loop.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** What a `timeoutMs` must be, or undefined when `value` is one. */
export const timeoutProblem = (value: unknown): string | undefined =>
  typeof value === 'number' && value > 0 && value <= MAX_TIMER_MS
    ? undefined
    : `must be a number of milliseconds above 0 and at most ${MAX_TIMER_MS}`;

/** Throws the TypeError that names a bad option of `who` (e.g. `createDxClient`). */
export function refuseOption(who: string, option: string, problem: string): never {
  throw new TypeError(`${who}: ${option} ${problem}`);
}

/** Checks the options every client takes and returns them normalised; `defaultRateLimit` is the service's own pace. */
export function normalizeSettings(
  who: string,
  options: CommonOptions,
  secrets: () => readonly string[],
  defaultRateLimit?: Omit<RateLimiterOptions, 'runtime'>,
): Settings {
  const { timeoutMs = DEFAULT_TIMEOUT_MS, retry = {}, fetch = globalThis.fetch, runtime = {}, rateLimit = defaultRateLimit } = options;
  const bad = (option: string, problem: string, value: unknown) => refuseOption(who, option, `${problem}, got ${describe(value)}`);
  const problem = timeoutProblem(timeoutMs);
  if (problem) bad('timeoutMs', problem, timeoutMs);
  if (retry !== false && !isRecord(retry as unknown)) bad('retry', 'must be an object or false', retry);
  const {
    maxRetries = DEFAULT_MAX_RETRIES,
    maxDelayMs = DEFAULT_MAX_DELAY_MS,
    retryServerErrors = true,
    retryNetworkErrors = true,
    onRetry = () => {},
  } = retry || { maxRetries: 0 };
  if (!Number.isSafeInteger(maxRetries) || maxRetries < 0) bad('retry.maxRetries', 'must be a whole number from 0', maxRetries);
  if (!(typeof maxDelayMs === 'number' && maxDelayMs >= 0 && maxDelayMs <= MAX_TIMER_MS)) {
    bad('retry.maxDelayMs', `must be a number of milliseconds from 0 to ${MAX_TIMER_MS}`, maxDelayMs);
  }
  for (const [name, value] of Object.entries({ retryServerErrors, retryNetworkErrors })) {
    if (typeof value !== 'boolean') bad(`retry.${name}`, 'must be a boolean', value);
  }
  if (typeof onRetry !== 'function') bad('retry.onRetry', 'must be a function', onRetry);
  if (typeof fetch !== 'function') bad('fetch', 'must be a function', fetch);
  if (!isRecord(runtime as unknown)) bad('runtime', 'must be an object', runtime);
  const clock: Runtime = { now: Date.now, random: Math.random, sleep, ...runtime };
  for (const name of ['now', 'random', 'sleep'] as const) {
    if (typeof clock[name] !== 'function') bad(`runtime.${name}`, 'must be a function', clock[name]);
  }
  // Asked once now, so a clock that cannot work is refused here rather than inside every call.
  for (const name of ['now', 'random'] as const) {
    let value: unknown;
    try {
      value = clock[name]();
    } catch {
      refuseOption(who, `runtime.${name}()`, 'threw');
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) bad(`runtime.${name}()`, 'must return a finite number', value);
    const number = value as number;
    if (name === 'random' && !(number >= 0 && number < 1)) refuseOption(who, 'runtime.random()', 'must return a number from 0 up to (not including) 1');
  }
  let lane: RateLimiter | undefined;
  if (isRateLimiter(rateLimit)) lane = rateLimit;
  else if (rateLimit !== false && rateLimit !== undefined) {
    if (typeof rateLimit !== 'object' || rateLimit === null) bad('rateLimit', 'must be a rate limiter, { requests, perMs } or false', rateLimit);
    try {
      lane = createRateLimiter({ ...rateLimit, runtime: { now: clock.now, sleep: clock.sleep } });
    } catch (error) {
      refuseOption(who, 'rateLimit', (error as Error).message);
    }
  }
  return {
    rateLimit: lane,
    timeoutMs,
    retry: { maxRetries, maxDelayMs, retryServerErrors, retryNetworkErrors, onRetry },
    // Called unbound: some fetch implementations throw when called as a method of another object.
    fetch: (url, init) => fetch(url, init),
    runtime: clock,
    secrets,
  };
}

// Loopback hosts, where plain http never leaves the machine.
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/** Checks a client's base URL and returns it without a trailing slash. */
export function checkBaseUrl(who: string, value: unknown, allowInsecureHttp: unknown = false): string {
  if (typeof allowInsecureHttp !== 'boolean') refuseOption(who, 'allowInsecureHttp', `must be a boolean, got ${describe(allowInsecureHttp)}`);
  const url = typeof value === 'string' && URL.canParse(value) ? new URL(value) : undefined;
  // Nothing but the origin and a path: no credentials, query or fragment, not even an empty one.
  if (!url || !/^https?:$/.test(url.protocol) || url.href !== url.origin + url.pathname) {
    refuseOption(who, 'baseUrl', 'must be an http(s) URL without credentials, query or fragment');
  }
  if (url.protocol === 'http:' && !allowInsecureHttp && !LOOPBACK.test(url.hostname)) {
    refuseOption(who, 'baseUrl', `is plain http to ${url.hostname}: use https, or set allowInsecureHttp: true`);
  }
  return url.href.replace(/\/+$/, '');
}
