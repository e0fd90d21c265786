// Exit codes as Terraform's: plan 0 (0/2 with --detailed-exitcode), apply 0/1, 128 + the signal after Ctrl-C, SIGTERM or SIGHUP.
import { expect, test } from 'vitest';
import { applyExitCode, ExitCode, planExitCode, signalExitCode } from '../../src/cli/exit-codes.js';
import type { ApplyOutcome, ApplyReport } from '../../src/cli/sync.js';
import { completeReport, incompleteReport, planWithChanges, planWithoutChanges, stoppedReport } from '../support/cli/fixtures.js';

test('the numbers', () => {
  expect(ExitCode).toEqual({ ok: 0, error: 1, changes: 2, hangup: 129, interrupted: 130, terminated: 143 });
});

test('plan: 0 with changes or without, as terraform plan', () => {
  expect(planExitCode(planWithChanges, false)).toBe(0);
  expect(planExitCode(planWithoutChanges, false)).toBe(0);
});

test('plan --detailed-exitcode: 2 when it holds a write, 0 when it holds none', () => {
  expect(planExitCode(planWithChanges, true)).toBe(2);
  expect(planExitCode(planWithoutChanges, true)).toBe(0);
  const onlyRemoval = { ...planWithoutChanges, summary: { ...planWithoutChanges.summary, remove: 1 } };
  expect(planExitCode(onlyRemoval, true)).toBe(2);
  // Problems alone write nothing.
  const problems = { ...planWithoutChanges, summary: { ...planWithoutChanges.summary, problems: 2 } };
  expect(planExitCode(problems, true)).toBe(0);
});

test('apply: 0 only when every planned change is in place', () => {
  expect(applyExitCode(completeReport, undefined)).toBe(0);
  expect(applyExitCode(incompleteReport, undefined)).toBe(1);
  const [first, second, third] = completeReport.outcomes as [ApplyOutcome, ApplyOutcome, ApplyOutcome];
  const already: ApplyReport = { ...completeReport, applied: 2, skipped: 1, outcomes: [first, second, { ...third, outcome: 'skipped', reason: 'already_in_state' }] };
  expect(applyExitCode(already, undefined)).toBe(0);
  const outOfBudget: ApplyReport = { ...already, outcomes: [first, second, { ...third, outcome: 'skipped', reason: 'budget_exhausted' }] };
  expect(applyExitCode(outOfBudget, undefined)).toBe(1);
  // A DX user that does not exist: a failure, unless --allow-missing-dx-users made it a skip; never hiding another failure.
  const missing = { ...third, outcome: 'failed', reason: 'no_dx_user', error: { kind: 'not_found', message: '404', status: 404 } } as const;
  expect(applyExitCode({ ...already, failed: 1, skipped: 0, outcomes: [first, second, missing] }, undefined)).toBe(1);
  const allowed = { ...missing, outcome: 'skipped' } as const;
  expect(applyExitCode({ ...already, outcomes: [first, second, allowed] }, undefined)).toBe(0);
  expect(applyExitCode({ ...already, failed: 1, outcomes: [{ ...first, outcome: 'failed' }, second, allowed] }, undefined)).toBe(1);
  // Applied by the run the journal resumes: counted among `applied`, and `resumed` says how many.
  expect(applyExitCode({ ...completeReport, resumed: 2 }, undefined)).toBe(0);
});

test('apply --dry-run: 0 when the plan passed the checks', () => {
  const dry = { ...completeReport, dryRun: true, applied: 0, skipped: 3, outcomes: completeReport.outcomes.map((o) => ({ ...o, outcome: 'skipped' as const, reason: 'dry_run' })) };
  expect(applyExitCode(dry, undefined)).toBe(0);
});

test('apply: 130 when Ctrl-C stopped it, 143 for SIGTERM, 129 for SIGHUP, 1 when it stopped otherwise', () => {
  expect(applyExitCode(stoppedReport, 'SIGINT')).toBe(130);
  expect(applyExitCode(stoppedReport, 'SIGTERM')).toBe(143);
  expect(applyExitCode(stoppedReport, 'SIGHUP')).toBe(129);
  expect(applyExitCode(stoppedReport, undefined)).toBe(1);
  const aborted: ApplyReport = { ...stoppedReport, stopped: false, aborted: true };
  expect(applyExitCode(aborted, 'SIGINT')).toBe(130);
  expect(applyExitCode(aborted, 'SIGTERM')).toBe(143);
  expect(applyExitCode(aborted, undefined)).toBe(1);
  // A signal after every change ended stopped nothing: the report decides.
  expect(applyExitCode(completeReport, 'SIGTERM')).toBe(0);
});

test('a signal\'s code is 128 + its number, as a shell reports it', () => {
  expect([signalExitCode('SIGHUP'), signalExitCode('SIGINT'), signalExitCode('SIGTERM')]).toEqual([129, 130, 143]);
});
