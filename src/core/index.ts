// What every service entry re-exports: results, errors and options shared by both clients.
export type { Failure, Ok, PlainResult, Result, Success } from './result.js';
export {
  UserAttributesError,
  unwrap,
  type AbortedError,
  type AmbiguousError,
  type BadRequestError,
  type ConflictError,
  type ErrorBase,
  type ForbiddenError,
  type Hook,
  type HookFailedError,
  type HttpError,
  type InputIssue,
  type InvalidInputError,
  type NetworkError,
  type NoMatchError,
  type NotFoundError,
  type RateLimitedError,
  type ServerError,
  type TimeoutError,
  type TransportError,
  type UnauthorizedError,
  type UnexpectedResponseError,
  type ValidationError,
} from './errors.js';
export { DEFAULT_MAX_DELAY_MS, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS } from './defaults.js';
export { type CallOptions, type CommonOptions, type FetchLike, type RequestEvent, type RetryEvent, type RetryOptions, type RetryReason } from './options.js';
export { type Runtime } from './runtime.js';
export { MAX_BODY_BYTES } from './body.js';
export type { Paged } from './paging.js';
export {
  createRateLimiter,
  type RateLimiter,
  type RateLimiterOptions,
  type RateLimiterStats,
  type Release,
} from './rate-limiter.js';
