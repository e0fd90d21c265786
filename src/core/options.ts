// The options clients and calls take, and the settings a client keeps once they are checked
// (normalize-settings.ts checks them; defaults.ts holds their defaults).
import type { RateLimiter, RateLimiterOptions } from './rate-limiter.js';
import type { Runtime } from './runtime.js';

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

/** A client's options once checked, with every default filled in. */
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
