// One SDK call: its deadline and signal, its attempts (the only place their counters are written),
// the 401 replay and the retry loop.
import { onAbort, waitFor } from './abortable.js';
import { discard } from './body.js';
import { HookFailure } from './failures.js';
import type { RateLimiter } from './rate-limiter.js';
import { decideRetry } from './retry-policy.js';
import type { CallOptions, OnBehalf, RetryOptions, Settings } from './options.js';

/** Where a call's requests get their bearer token. */
export interface Auth {
  /** A token to send, logging in first if needed (a login started here runs `onBehalf` of the call). */
  token(signal: AbortSignal, onBehalf?: OnBehalf): Promise<string>;
  /** The server refused `token`. True when asking again may give a fresh one (one replay). */
  refused(token: string): boolean;
}

/** What a call sends: the same for every attempt (only Authorization is ever set on the headers). */
export interface Outgoing {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly body?: BodyInit | null | undefined;
}

/**
 * Whether a value a fetch resolved to can be used as a Response (any fetch implementation's): a
 * status, headers to read and a body that is absent or a stream. Never throws, whatever it is given.
 */
function isResponse(value: unknown): value is Response {
  try {
    const { status, headers, body } = value as Response;
    return typeof status === 'number' && typeof headers?.get === 'function' && (body === null || body === undefined || typeof body.getReader === 'function');
  } catch {
    return false;
  }
}

/** How fetch says no reply came. Never throws, even for a revoked Proxy. */
function isTypeError(error: unknown): boolean {
  try {
    return error instanceof TypeError;
  } catch {
    return false;
  }
}

/** The state of one SDK call: its deadline, its signal and its retry loop. */
export class Call {
  /** The caller's signal combined with the call's deadline. */
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  /** The client's secrets, kept out of every error. */
  readonly secrets: () => readonly string[];
  /** The per-call options a login this call starts takes over. */
  readonly onBehalf: OnBehalf;
  #attempts = 0;
  #replayed = false;
  #retryAfterMs: number | undefined;
  #timedOut = false;
  readonly #settings: Settings;
  /** The client's retry settings, with this call's `maxRetries` when it has one. */
  readonly #retry: Required<RetryOptions>;
  /** The lane requests wait their turn in: the client's, unless the call opted out. */
  readonly #lane: RateLimiter | undefined;
  readonly #onRequest: CallOptions['onRequest'];
  readonly #auth: Auth | undefined;
  readonly #deadline: number;
  readonly #timer: ReturnType<typeof setTimeout>;
  readonly #stopListening: () => void;

  /** Starts a call of `operation` (as named in its service's OpenAPI document): its deadline runs from now. */
  constructor(
    readonly operation: string,
    settings: Settings,
    auth: Auth | undefined,
    { signal: caller, timeoutMs = settings.timeoutMs, maxRetries, rateLimit, onRequest }: CallOptions = {},
  ) {
    this.#settings = settings;
    this.#retry = maxRetries === undefined ? settings.retry : { ...settings.retry, maxRetries };
    this.#lane = rateLimit === false ? undefined : settings.rateLimit;
    this.#onRequest = onRequest;
    this.onBehalf = { maxRetries, rateLimit, onRequest };
    this.#auth = auth;
    this.timeoutMs = timeoutMs;
    this.#deadline = settings.runtime.now() + timeoutMs;
    this.secrets = settings.secrets;
    const controller = new AbortController();
    this.signal = controller.signal;
    const abortWithCaller = () => controller.abort(caller?.reason);
    if (caller?.aborted) abortWithCaller();
    this.#stopListening = caller && !caller.aborted ? onAbort(caller, abortWithCaller) : () => {};
    this.#timer = setTimeout(() => {
      this.#timedOut = true;
      controller.abort(new DOMException(`timed out after ${Math.ceil(timeoutMs)} ms`, 'TimeoutError'));
    }, timeoutMs);
  }

  /** Requests sent so far, retries and replays included. */
  get attempts(): number {
    return this.#attempts;
  }

  /** Delay the last 429 asked for, in milliseconds. */
  get retryAfterMs(): number | undefined {
    return this.#retryAfterMs;
  }

  /** True once the deadline has aborted the call. */
  get timedOut(): boolean {
    return this.#timedOut;
  }

  /** Releases the timer and the listener on the caller's signal. Call once the body has been read. */
  done(): void {
    clearTimeout(this.#timer);
    this.#stopListening();
  }

  /** Sends `request` and resolves to the final response, retrying as the retry policy decides. */
  async send(request: Outgoing): Promise<Response> {
    const { runtime } = this.#settings;
    const retry = this.#retry;
    for (let retries = 0; ; retries++) {
      this.signal.throwIfAborted();
      let response: Response | undefined;
      let failure: unknown;
      try {
        response = await this.#attempt(request);
      } catch (error) {
        // fetch rejects with a TypeError when no reply came; anything else is not a network failure.
        if (this.signal.aborted || !isTypeError(error)) throw error;
        failure = error;
      }
      const decision = decideRetry(response ?? {}, retries, retry, { now: runtime.now(), random: runtime.random, deadline: this.#deadline });
      if (response?.status === 429) {
        this.#retryAfterMs = decision.requestedMs;
        // The whole lane slows down, not only this call (never for longer than one call would wait).
        this.#lane?.penalize(Math.min(decision.delayMs, retry.maxDelayMs));
      }
      if (!decision.retry) {
        if (!response) throw failure;
        return response;
      }
      if (response) discard(response);
      const { delayMs, retry: reason } = decision;
      const event = { operation: this.operation, attempt: this.#attempts, delayMs, reason, status: response?.status };
      await this.#hook('onRetry', () => retry.onRetry(event));
      await runtime.sleep(decision.delayMs, this.signal);
    }
  }

  /** One attempt: with a token when the call has auth, and one replay with a fresh token after a 401. */
  async #attempt(request: Outgoing): Promise<Response> {
    const auth = this.#auth;
    const token = auth && (await auth.token(this.signal, this.onBehalf));
    const response = await this.#fetch(request, token);
    if (!auth || response.status !== 401 || this.#replayed || !auth.refused(token!)) return response;
    // Once per call, even across retries: never a login loop.
    discard(response);
    this.#replayed = true;
    return this.#fetch(request, await auth.token(this.signal, this.onBehalf));
  }

  /** Hands one request to the fetch option; the call's signal ends the wait even if fetch ignores it. */
  async #fetch({ url, method, headers, body }: Outgoing, token: string | undefined): Promise<Response> {
    if (token !== undefined) headers.set('Authorization', `Bearer ${token}`);
    // Each request waits its turn in the lane (the deadline and the caller's signal still apply).
    const release = await this.#lane?.acquire(this.signal);
    const init: RequestInit = { method, headers, body, redirect: 'manual', signal: this.signal };
    let response: unknown;
    try {
      const onRequest = this.#onRequest;
      if (onRequest) await this.#hook('onRequest', () => onRequest({ operation: this.operation, attempt: this.#attempts + 1 }));
      this.#attempts++;
      response = await this.#hook('fetch', () => this.#settings.fetch(url, init), {
        passTypeErrors: true,
        // A reply that comes after the call gave up is never read: free its connection.
        late: (late) => isResponse(late) && discard(late),
      });
    } finally {
      release?.();
    }
    if (!isResponse(response)) throw new HookFailure('fetch', 'did not resolve to a Response', undefined);
    return response;
  }

  /**
   * Runs a function the caller gave the client, waiting for it no longer than the call. A throw or
   * rejection is the hook's failure, except a fetch's TypeError, which is how fetch says no reply
   * came. What it gives after the call ended goes to `late`; a late rejection is ignored.
   */
  async #hook<T>(
    hook: 'fetch' | 'onRetry' | 'onRequest',
    run: () => T | Promise<T>,
    { passTypeErrors = false, late }: { passTypeErrors?: boolean; late?: (value: T) => unknown } = {},
  ): Promise<T> {
    let pending: Promise<T> | undefined;
    try {
      pending = Promise.resolve(run());
      return await waitFor(pending, this.signal);
    } catch (error) {
      if (this.signal.aborted) {
        pending?.then(late).catch(() => {});
        throw error;
      }
      if (passTypeErrors && isTypeError(error)) throw error;
      throw new HookFailure(hook, 'threw', error);
    }
  }
}
