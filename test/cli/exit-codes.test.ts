// Exit codes as Terraform's: plan 0/2, apply 0/1, 130 after Ctrl-C.
import { expect, test } from 'vitest';
import { applyExitCode, ExitCode, planExitCode } from '../../src/cli/exit-codes.js';
import type { ApplyOutcome, ApplyReport } from '../../src/cli/sync.js';
import { completeReport, incompleteReport, planWithChanges, planWithoutChanges, stoppedReport } from '../support/cli/fixtures.js';

test('the numbers', () => {
  expect(ExitCode).toEqual({ ok: 0, error: 1, changes: 2, interrupted: 130 });
});

test('plan: 2 when it holds a write, 0 when it holds none', () => {
  expect(planExitCode(planWithChanges)).toBe(2);
  expect(planExitCode(planWithoutChanges)).toBe(0);
  const onlyRemoval = { ...planWithoutChanges, summary: { ...planWithoutChanges.summary, remove: 1 } };
  expect(planExitCode(onlyRemoval)).toBe(2);
  // Problems alone write nothing.
  const problems = { ...planWithoutChanges, summary: { ...planWithoutChanges.summary, problems: 2 } };
  expect(planExitCode(problems)).toBe(0);
});

test('apply: 0 only when every planned change is in place', () => {
  expect(applyExitCode(completeReport, false)).toBe(0);
  expect(applyExitCode(incompleteReport, false)).toBe(1);
  const [first, second, third] = completeReport.outcomes as [ApplyOutcome, ApplyOutcome, ApplyOutcome];
  const already: ApplyReport = { ...completeReport, applied: 2, skipped: 1, outcomes: [first, second, { ...third, outcome: 'skipped', reason: 'already_in_state' }] };
  expect(applyExitCode(already, false)).toBe(0);
  const outOfBudget: ApplyReport = { ...already, outcomes: [first, second, { ...third, outcome: 'skipped', reason: 'budget_exhausted' }] };
  expect(applyExitCode(outOfBudget, false)).toBe(1);
  // A DX user that does not exist: a failure, unless --allow-missing-dx-users made it a skip; never hiding another failure.
  const missing = { ...third, outcome: 'failed', reason: 'no_dx_user', error: { kind: 'not_found', message: '404', status: 404 } } as const;
  expect(applyExitCode({ ...already, failed: 1, skipped: 0, outcomes: [first, second, missing] }, false)).toBe(1);
  const allowed = { ...missing, outcome: 'skipped' } as const;
  expect(applyExitCode({ ...already, outcomes: [first, second, allowed] }, false)).toBe(0);
  expect(applyExitCode({ ...already, failed: 1, outcomes: [{ ...first, outcome: 'failed' }, second, allowed] }, false)).toBe(1);
  // Applied by the run the journal resumes: counted among `applied`, and `resumed` says how many.
  expect(applyExitCode({ ...completeReport, resumed: 2 }, false)).toBe(0);
});

test('apply --dry-run: 0 when the plan passed the checks', () => {
  const dry = { ...completeReport, dryRun: true, applied: 0, skipped: 3, outcomes: completeReport.outcomes.map((o) => ({ ...o, outcome: 'skipped' as const, reason: 'dry_run' })) };
  expect(applyExitCode(dry, false)).toBe(0);
});

test('apply: 130 when Ctrl-C stopped it, 1 when it stopped otherwise', () => {
  expect(applyExitCode(stoppedReport, true)).toBe(130);
  expect(applyExitCode(stoppedReport, false)).toBe(1);
  const aborted: ApplyReport = { ...stoppedReport, stopped: false, aborted: true };
  expect(applyExitCode(aborted, true)).toBe(130);
  expect(applyExitCode(aborted, false)).toBe(1);
});
