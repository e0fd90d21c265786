// How long to wait before a retry. Pure functions of headers, clock and randomness, so they test
// without timers.
import { parseHttpDate } from './http-date.js';

const SECONDS = /^\d+(\.\d+)?$/;
// fetch joins repeated headers with ", ". The comma after an HTTP date's weekday is followed by
// " DD Mon" (IMF-fixdate) or " DD-Mon" (RFC 850); asctime has none.
const REPEATS = /,(?! \d\d[ -][A-Z])/;

/** Milliseconds from `now` until an HTTP date (0 when it is past), or NaN when `text` is not one. */
function untilDate(text: string, now: number): number {
  const at = parseHttpDate(text, now);
  return at === undefined ? NaN : Math.max(0, at - now);
}

/**
 * Whole milliseconds one header asks for, rounded up: seconds (times `unit`) or, for Retry-After,
 * an HTTP date in any of its three forms (a date in the past means 0). Repeated, the largest: never
 * retry sooner than any of them asked. Undefined when absent or when any part is unreadable
 * (negative, not a number, not exactly a date).
 */
function asked(value: string | null, unit: number, now: number): number | undefined {
  const each = (value ?? 'absent').split(REPEATS).map((part) => {
    const text = part.trim();
    const ms = SECONDS.test(text) ? +text * unit : unit > 1 ? untilDate(text, now) : NaN;
    // 15 significant digits drop a product's float noise (1.005 × 1000 is 1004.9999999999999) before rounding up.
    return Math.ceil(+ms.toPrecision(15));
  });
  // NaN when any part is unreadable. Finite even for a 400-digit value, so it survives JSON and arithmetic.
  const largest = Math.min(Math.max(...each), Number.MAX_SAFE_INTEGER);
  return largest >= 0 ? largest : undefined;
}

/**
 * The delay the server asks for, in whole milliseconds rounded up: `retry-after-ms`, else
 * `Retry-After` in seconds or as an HTTP date (IMF-fixdate, RFC 850 or asctime). Undefined when
 * absent or unreadable, so the caller falls back to backoff.
 */
export function requestedDelayMs(headers: Headers, now: number): number | undefined {
  return asked(headers.get('retry-after-ms'), 1, now) ?? asked(headers.get('retry-after'), 1000, now);
}

export const BACKOFF_INITIAL_MS = 500;
export const BACKOFF_MAX_MS = 8_000;

/** Exponential backoff with jitter: 0.5 s, 1 s, 2 s … capped at 8 s, each shortened by up to 25 %. */
export function backoffDelayMs(retryIndex: number, random: () => number): number {
  // Kept in [0, 1] whatever an injected random returns later, so a wait is never negative or NaN.
  const jitter = Math.min(Math.max(random(), 0), 1) || 0;
  return Math.round(Math.min(BACKOFF_INITIAL_MS * 2 ** retryIndex, BACKOFF_MAX_MS) * (1 - jitter / 4));
}
