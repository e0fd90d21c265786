import { backoffDelayMs, requestedDelayMs } from './retry-delay.js';
import type { CallOptions, RetryReason, Settings } from './settings.js';

/** One attempt's fetch arguments. */
export interface Attempt {
  readonly url: string;
  readonly init: RequestInit & { headers: Headers };
}

/** Sends one attempt. `next()` gives the request's arguments again, for a replay. */
export type Send = (attempt: Attempt, call: Call, next: () => Attempt) => Promise<Response>;

/** What a call sends: the same for every attempt (only Authorization is ever reset on the headers). */
export interface Outgoing {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly body?: BodyInit | null | undefined;
  readonly redirect?: RequestRedirect | undefined;
}

/** The state of one SDK call: its deadline, its signal and its retry loop. */
export interface Call {
  /** The operation, as named in its service's OpenAPI document. */
  readonly operation: string;
  /** The caller's signal combined with the call's deadline. */
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  /** True once the deadline has aborted the call. */
  timedOut?: boolean;
  /** The client's secrets, kept out of every error. */
  readonly secrets: () => readonly string[];
  /** Requests sent so far, retries and replays included. */
  attempts: number;
  /** True once a 401 has been replayed: a call replays at most once. */
  replayed?: boolean;
  /** Delay the last 429 asked for, in milliseconds. */
  retryAfterMs?: number | undefined;
  /**
   * Sends `request` and resolves to the final response, retrying 429 (and, if enabled, 502/503/504
   * and network errors).
   */
  send(request: Outgoing): Promise<Response>;
  /** Releases the timer and the listener on the caller's signal. Call once the body has been read. */
  done(): void;
}

/**
 * A request of `method` to `url`, its body already encoded as `contentType`. A redirect could carry
 * the token or body to another host: it is never followed.
 */
export const outgoing = (
  method: string,
  url: string,
  headers: Record<string, string>,
  body?: string,
  contentType = 'application/json',
): Outgoing => ({
  url,
  method,
  headers: new Headers(body ? { ...headers, 'content-type': contentType } : headers),
  body,
  redirect: 'manual',
});

// One listener per caller signal however many calls share it (so no MaxListenersExceededWarning),
// removed when the last of them ends.
const sharedSignals = new WeakMap<AbortSignal, { aborts: Set<() => void>; onAbort: () => void }>();
function onCallerAbort(signal: AbortSignal, abort: () => void): () => void {
  let shared = sharedSignals.get(signal);
  if (!shared) {
    const aborts = new Set<() => void>();
    shared = {
      aborts,
      onAbort: () => {
        for (const abortCall of aborts) abortCall();
      },
    };
    sharedSignals.set(signal, shared);
    signal.addEventListener('abort', shared.onAbort, { once: true });
  }
  const { aborts, onAbort } = shared;
  aborts.add(abort);
  return () => {
    if (aborts.delete(abort) && !aborts.size) {
      signal.removeEventListener('abort', onAbort);
      sharedSignals.delete(signal);
    }
  };
}

/** Starts a call: its deadline runs from now. */
export function startCall(
  operation: string,
  settings: Settings,
  send: Send,
  options: CallOptions = {},
): Call {
  const { retry, runtime } = settings;
  const timeoutMs = options.timeoutMs ?? settings.timeoutMs;
  const deadline = runtime.now() + timeoutMs;
  const controller = new AbortController();
  const caller = options.signal;
  const abortWithCaller = () => controller.abort(caller?.reason);
  if (caller?.aborted) abortWithCaller();
  const stopListening = caller && !caller.aborted ? onCallerAbort(caller, abortWithCaller) : () => false;
  const timer = setTimeout(() => {
    call.timedOut = true;
    controller.abort(new DOMException(`timed out after ${timeoutMs} ms`, 'TimeoutError'));
  }, timeoutMs);

  const call: Call = {
    operation,
    signal: controller.signal,
    timeoutMs,
    secrets: settings.secrets,
    attempts: 0,
    done() {
      clearTimeout(timer);
      stopListening();
    },
    async send({ url, method, headers, body, redirect }) {
      const next = (): Attempt => ({ url, init: { method, headers, body, redirect, signal: call.signal } });
      for (let retries = 0; ; retries++) {
        call.signal.throwIfAborted();
        call.attempts++;
        let response: Response | undefined;
        let failure: unknown;
        let reason: RetryReason | undefined;
        let requested: number | undefined;
        try {
          response = await send(next(), call, next);
        } catch (error) {
          // fetch rejects with a TypeError when no reply came; anything else is not ours to retry.
          if (call.signal.aborted || !(error instanceof TypeError)) throw error;
          failure = error;
          if (retry.retryNetworkErrors) reason = 'network_error';
        }
        if (response) {
          const { status } = response;
          if (status === 429) reason = 'rate_limited';
          else if (retry.retryServerErrors && status >= 502 && status <= 504) reason = 'server_error';
          if (reason) requested = requestedDelayMs(response.headers, runtime.now());
          if (status === 429) call.retryAfterMs = requested;
        }
        const delayMs = requested ?? Math.min(backoffDelayMs(retries, runtime.random), retry.maxDelayMs);
        // Final when: not retryable, out of retries, the server asks for longer than allowed (never
        // retry sooner than asked), or the wait would end past the deadline (it could only time out).
        if (!reason || retries >= retry.maxRetries || delayMs > retry.maxDelayMs || runtime.now() + delayMs >= deadline) {
          if (!response) throw failure;
          return response;
        }
        if (response) discard(response);
        retry.onRetry({ operation, attempt: call.attempts, delayMs, reason, status: response?.status });
        await runtime.sleep(delayMs, call.signal);
      }
    },
  };
  return call;
}

/**
 * Frees the connection of a response that will not be read. Not awaited: with some fetch
 * implementations cancelling a body resolves only once the peer closes the stream.
 */
export function discard(response: Response): void {
  response.body?.cancel().catch(() => {});
}
