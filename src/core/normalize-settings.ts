// Client options, checked and normalised once when a client is created, so the call path never
// checks for undefined again and a bad option is named where it was given.
import { DEFAULT_MAX_DELAY_MS, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, MAX_TIMER_MS, timeoutProblem } from './defaults.js';
import { describe, isRecord } from './input-checks.js';
import type { CommonOptions, Settings } from './options.js';
import { createRateLimiter, isRateLimiter, type RateLimiter, type RateLimiterOptions } from './rate-limiter.js';
import { refuseOption } from './refuse-option.js';
import { normalizeRuntime, type Runtime } from './runtime.js';

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
  const clock = normalizeRuntime(who, runtime);
  const lane = rateLimiterOf(who, 'rateLimit', rateLimit, clock);
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

/**
 * The rate limiter a `rateLimit` option asks for: the one given (shared), a new one on `clock` for
 * `{ requests, perMs, maxConcurrency? }`, or none for `false` or undefined. Anything else is a
 * TypeError naming `option` of `who`.
 */
export function rateLimiterOf(who: string, option: string, setting: unknown, clock: Pick<Runtime, 'now' | 'sleep'>): RateLimiter | undefined {
  if (isRateLimiter(setting)) return setting;
  if (setting === false || setting === undefined) return undefined;
  if (typeof setting !== 'object' || setting === null) refuseOption(who, option, `must be a rate limiter, { requests, perMs } or false, got ${describe(setting)}`);
  try {
    return createRateLimiter({ ...(setting as RateLimiterOptions), runtime: { now: clock.now, sleep: clock.sleep } });
  } catch (error) {
    return refuseOption(who, option, (error as Error).message);
  }
}
