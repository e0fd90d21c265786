// How long to wait before a retry. Pure functions of headers, clock and randomness, so they test
// without timers.
import { parseHttpDate } from './http-date.js';

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;
// fetch joins repeated headers with ", ". The comma after an HTTP date's weekday is followed by
// " DD Mon" (IMF-fixdate) or " DD-Mon" (RFC 850); asctime has none.
const REPEATS = /,(?! \d\d[ -][A-Z])/;

/**
 * A decimal number of seconds (`digits` 3) or milliseconds (`digits` 0) in whole milliseconds,
 * rounded up, worked out from its digits: `1.1` seconds is 1100, not 1100.0000000000002.
 */
function wholeMs(whole: string, fraction: string, digits: number): number {
  const kept = fraction.slice(0, digits).padEnd(digits, '0');
  return Number(whole + kept) + (/[1-9]/.test(fraction.slice(digits)) ? 1 : 0);
}

/**
 * Whole milliseconds one header asks for, rounded up: seconds (`digits` 3) or milliseconds
 * (`digits` 0), or for Retry-After an HTTP date in any of its three forms (a date in the past
 * means 0). Repeated, the largest: never retry sooner than any of them asked. Undefined when absent
 * or when any part is unreadable (negative, not a number, not exactly a date).
 */
function asked(value: string | null, digits: number, now: number): number | undefined {
  const each = (value ?? 'absent').split(REPEATS).map((part) => {
    const text = part.trim();
    const decimal = DECIMAL.exec(text);
    if (decimal) return wholeMs(decimal[1]!, decimal[2] ?? '', digits);
    const at = digits > 0 ? parseHttpDate(text, now) : undefined;
    return at === undefined ? NaN : Math.ceil(Math.max(0, at - now));
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
  return asked(headers.get('retry-after-ms'), 0, now) ?? asked(headers.get('retry-after'), 3, now);
}

export const BACKOFF_INITIAL_MS = 500;
export const BACKOFF_MAX_MS = 8_000;

/** Exponential backoff with jitter: 0.5 s, 1 s, 2 s … capped at 8 s, each shortened by up to 25 %. */
export function backoffDelayMs(retryIndex: number, random: () => number): number {
  // Kept in [0, 1] whatever an injected random returns later, so a wait is never negative or NaN.
  const jitter = Math.min(Math.max(random(), 0), 1) || 0;
  return Math.round(Math.min(BACKOFF_INITIAL_MS * 2 ** retryIndex, BACKOFF_MAX_MS) * (1 - jitter / 4));
}
