// How long to wait before a retry. Pure functions of headers, clock and randomness, so they test
// without timers.

const SECONDS = /^\d+(\.\d+)?$/;
// IMF-fixdate, the only HTTP-date form servers may send (RFC 9110 §5.6.7).
const HTTP_DATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/**
 * The delay the server asks for, in milliseconds: `retry-after-ms`, else `Retry-After` in seconds or
 * as an HTTP date (a date in the past means 0). Undefined when absent or unreadable (negative,
 * non-numeric, repeated with different values), so the caller falls back to backoff.
 */
export function requestedDelayMs(headers: Headers, now: number): number | undefined {
  const ms = headers.get('retry-after-ms')?.trim();
  if (ms && SECONDS.test(ms)) return Number(ms);

  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (SECONDS.test(value)) return Number(value) * 1000;
  if (HTTP_DATE.test(value)) {
    const at = Date.parse(value);
    if (Number.isFinite(at)) return Math.max(0, at - now);
  }
  return undefined;
}

export const BACKOFF_INITIAL_MS = 500;
export const BACKOFF_MAX_MS = 8_000;

/** Exponential backoff with jitter: 0.5 s, 1 s, 2 s … capped at 8 s, each shortened by up to 25 %. */
export function backoffDelayMs(retryIndex: number, random: () => number): number {
  const base = Math.min(BACKOFF_INITIAL_MS * 2 ** retryIndex, BACKOFF_MAX_MS);
  return Math.round(base * (1 - 0.25 * random()));
}
