import { backoffDelayMs, requestedDelayMs } from './retry-delay.js';
import type { CallOptions, RetryReason, Settings } from './settings.js';

/** Sends one attempt. Must not consume `request`: it is sent again on retry. */
export type Send = (request: Request, call: Call) => Promise<Response>;

const RETRYABLE_SERVER_STATUSES = new Set([502, 503, 504]);

class DeadlineExceeded extends Error {
  override readonly name = 'TimeoutError';
}

/**
 * The state of one SDK call: its signal (caller's signal plus the deadline), the attempts made,
 * and the retry loop, exposed as a fetch function for openapi-fetch.
 */
export class Call {
  attempts = 0;
  /** The last response received, kept to describe a body that fails to parse. */
  response: Response | undefined;
  /** Delay the server last asked for, in milliseconds. */
  retryAfterMs: number | undefined;
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  readonly deadline: number;

  readonly #settings: Settings;
  readonly #send: Send;
  readonly #operation: string;
  readonly #controller = new AbortController();
  readonly #callerSignal: AbortSignal | undefined;
  readonly #timer: ReturnType<typeof setTimeout>;
  readonly #onCallerAbort = () => this.#controller.abort(this.#callerSignal?.reason);

  constructor(operation: string, settings: Settings, send: Send, options: CallOptions = {}) {
    this.#operation = operation;
    this.#settings = settings;
    this.#send = send;
    this.timeoutMs = options.timeoutMs ?? settings.timeoutMs;
    this.deadline = settings.runtime.now() + this.timeoutMs;
    this.signal = this.#controller.signal;
    this.#callerSignal = options.signal;
    if (this.#callerSignal?.aborted) this.#onCallerAbort();
    else this.#callerSignal?.addEventListener('abort', this.#onCallerAbort, { once: true });
    this.#timer = setTimeout(
      () => this.#controller.abort(new DeadlineExceeded(`timed out after ${this.timeoutMs} ms`)),
      this.timeoutMs,
    );
  }

  get timedOut(): boolean {
    return this.signal.reason instanceof DeadlineExceeded;
  }

  get abortedByCaller(): boolean {
    return this.signal.aborted && !this.timedOut;
  }

  /** Releases the timer and the listener on the caller's signal. Call once the body has been read. */
  dispose(): void {
    clearTimeout(this.#timer);
    this.#callerSignal?.removeEventListener('abort', this.#onCallerAbort);
  }

  /** Sends `request`, retrying 429 (and, if enabled, 502/503/504 and network errors). */
  readonly fetch = async (request: Request): Promise<Response> => {
    for (let retries = 0; ; retries++) {
      this.signal.throwIfAborted();
      let outcome: Outcome;
      try {
        this.attempts++;
        outcome = { response: await this.#send(request, this) };
      } catch (error) {
        if (this.signal.aborted || !isNetworkError(error)) throw error;
        outcome = { error };
      }
      const next = this.#planRetry(outcome, retries);
      if (!next) {
        if ('error' in outcome) throw outcome.error;
        this.response = outcome.response;
        return bodyBoundTo(outcome.response, this.signal);
      }
      if ('response' in outcome) discard(outcome.response);
      this.#settings.retry.onRetry({
        operation: this.#operation,
        attempt: this.attempts,
        delayMs: next.delayMs,
        reason: next.reason,
        status: 'response' in outcome ? outcome.response.status : undefined,
      });
      await this.#settings.runtime.sleep(next.delayMs, this.signal);
    }
  };

  /** The wait before the next attempt, or undefined when this outcome is final. */
  #planRetry(outcome: Outcome, retries: number): { delayMs: number; reason: RetryReason } | undefined {
    const { retry, runtime } = this.#settings;
    let reason: RetryReason;
    let requested: number | undefined;
    if ('error' in outcome) {
      if (!retry.retryNetworkErrors) return undefined;
      reason = 'network_error';
    } else {
      const { status, headers } = outcome.response;
      if (status === 429) reason = 'rate_limited';
      else if (retry.retryServerErrors && RETRYABLE_SERVER_STATUSES.has(status)) reason = 'server_error';
      else return undefined;
      requested = requestedDelayMs(headers, runtime.now());
      if (status === 429) this.retryAfterMs = requested;
    }
    if (retries >= retry.maxRetries) return undefined;
    // Never sleep longer than allowed, and never retry sooner than the server asked.
    if (requested !== undefined && requested > retry.maxDelayMs) return undefined;
    const delayMs = requested ?? Math.min(backoffDelayMs(retries, runtime.random), retry.maxDelayMs);
    // A wait that ends past the deadline would only end in a timeout: report the real failure now.
    if (runtime.now() + delayMs >= this.deadline) return undefined;
    return { delayMs, reason };
  }
}

type Outcome = { response: Response } | { error: unknown };

/** fetch rejects with a TypeError when no reply came; anything else is not ours to retry. */
function isNetworkError(error: unknown): boolean {
  return error instanceof TypeError;
}

/**
 * Frees the connection of a response that will not be read. Not awaited: with some fetch
 * implementations cancelling a body resolves only once the peer closes the stream.
 */
export function discard(response: Response): void {
  response.body?.cancel().catch(() => {});
}

/**
 * The response with a body that fails as soon as `signal` aborts, so the deadline covers reading
 * the body even with fetch implementations that stop watching the signal once headers arrive.
 */
function bodyBoundTo(response: Response, signal: AbortSignal): Response {
  const source = response.body;
  // Statuses that cannot carry a body cannot be rebuilt with one.
  if (!source || [204, 205, 304].includes(response.status)) return response;
  const reader = source.getReader();
  let onAbort = () => {};
  const release = () => signal.removeEventListener('abort', onAbort);
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      onAbort = () => {
        controller.error(signal.reason);
        reader.cancel(signal.reason).catch(() => {});
      };
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    },
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (signal.aborted) return;
        if (done) {
          release();
          controller.close();
        } else controller.enqueue(value);
      } catch (error) {
        release();
        if (!signal.aborted) controller.error(error);
      }
    },
    cancel(reason) {
      release();
      return reader.cancel(reason);
    },
  });
  const { status, statusText, headers } = response;
  return new Response(body, { status, statusText, headers });
}
