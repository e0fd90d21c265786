// The progress bar: both services summed, redrawn in place at most ten times a second (fake clock).
import { expect, test } from 'vitest';
import { createProgressBar, eta, progressLine } from '../../src/cli/progress.js';
import { painter } from '../../src/cli/terminal-text.js';
import type { SyncProgress } from '../../src/cli/sync.js';

const noColour = painter(false);
const looker = (done: number, remaining: number, extra: Partial<SyncProgress> = {}): SyncProgress =>
  ({ service: 'looker', done, failed: 0, remaining, ratePerSecond: 10, callsUsed: done, ...extra });

test('the line: bar, done/total, failures, rate, calls, ETA', () => {
  const dx: SyncProgress = { service: 'dx', done: 10, failed: 2, remaining: 38, ratePerSecond: 2.5, callsUsed: 13 };
  expect(progressLine([looker(50, 100), dx], 10, noColour)).toBe('███░░░░░░░ 60/198  2 failed  12.5/s  63 calls  ETA 0:12');
  expect(progressLine([looker(0, 0)], 4, noColour)).toBe('████ 0/0  10.0/s  0 calls  ETA 0:00');
});

test('ETA: minutes, hours, and unknown while nothing is measured', () => {
  expect(eta(90, 1)).toBe('1:30');
  expect(eta(7201, 1)).toBe('2:00:01');
  expect(eta(5, 0)).toBe('--:--');
  expect(eta(5, Number.NaN)).toBe('--:--');
  expect(eta(0, 0)).toBe('0:00');
});

test('redrawn with \\r, at most once every 100 ms, the last state on finish', () => {
  let now = 0;
  const written: string[] = [];
  const bar = createProgressBar({ write: (text) => written.push(text), now: () => now, paint: noColour, width: 4 });
  bar.finish();
  expect(written).toEqual([]);
  bar.update(looker(1, 9));
  for (let done = 2; done <= 5; done += 1) {
    now += 20;
    bar.update(looker(done, 10 - done));
  }
  expect(written).toHaveLength(1);
  now += 20;
  bar.update(looker(6, 4));
  expect(written).toHaveLength(2);
  now += 1;
  bar.update(looker(10, 0));
  bar.finish();
  expect(written).toEqual([
    '\r░░░░ 1/10  10.0/s  1 calls  ETA 0:01\u001b[K',
    '\r██░░ 6/10  10.0/s  6 calls  ETA 0:01\u001b[K',
    '\r████ 10/10  10.0/s  10 calls  ETA 0:00\u001b[K',
    '\n',
  ]);
});
