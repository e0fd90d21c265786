// Exit codes as Terraform's: plan 0/2, apply 0/1, 130 after Ctrl-C.
import { expect, test } from 'vitest';
import { applyExitCode, ExitCode, planExitCode } from '../../src/cli/exit-codes.js';
import { completeReport, incompleteReport, planWithChanges, planWithoutChanges } from './fixtures.js';

test('the numbers', () => {
  expect(ExitCode).toEqual({ ok: 0, error: 1, changes: 2, interrupted: 130 });
});

test('plan: 2 when it holds a write, 0 when it holds none', () => {
  expect(planExitCode(planWithChanges)).toBe(2);
  expect(planExitCode(planWithoutChanges)).toBe(0);
  const onlyRemoval = { ...planWithoutChanges, summary: { ...planWithoutChanges.summary, remove: 1 } };
  expect(planExitCode(onlyRemoval)).toBe(2);
  // Values that cannot be verified or problems alone write nothing.
  const unverifiable = { ...planWithoutChanges, summary: { ...planWithoutChanges.summary, cannotVerify: 3, problems: 2 } };
  expect(planExitCode(unverifiable)).toBe(0);
});

test('apply: 0 only when every planned change is applied', () => {
  expect(applyExitCode(completeReport, false)).toBe(0);
  expect(applyExitCode(incompleteReport, false)).toBe(1);
  expect(applyExitCode({ ...completeReport, failed: 1, applied: 2 }, false)).toBe(1);
  expect(applyExitCode({ ...completeReport, conflict: 1, applied: 2 }, false)).toBe(1);
  expect(applyExitCode({ ...completeReport, skipped: 1, applied: 2 }, false)).toBe(1);
  expect(applyExitCode({ ...completeReport, applied: 1, resumed: 2 }, false)).toBe(0);
});

test('apply: 130 when Ctrl-C stopped it, 1 when it stopped otherwise', () => {
  expect(applyExitCode({ ...completeReport, aborted: true, applied: 1 }, true)).toBe(130);
  expect(applyExitCode({ ...completeReport, aborted: true }, false)).toBe(1);
});
