// The progress bars of apply (both services summed) and plan (reads), redrawn in place at most ten
// times a second, and the progress events for machines at most once a second (fake clock).
import { expect, test } from 'vitest';
import { createPlanProgressBar, createProgressBar, eta, planProgressLine, progressLine, throttledProgress } from '../../src/cli/progress.js';
import { painter } from '../../src/cli/terminal-text.js';
import type { PlanProgress, SyncProgress } from '../../src/cli/sync.js';

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

const reads = (readsDone: number, readsToDo: number | null): PlanProgress =>
  ({ readsDone, readsToDo, callsUsed: { looker: readsDone + 1, dx: 1 }, ratePerSecond: 4 });

test('the plan\'s line: "?" and an empty bar while the reads left are unknown, then done/total', () => {
  expect(planProgressLine(reads(3, null), 8, noColour)).toBe('░░░░░░░░ 3/? reads  4.0/s  5 calls  ETA --:--');
  expect(planProgressLine(reads(4, 12), 8, noColour)).toBe('██░░░░░░ 4/16 reads  4.0/s  6 calls  ETA 0:03');
  expect(planProgressLine(reads(16, 0), 8, noColour)).toBe('████████ 16/16 reads  4.0/s  18 calls  ETA 0:00');
});

test('the plan\'s bar is erased when the plan is made; nothing is written when nothing was drawn', () => {
  let now = 0;
  const written: string[] = [];
  const bar = createPlanProgressBar({ write: (text) => written.push(text), now: () => now, paint: noColour, width: 4 });
  bar.finish();
  expect(written).toEqual([]);
  bar.update(reads(1, null));
  now += 50;
  bar.update(reads(2, 10));
  now += 60;
  bar.update(reads(3, 9));
  bar.finish();
  expect(written).toEqual([
    '\r░░░░ 1/? reads  4.0/s  3 calls  ETA --:--\u001b[K',
    '\r█░░░ 3/12 reads  4.0/s  5 calls  ETA 0:03\u001b[K',
    '\r\u001b[K',
  ]);
});

test('events for machines: at most one a second per key, then the last of each as the run ends', () => {
  let now = 0;
  const emitted: string[] = [];
  const events = throttledProgress((p: { key: string; n: number }) => emitted.push(`${p.key}${p.n}`), () => now, (p) => p.key);
  events.update({ key: 'a', n: 1 });
  now += 400;
  events.update({ key: 'a', n: 2 });
  events.update({ key: 'b', n: 1 });
  now += 400;
  events.update({ key: 'a', n: 3 });
  now += 300;
  events.update({ key: 'b', n: 2 });
  now += 100;
  events.update({ key: 'a', n: 4 });
  events.finish();
  expect(emitted).toEqual(['a1', 'a3', 'b2', 'a4']);
});
