// What every service entry re-exports: results, errors and options shared by both clients.
export type { Failure, Result, Success } from './result.js';
export {
  UserAttributesError,
  unwrap,
  type AbortedError,
  type AnyError,
  type ErrorBase,
  type HttpErrorBase,
  type InputIssue,
  type InvalidInputError,
  type NetworkError,
  type RateLimitedError,
  type ServerError,
  type TimeoutError,
  type TransportError,
  type UnexpectedResponseError,
} from './errors.js';
export {
  DEFAULT_MAX_DELAY_MS,
  DEFAULT_MAX_RETRIES,
  DEFAULT_TIMEOUT_MS,
  type CallOptions,
  type CommonOptions,
  type RetryEvent,
  type RetryOptions,
  type RetryReason,
  type Runtime,
} from './settings.js';
export {
  createRateLimiter,
  type RateLimiter,
  type RateLimiterOptions,
  type RateLimiterStats,
  type Release,
} from './rate-limiter.js';
