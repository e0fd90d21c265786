// How long to wait before a retry. Pure functions of headers, clock and randomness, so they test
// without timers.

const SECONDS = /^\d+(\.\d+)?$/;
// IMF-fixdate, the only HTTP-date form servers may send (RFC 9110 §5.6.7).
const HTTP_DATE = /^[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT$/;

/**
 * The delay the server asks for, in milliseconds: `retry-after-ms`, else `Retry-After` in seconds or
 * as an HTTP date (a date in the past means 0). Undefined when absent or unreadable (negative,
 * non-numeric, repeated with different values), so the caller falls back to backoff.
 */
export function requestedDelayMs(headers: Headers, now: number): number | undefined {
  const ms = headers.get('retry-after-ms')?.trim() ?? '';
  const value = headers.get('retry-after')?.trim() ?? '';
  if (SECONDS.test(ms)) return +ms;
  if (SECONDS.test(value)) return +value * 1000;
  const at = HTTP_DATE.test(value) ? Date.parse(value) : NaN;
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export const BACKOFF_INITIAL_MS = 500;
export const BACKOFF_MAX_MS = 8_000;

/** Exponential backoff with jitter: 0.5 s, 1 s, 2 s … capped at 8 s, each shortened by up to 25 %. */
export function backoffDelayMs(retryIndex: number, random: () => number): number {
  return Math.round(Math.min(BACKOFF_INITIAL_MS * 2 ** retryIndex, BACKOFF_MAX_MS) * (1 - random() / 4));
}
