import { describe, expect, test } from 'vitest';
import { backoffDelayMs, requestedDelayMs } from '../src/core/retry-delay.js';

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

describe('backoffDelayMs', () => {
  test('doubles from 500 ms and caps at 8 s', () => {
    expect([0, 1, 2, 3, 4, 5, 9].map((n) => backoffDelayMs(n, () => 0))).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000]);
  });

  test('jitter shortens each delay by up to a quarter', () => {
    expect(backoffDelayMs(1, () => 1)).toBe(750);
    expect(backoffDelayMs(1, () => 0.5)).toBe(875);
  });
});
