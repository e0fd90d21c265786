/** Fields every SDK error has. */
export interface ErrorBase<K extends string> {
  /** Discriminant: switch on it to handle each failure. */
  readonly kind: K;
  /** One readable line. Never contains a secret. */
  readonly message: string;
  /** Operation that failed, as named in the service's OpenAPI document (e.g. `set_user_attribute_user_value`). */
  readonly operation: string;
  /** Requests sent for this call, retries and replays included (0 when refused before sending). */
  readonly attempts: number;
}

/** The server answered with an error status. */
export interface HttpErrorBase<K extends string, B> extends ErrorBase<K> {
  readonly status: number;
  /** Parsed JSON body as the spec declares it, the raw text when it was not JSON, or undefined when empty. */
  readonly body: B | string | undefined;
  readonly headers: Headers;
  /** Value of the `x-request-id` header, when the server sent one. */
  readonly requestId: string | undefined;
}

export interface RateLimitedError<B = unknown> extends HttpErrorBase<'rate_limited', B> {
  /** Delay the server last asked for (`retry-after-ms` or `Retry-After`), in milliseconds, if any. */
  readonly retryAfterMs: number | undefined;
}

/** A 5xx reply. */
export type ServerError = HttpErrorBase<'server', unknown>;

/** A reply the SDK cannot use: an undeclared status, a redirect, or a success body that is not what the spec says. */
export type UnexpectedResponseError = HttpErrorBase<'unexpected_response', unknown>;

/** No reply: DNS, connection refused or reset, TLS, or the body broke off. */
export interface NetworkError extends ErrorBase<'network'> {
  readonly cause: unknown;
}

/** The call's `timeoutMs` ran out (retries and waits included). */
export interface TimeoutError extends ErrorBase<'timeout'> {
  readonly timeoutMs: number;
}

/** The caller's AbortSignal fired. */
export interface AbortedError extends ErrorBase<'aborted'> {
  readonly reason: unknown;
}

/** One problem with a call's input. */
export interface InputIssue {
  /** Where the problem is, e.g. `groupValues[2].rank`. */
  readonly path: string;
  readonly problem: string;
}

/** The input was refused before any request was sent. */
export interface InvalidInputError extends ErrorBase<'invalid_input'> {
  /** Every problem found, not just the first. */
  readonly issues: readonly InputIssue[];
}

/** Failures any operation can have, whatever its spec declares. */
export type TransportError =
  | ServerError
  | UnexpectedResponseError
  | NetworkError
  | TimeoutError
  | AbortedError
  | InvalidInputError;

/** Any error the SDK produces. */
export type AnyError = ErrorBase<string>;

/**
 * The one exception the SDK throws, and only when asked to (see `unwrap`).
 * `error` is the same union the result would have held.
 */
export class UserAttributesError<E extends AnyError = AnyError> extends Error {
  override readonly name = 'UserAttributesError';
  readonly error: E;
  readonly kind: E['kind'];

  constructor(error: E) {
    super(error.message);
    this.error = error;
    this.kind = error.kind;
  }
}

/** Returns the data of a successful result, or throws a `UserAttributesError` holding its error. */
export function unwrap<T, E extends AnyError>(result: { ok: true; data: T } | { ok: false; error: E }): T {
  if (result.ok) return result.data;
  throw new UserAttributesError(result.error);
}
