import { describe, expect, test } from 'vitest';
import { parseHttpDate } from '../../src/core/http-date.js';
import { backoffDelayMs, requestedDelayMs } from '../../src/core/retry-delay.js';

// A Sunday.
const NOW = Date.UTC(2026, 10, 22, 12, 0, 0);
const headers = (init: Record<string, string>) => new Headers(init);

describe('requestedDelayMs', () => {
  test('retry-after-ms wins over Retry-After', () => {
    expect(requestedDelayMs(headers({ 'retry-after-ms': '250', 'retry-after': '9' }), NOW)).toBe(250);
  });

  test('Retry-After in seconds, whole or fractional', () => {
    expect(requestedDelayMs(headers({ 'retry-after': '3' }), NOW)).toBe(3000);
    expect(requestedDelayMs(headers({ 'retry-after': '1.5' }), NOW)).toBe(1500);
    expect(requestedDelayMs(headers({ 'retry-after': '0' }), NOW)).toBe(0);
  });

  test('whole milliseconds, rounded up, without float noise ("1.005" seconds is 1005 ms)', () => {
    // As floats, 1.005 × 1000 is 1004.9999999999999 and 1.011 × 1000 is 1010.9999999999999.
    expect(requestedDelayMs(headers({ 'retry-after': '1.005' }), NOW)).toBe(1005);
    expect(requestedDelayMs(headers({ 'retry-after': '1.011' }), NOW)).toBe(1011);
    expect(requestedDelayMs(headers({ 'retry-after': '4.35' }), NOW)).toBe(4350);
    expect(requestedDelayMs(headers({ 'retry-after': '1.0001' }), NOW)).toBe(1001);
    expect(requestedDelayMs(headers({ 'retry-after': '1.0000' }), NOW)).toBe(1000);
    expect(requestedDelayMs(headers({ 'retry-after-ms': '1.5' }), NOW)).toBe(2);
    expect(requestedDelayMs(headers({ 'retry-after-ms': '250.000' }), NOW)).toBe(250);
    // A clock with fractions (performance.now-like) still gives a whole number for a date.
    expect(requestedDelayMs(headers({ 'retry-after': new Date(NOW + 7000).toUTCString() }), NOW + 0.25)).toBe(7000);
  });

  test('Retry-After as an HTTP date, measured against the injected clock', () => {
    expect(requestedDelayMs(headers({ 'retry-after': new Date(NOW + 7000).toUTCString() }), NOW)).toBe(7000);
  });

  test('a date in the past means no wait', () => {
    expect(requestedDelayMs(headers({ 'retry-after': new Date(NOW - 60_000).toUTCString() }), NOW)).toBe(0);
  });

  test('repeated headers (fetch joins them as "5, 10"): the largest, never sooner than any asked', () => {
    expect(requestedDelayMs(headers({ 'retry-after': '5, 10' }), NOW)).toBe(10_000);
    const [soon, later] = [new Date(NOW + 3000).toUTCString(), new Date(NOW + 9000).toUTCString()];
    expect(requestedDelayMs(headers({ 'retry-after': `${later}, ${soon}` }), NOW)).toBe(9000);
    expect(requestedDelayMs(headers({ 'retry-after': '5, soon' }), NOW)).toBeUndefined();
  });

  test.each([['-5'], ['soon'], ['1e3'], [''], ['Sunday'], ['2026-11-22T12:00:00Z']])(
    'unreadable Retry-After %j falls back to backoff',
    (value) => {
      expect(requestedDelayMs(headers({ 'retry-after': value }), NOW)).toBeUndefined();
    },
  );

  test('an unreadable retry-after-ms falls through to Retry-After', () => {
    expect(requestedDelayMs(headers({ 'retry-after-ms': 'x', 'retry-after': '2' }), NOW)).toBe(2000);
  });

  test('no header, no request', () => {
    expect(requestedDelayMs(new Headers(), NOW)).toBeUndefined();
  });
});

// Each form of HTTP-date RFC 9110 §5.6.7 lists, and what the SDK reads it as at NOW: the delay in
// ms, or undefined (unreadable, so backoff).
const httpDates: [string, string, number | undefined][] = [
  ['IMF-fixdate', 'Sun, 22 Nov 2026 12:00:07 GMT', 7000],
  ['RFC 850', 'Sunday, 22-Nov-26 12:00:07 GMT', 7000],
  ['asctime', 'Sun Nov 22 12:00:07 2026', 7000],
  ['IMF-fixdate in the past', 'Sun, 06 Nov 1994 08:49:37 GMT', 0],
  ['RFC 850 in the past', 'Sunday, 06-Nov-94 08:49:37 GMT', 0],
  ['asctime in the past', 'Sun Nov  6 08:49:37 1994', 0],
  ['asctime, a single-digit day padded with a space', 'Tue Dec  1 12:00:00 2026', 9 * 86_400_000],
  ['asctime, a single-digit day padded with a zero (the grammar allows both)', 'Tue Dec 01 12:00:00 2026', 9 * 86_400_000],
  ['asctime, a single-digit day not padded', 'Tue Dec 1 12:00:00 2026', undefined],
  ['asctime, a single-digit day padded twice', 'Tue Dec   1 12:00:00 2026', undefined],
  ['asctime with a zone (it has none: always GMT)', 'Sun Nov 22 12:00:07 2026 GMT', undefined],
  ['IMF-fixdate, lowercase gmt', 'Sun, 22 Nov 2026 12:00:07 gmt', undefined],
  ['IMF-fixdate, no GMT', 'Sun, 22 Nov 2026 12:00:07', undefined],
  ['IMF-fixdate, UTC for GMT', 'Sun, 22 Nov 2026 12:00:07 UTC', undefined],
  ['IMF-fixdate, a numeric zone', 'Sun, 22 Nov 2026 12:00:07 +0000', undefined],
  ['RFC 850, lowercase gmt', 'Sunday, 22-Nov-26 12:00:07 gmt', undefined],
  ['RFC 850, no GMT', 'Sunday, 22-Nov-26 12:00:07', undefined],
  ['lowercase names (HTTP-date is case-sensitive)', 'sun, 22 nov 2026 12:00:07 GMT', undefined],
  ['a weekday that does not match the date: accepted, the date decides', 'Mon, 22 Nov 2026 12:00:07 GMT', 7000],
  ['RFC 850, a weekday that does not match the date', 'Friday, 22-Nov-26 12:00:07 GMT', 7000],
  ['asctime, a weekday that does not match the date', 'Wed Nov 22 12:00:07 2026', 7000],
  ['an unknown weekday', 'Sum, 22 Nov 2026 12:00:07 GMT', undefined],
  ['IMF-fixdate with a full weekday', 'Sunday, 22 Nov 2026 12:00:07 GMT', undefined],
  ['RFC 850 with a short weekday', 'Sun, 22-Nov-26 12:00:07 GMT', undefined],
  ['asctime with a full weekday', 'Sunday Nov 22 12:00:07 2026', undefined],
  ['no weekday', '22 Nov 2026 12:00:07 GMT', undefined],
  ['an unknown month', 'Sun, 22 Nox 2026 12:00:07 GMT', undefined],
  ['a month in capitals', 'Sun, 22 NOV 2026 12:00:07 GMT', undefined],
  ['a full month name', 'Sun, 22 November 2026 12:00:07 GMT', undefined],
  ['Feb 30', 'Tue, 30 Feb 2027 12:00:00 GMT', undefined],
  ['RFC 850, Feb 30', 'Tuesday, 30-Feb-27 12:00:00 GMT', undefined],
  ['asctime, Feb 30', 'Tue Feb 30 12:00:00 2027', undefined],
  ['Apr 31', 'Sat, 31 Apr 2027 12:00:00 GMT', undefined],
  ['day 00', 'Sun, 00 Dec 2026 12:00:00 GMT', undefined],
  ['Feb 29 in a leap year', 'Tue, 29 Feb 2028 12:00:00 GMT', Date.UTC(2028, 1, 29, 12) - NOW],
  ['Feb 29 in a common year', 'Mon, 29 Feb 2027 12:00:00 GMT', undefined],
  ['Feb 29 in 2100 (not a leap year)', 'Mon, 29 Feb 2100 12:00:00 GMT', undefined],
  ['24:00:00', 'Sun, 22 Nov 2026 24:00:00 GMT', undefined],
  ['minute 60', 'Sun, 22 Nov 2026 12:60:00 GMT', undefined],
  ['the leap second 23:59:60: the next midnight', 'Thu, 31 Dec 2026 23:59:60 GMT', Date.UTC(2027, 0, 1) - NOW],
  ['RFC 850, the leap second 23:59:60', 'Thursday, 31-Dec-26 23:59:60 GMT', Date.UTC(2027, 0, 1) - NOW],
  ['asctime, the leap second 23:59:60', 'Thu Dec 31 23:59:60 2026', Date.UTC(2027, 0, 1) - NOW],
  ['second 60 anywhere but 23:59 (no leap second is there)', 'Sun, 22 Nov 2026 12:00:60 GMT', undefined],
  ['second 61', 'Thu, 31 Dec 2026 23:59:61 GMT', undefined],
  ['spaces around the date', '   Sun, 22 Nov 2026 12:00:07 GMT  ', 7000],
  ['two spaces inside', 'Sun, 22 Nov  2026 12:00:07 GMT', undefined],
  ['two spaces after the comma', 'Sun,  22 Nov 2026 12:00:07 GMT', undefined],
  ['a tab inside', 'Sun, 22 Nov\t2026 12:00:07 GMT', undefined],
  ['RFC 850, spaces for dashes', 'Sunday, 22 Nov 26 12:00:07 GMT', undefined],
  ['IMF-fixdate, a two-digit year', 'Sun, 22 Nov 26 12:00:07 GMT', undefined],
  ['RFC 850, a four-digit year', 'Sunday, 22-Nov-2026 12:00:07 GMT', undefined],
  ['IMF-fixdate, a single-digit day', 'Tue, 1 Dec 2026 12:00:00 GMT', undefined],
  ['a single-digit hour', 'Sun, 22 Nov 2026 2:00:07 GMT', undefined],
  ['trailing garbage', 'Sun, 22 Nov 2026 12:00:07 GMT+1', undefined],
  ['leading garbage', 'x Sun Nov 22 12:00:07 2026', undefined],
  ['an ISO date', '2026-11-22T12:00:07Z', undefined],
  ['a time alone', '12:00:07', undefined],
  ['repeated, one of each form: the largest', 'Sun, 22 Nov 2026 12:00:03 GMT, Sunday, 22-Nov-26 12:00:09 GMT, Sun Nov 22 12:00:05 2026', 9000],
  ['repeated, seconds then RFC 850', '5, Sunday, 22-Nov-26 12:00:07 GMT', 7000],
  ['repeated, RFC 850 then seconds', 'Sunday, 22-Nov-26 12:00:07 GMT, 9', 9000],
  ['repeated, asctime then seconds', 'Sun Nov 22 12:00:07 2026, 3', 7000],
  ['repeated, RFC 850 in the past and seconds', 'Sunday, 06-Nov-94 08:49:37 GMT, 2', 2000],
  ['repeated, an RFC 850 date and garbage', 'Sunday, 22-Nov-26 12:00:07 GMT, soon', undefined],
  ['repeated, asctime and an unreadable date', 'Sun Nov 22 12:00:07 2026, Sun, 22 Nov 2026 24:00:00 GMT', undefined],
];

describe('Retry-After as an HTTP date', () => {
  test.each(httpDates)('%s: %j', (_, value, decision) => {
    expect(requestedDelayMs(headers({ 'retry-after': value }), NOW)).toBe(decision);
  });

  test('retry-after-ms takes no date: it falls through to Retry-After', () => {
    const at = 'Sunday, 22-Nov-26 12:00:07 GMT';
    expect(requestedDelayMs(headers({ 'retry-after-ms': at, 'retry-after': '2' }), NOW)).toBe(2000);
  });

  test('RFC 850 years: a date more than 50 years after now is the most recent past year with those digits', () => {
    expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT', NOW)).toBe(Date.UTC(1994, 10, 6, 8, 49, 37));
    expect(parseHttpDate('Sunday, 22-Nov-76 12:00:00 GMT', NOW)).toBe(Date.UTC(2076, 10, 22, 12));
    expect(parseHttpDate('Sunday, 22-Nov-76 12:00:01 GMT', NOW)).toBe(Date.UTC(1976, 10, 22, 12, 0, 1));
    expect(parseHttpDate('Saturday, 01-Jan-00 00:00:00 GMT', NOW)).toBe(Date.UTC(2000, 0, 1));
    expect(parseHttpDate('Saturday, 01-Jan-00 00:00:00 GMT', Date.UTC(1999, 11, 31))).toBe(Date.UTC(2000, 0, 1));
    expect(parseHttpDate('Friday, 31-Dec-99 00:00:00 GMT', Date.UTC(2000, 0, 1))).toBe(Date.UTC(1999, 11, 31));
    // The window moves with the clock: exactly 50 years ahead is still ahead; a moment more is the past.
    expect(parseHttpDate('Friday, 01-Jan-10 00:00:00 GMT', Date.UTC(2080, 0, 1))).toBe(Date.UTC(2110, 0, 1));
    expect(parseHttpDate('Friday, 01-Jan-10 00:00:00 GMT', Date.UTC(2060, 0, 1))).toBe(Date.UTC(2110, 0, 1));
    expect(parseHttpDate('Friday, 01-Jan-10 00:00:00 GMT', Date.UTC(2059, 11, 31))).toBe(Date.UTC(2010, 0, 1));
  });

  test('RFC 850 years through requestedDelayMs, with an injected now', () => {
    const at2080 = Date.UTC(2080, 0, 1);
    expect(requestedDelayMs(headers({ 'retry-after': 'Wednesday, 01-Jan-80 00:00:05 GMT' }), at2080)).toBe(5000);
    expect(requestedDelayMs(headers({ 'retry-after': 'Sunday, 22-Nov-76 12:00:00 GMT' }), NOW)).toBe(Date.UTC(2076, 10, 22, 12) - NOW);
    expect(requestedDelayMs(headers({ 'retry-after': 'Sunday, 22-Nov-76 12:00:01 GMT' }), NOW)).toBe(0);
  });

  test('RFC 850, Feb 29 is checked in the year the window picks', () => {
    // 00 is 2000 (a leap year) in 2026, but 2100 (a common year) in 2080.
    expect(parseHttpDate('Tuesday, 29-Feb-00 12:00:00 GMT', NOW)).toBe(Date.UTC(2000, 1, 29, 12));
    expect(parseHttpDate('Monday, 29-Feb-00 12:00:00 GMT', Date.UTC(2080, 0, 1))).toBeUndefined();
  });

  test('four-digit years below 100 are those years, not 19xx', () => {
    expect(parseHttpDate('Sat, 01 Jan 0050 00:00:00 GMT', NOW)).toBe(new Date(0).setUTCFullYear(50, 0, 1));
    expect(parseHttpDate('Mon Jan  1 00:00:00 0001', NOW)).toBe(new Date(0).setUTCFullYear(1, 0, 1));
  });

  test('the largest year reads exactly', () => {
    expect(parseHttpDate('Fri, 31 Dec 9999 23:59:59 GMT', NOW)).toBe(Date.UTC(9999, 11, 31, 23, 59, 59));
  });
});

describe('backoffDelayMs', () => {
  test('doubles from 500 ms and caps at 8 s', () => {
    expect([0, 1, 2, 3, 4, 5, 9].map((n) => backoffDelayMs(n, () => 0))).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000]);
  });

  test('jitter shortens each delay by up to a quarter', () => {
    expect(backoffDelayMs(1, () => 1)).toBe(750);
    expect(backoffDelayMs(1, () => 0.5)).toBe(875);
  });
});
