import type { AnyError } from './errors.js';
import { CarriedError, httpError } from './failures.js';
import { backoffDelayMs, requestedDelayMs } from './retry-delay.js';
import type { CallOptions, RetryReason, Settings } from './settings.js';

/** One attempt's fetch arguments. */
export interface Attempt {
  readonly url: string;
  readonly init: RequestInit & { headers: Headers };
}

/** Sends one attempt. `next()` gives the request's arguments again, for a replay. */
export type Send = (attempt: Attempt, call: Call, next: () => Attempt) => Promise<Response>;

/**
 * What openapi-fetch builds for the SDK's own calls, given as its `Request` option: the URL and
 * init as they are. Sending them with `fetch(url, init)` skips building a Request and copying its
 * body stream for every attempt, which is most of what a call costs beyond the network.
 */
export class OutgoingRequest {
  readonly method: string;
  readonly headers: Headers;
  readonly body: BodyInit | null | undefined;
  readonly redirect: RequestRedirect | undefined;

  constructor(
    readonly url: string,
    init: RequestInit,
  ) {
    this.method = init.method ?? 'GET';
    // openapi-fetch always passes a Headers of its own making.
    this.headers = init.headers as Headers;
    this.body = init.body;
    this.redirect = init.redirect;
  }
}

/** The state of one SDK call, and its retry loop as a fetch function for openapi-fetch. */
export interface Call {
  /** The caller's signal combined with the call's deadline. */
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  /** True once the deadline has aborted the call. */
  readonly timedOut: boolean;
  /** The client's secrets, kept out of every error. */
  readonly secrets: () => readonly string[];
  /** Requests sent so far, retries and replays included. */
  attempts: number;
  /** True once a 401 has been replayed: a call replays at most once. */
  replayed?: boolean;
  /** Delay the last 429 asked for, in milliseconds. */
  retryAfterMs?: number | undefined;
  /** The last response received, kept to describe a body that fails to parse. */
  response?: Response;
  /** Sends `request`, retrying 429 (and, if enabled, 502/503/504 and network errors). */
  fetch(request: Request | OutgoingRequest): Promise<Response>;
  /** openapi-fetch options that send a request through this call: its fetch, signal and light request. */
  readonly requestOptions: { fetch: Call['fetch']; signal: AbortSignal; Request: typeof Request };
  /** Releases the timer and the listener on the caller's signal. Call once the body has been read. */
  done(): void;
}

/**
 * Reply bodies larger than this are refused as `unexpected_response`: no reply of these operations
 * comes near it, and a runaway proxy cannot fill the memory. (`raw` has no limit.)
 */
export const MAX_BODY_BYTES = 10 * 2 ** 20;

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
  maxBodyBytes = MAX_BODY_BYTES,
): Call {
  const { retry, runtime } = settings;
  const timeoutMs = options.timeoutMs ?? settings.timeoutMs;
  const deadline = runtime.now() + timeoutMs;
  const controller = new AbortController();
  const caller = options.signal;
  const abortWithCaller = () => controller.abort(caller?.reason);
  if (caller?.aborted) abortWithCaller();
  const stopListening = caller && !caller.aborted ? onCallerAbort(caller, abortWithCaller) : () => false;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException(`timed out after ${timeoutMs} ms`, 'TimeoutError'));
  }, timeoutMs);

  const call: Call = {
    signal: controller.signal,
    timeoutMs,
    secrets: settings.secrets,
    get timedOut() {
      return timedOut;
    },
    get requestOptions() {
      return { fetch: call.fetch, signal: call.signal, Request: OutgoingRequest as unknown as typeof Request };
    },
    attempts: 0,
    done() {
      clearTimeout(timer);
      stopListening();
    },
    async fetch(request) {
      const { url, method, headers, redirect } = request;
      // A Request's body is a stream that can be read once: read it once, send the bytes each time.
      const body = request instanceof OutgoingRequest ? request.body : request.body && (await request.arrayBuffer());
      // Every attempt shares the headers: senders only ever (re)set Authorization on them.
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
          const tooLarge = () =>
            httpError('unexpected_response', call, operation, response, undefined, `body over ${maxBodyBytes} bytes`);
          call.response = limitBody(response, maxBodyBytes, tooLarge);
          return call.response;
        }
        if (response) discard(response);
        retry.onRetry({ operation, attempt: call.attempts, delayMs, reason, status: response?.status });
        await runtime.sleep(delayMs, call.signal);
      }
    },
  };
  return call;
}

/** The response, its body cut off with a CarriedError of `tooLarge()` once it passes `maxBytes`. */
function limitBody(response: Response, maxBytes: number, tooLarge: () => AnyError): Response {
  const { body, status, headers, url } = response;
  if (Number(headers.get('content-length')) > maxBytes) {
    discard(response);
    throw new CarriedError(tooLarge());
  }
  // A declared length bounds the body unless it is compressed (fetch decodes it): then no copy is
  // needed. A Response can only be rebuilt with a status from 200 to 599.
  const bounded = headers.has('content-length') && !headers.has('content-encoding');
  if (!body || bounded || maxBytes === Infinity || status < 200 || status > 599) return response;
  let size = 0;
  const limited = body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        size += chunk.byteLength;
        if (size > maxBytes) controller.error(new CarriedError(tooLarge()));
        else controller.enqueue(chunk);
      },
    }),
  );
  return Object.defineProperty(new Response(limited, { status, headers }), 'url', { value: url });
}

/**
 * Frees the connection of a response that will not be read. Not awaited: with some fetch
 * implementations cancelling a body resolves only once the peer closes the stream.
 */
export function discard(response: Response): void {
  response.body?.cancel().catch(() => {});
}
