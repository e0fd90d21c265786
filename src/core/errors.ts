// The error types both services share: one interface per meaning, named for its `kind`.

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

/** The server answered, and the answer is a failure. */
export interface HttpError<K extends string, B = unknown> extends ErrorBase<K> {
  readonly status: number;
  /** Parsed JSON body as the spec declares it, the raw text when it was not JSON, or undefined when empty. */
  readonly body: B | string | undefined;
  readonly headers: Headers;
  /** Value of the `x-request-id` header, when the server sent one. */
  readonly requestId: string | undefined;
}

/** 400: the server could not read the request. */
export type BadRequestError<B = unknown> = HttpError<'bad_request', B>;

/** 401 (after the one replay a refreshed login allows), or a refused login. */
export type UnauthorizedError<B = unknown> = HttpError<'unauthorized', B>;

/** 403: the credentials may not do this. */
export type ForbiddenError<B = unknown> = HttpError<'forbidden', B>;

/** 404: no such user, group or attribute (or a wrong base URL). */
export type NotFoundError<B = unknown> = HttpError<'not_found', B>;

/** 409: the resource already exists. */
export type ConflictError<B = unknown> = HttpError<'conflict', B>;

/** 422: the server rejected the body; `fieldErrors` lists each field's problem. */
export interface ValidationError<B = unknown, F = unknown> extends HttpError<'validation', B> {
  readonly fieldErrors: readonly F[];
}

/** 429 after the retries, or when the server asks to wait longer than `maxDelayMs`. */
export interface RateLimitedError<B = unknown> extends HttpError<'rate_limited', B> {
  /** Delay the server last asked for (`retry-after-ms` or `Retry-After`), in whole milliseconds rounded up, if any. */
  readonly retryAfterMs: number | undefined;
}

/** A 5xx reply. */
export type ServerError = HttpError<'server'>;

/** A reply the SDK cannot use: an undeclared status, a redirect, or a success body that is not what the spec says. */
export type UnexpectedResponseError = HttpError<'unexpected_response'>;

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

/** A function the caller gave the client. */
export type Hook = 'fetch' | 'getToken' | 'onRetry' | 'onRequest';

/**
 * A function the caller gave the client threw, rejected or returned something unusable (a `fetch`
 * that did not give a Response, a `getToken` that gave no token). The call stops: the SDK does not
 * guess what the caller's code meant.
 */
export interface HookFailedError extends ErrorBase<'hook_failed'> {
  readonly hook: Hook;
  /** What the hook threw, or undefined when it returned something unusable. */
  readonly cause: unknown;
}

/** An exact lookup found nothing. `candidates` are the near matches a pattern search returned, if any. */
export interface NoMatchError<T = unknown> extends ErrorBase<'no_match'> {
  /** What was looked up. */
  readonly query: string;
  readonly candidates: readonly T[];
}

/** An exact lookup found more than one match: `candidates` lists them all. Never "the first result". */
export interface AmbiguousError<T = unknown> extends ErrorBase<'ambiguous'> {
  readonly query: string;
  readonly candidates: readonly T[];
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
  | HookFailedError
  | InvalidInputError;

/**
 * The one exception the SDK throws, and only when asked to (see `unwrap`) or from a raw client.
 * `error` is the same union the result would have held.
 */
export class UserAttributesError<E extends ErrorBase<string> = ErrorBase<string>> extends Error {
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
export function unwrap<T, E extends ErrorBase<string>>(result: { ok: true; data: T } | { ok: false; error: E }): T {
  if (result.ok) return result.data;
  throw new UserAttributesError(result.error);
}
