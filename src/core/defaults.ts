// The defaults of the clients' options, and the longest wait a timer can hold, which bounds them.

/** Default `timeoutMs`: a call may take at most a minute, waits included. */
export const DEFAULT_TIMEOUT_MS = 60_000;
/** Default `retry.maxRetries`. */
export const DEFAULT_MAX_RETRIES = 3;
/** Default `retry.maxDelayMs`: the longest single wait. */
export const DEFAULT_MAX_DELAY_MS = 60_000;

/**
 * The longest wait a timer holds: setTimeout fires at once for anything longer (about 24.8 days),
 * which would turn a wait into a busy loop.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** What a `timeoutMs` must be, or undefined when `value` is one. */
export const timeoutProblem = (value: unknown): string | undefined =>
  typeof value === 'number' && value > 0 && value <= MAX_TIMER_MS
    ? undefined
    : `must be a number of milliseconds above 0 and at most ${MAX_TIMER_MS}`;
