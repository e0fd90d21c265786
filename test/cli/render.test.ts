// The readable plan and report, and the JSON lines, for fixed plans shaped as the library returns them.
import { expect, test } from 'vitest';
import { applyEvent, jsonLine, outcomeEvent, planEvents, progressEvent } from '../../src/cli/render-json.js';
import { renderApplyReport, renderPlan } from '../../src/cli/render-plan.js';
import { painter, plain, quoted, wantsColour } from '../../src/cli/terminal-text.js';
import type { ApplyOutcome, ApplyReport, SyncPlan } from '../../src/cli/sync.js';
import { completeReport, incompleteReport, planWithChanges, planWithoutChanges, stoppedReport } from '../support/cli/fixtures.js';

const noColour = painter(false);

test('the plan grouped by user: before → after, removals with their fallbacks, warnings, problems, summary', () => {
  expect(renderPlan(planWithChanges, noColour)).toBe(`jo@acme.test
  ~ Looker department: "Sales" → "Marketing"
  - Looker region: "EMEA" removed, falls back to "APAC" from Sales
  + DX Department: "Marketing"

Warnings:
  ! jo@acme.test Looker region: without its own value the user falls back to "APAC"
  ! Looker department: users can edit department themselves

Problems (left out of the plan):
  ✗ record 3 nobody@acme.test: no Looker user has the email nobody@acme.test

Plan: 2 to set, 1 to remove, 2 unchanged, 1 problem; calls to make: Looker 2, DX 1.
`);
});

test('an incremental plan says how many records it left unchecked', () => {
  const plan: SyncPlan = { ...planWithoutChanges, incremental: true, summary: { ...planWithoutChanges.summary, skippedUnchanged: 40 } };
  expect(renderPlan(plan, noColour)).toBe('No changes. Looker and DX match the input (1 unchanged, 40 records as in --previous not checked).\n');
});

test('a removal without a fallback value', () => {
  const plan: SyncPlan = {
    ...planWithoutChanges,
    users: [{ email: 'jo@acme.test', dx: { changes: [{ attribute: 'Team', action: 'remove', before: 'Red', fallback: { value: null, source: 'none' } }] } }],
    summary: { ...planWithoutChanges.summary, remove: 1 },
  };
  expect(renderPlan(plan, noColour)).toContain('  - DX Team: "Red" removed, falls back to no value from none\n');
});

test('nothing to change', () => {
  expect(renderPlan(planWithoutChanges, noColour)).toBe('No changes. Looker and DX match the input (1 unchanged).\n');
});

test('colours only when asked for, and then around the marks', () => {
  const coloured = renderPlan(planWithChanges, painter(true));
  expect(coloured).toContain('\u001b[');
  expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(renderPlan(planWithChanges, noColour));
});

test('colours on a terminal only, and not with NO_COLOR, --no-color or TERM=dumb', () => {
  expect(wantsColour({ isTTY: true }, {}, false)).toBe(true);
  expect(wantsColour({ isTTY: false }, {}, false)).toBe(false);
  expect(wantsColour({}, {}, false)).toBe(false);
  expect(wantsColour({ isTTY: true }, { NO_COLOR: '1' }, false)).toBe(false);
  expect(wantsColour({ isTTY: true }, { NO_COLOR: '' }, false)).toBe(true);
  expect(wantsColour({ isTTY: true }, {}, true)).toBe(false);
  expect(wantsColour({ isTTY: true }, { TERM: 'dumb' }, false)).toBe(false);
});

test('text from the input cannot send control sequences to the terminal', () => {
  const plan: SyncPlan = {
    ...planWithoutChanges,
    users: [{ email: 'jo@acme.test\u001b[2J', looker: { userId: '1', changes: [{ attribute: 'a\u009b', action: 'set', before: null, after: 'x\u0007y' }] } }],
    summary: { ...planWithoutChanges.summary, set: 1 },
  };
  const text = renderPlan(plan, noColour);
  expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  expect(text).toContain('jo@acme.test\\u001b[2J');
  expect(plain('a\u009bb')).toBe('a\\u009bb');
  expect(quoted(null)).toBe('(none)');
});

test('the apply report: what failed or conflicted, then the counts', () => {
  expect(renderApplyReport(completeReport, noColour)).toBe('Apply complete: 3 of 3 applied; calls made: Looker 2, DX 1.\n');
  expect(renderApplyReport(incompleteReport, noColour)).toBe(`! conflict jo@acme.test Looker region: changed since the plan was made
✗ failed jo@acme.test DX Department: DX answered 503

Apply incomplete: 1 of 3 applied, 1 failed, 1 conflict; calls made: Looker 2, DX 1.
Failed changes are not retried from this plan: fix the cause, then make a new plan.
`);
  expect(renderApplyReport({ ...stoppedReport, resumed: 1 }, noColour))
    .toBe('Stopped: 1 of 3 applied, 1 recorded in the journal by an earlier run, 2 not reached (stopped); calls made: Looker 2, DX 1.\n');
  const aborted: ApplyReport = { ...stoppedReport, aborted: true, outcomes: stoppedReport.outcomes.map((o) => (o.reason ? { ...o, reason: 'aborted' } : o)) };
  expect(renderApplyReport(aborted, noColour)).toBe('Aborted: 1 of 3 applied, 2 not reached (aborted); calls made: Looker 2, DX 1.\n');
  const dry = { ...completeReport, dryRun: true, applied: 0, skipped: 3, outcomes: completeReport.outcomes.map((o) => ({ ...o, outcome: 'skipped' as const, reason: 'dry_run' })) };
  expect(renderApplyReport(dry, noColour)).toBe('Dry run, nothing sent: 0 of 3 applied, 3 not sent (dry run); calls made: Looker 2, DX 1.\n');
  const missing = { ...(completeReport.outcomes[2] as ApplyOutcome), reason: 'no_dx_user', error: { kind: 'not_found', message: 'HTTP 404', status: 404 } };
  expect(renderApplyReport({ ...completeReport, applied: 2, failed: 1, outcomes: [...completeReport.outcomes.slice(0, 2), { ...missing, outcome: 'failed' }] }, noColour))
    .toBe('✗ failed jo@acme.test DX Department: DX has no user with this email (--allow-missing-dx-users makes this a warning)\n\n'
      + 'Apply incomplete: 2 of 3 applied, 1 failed; calls made: Looker 2, DX 1.\nFailed changes are not retried from this plan: fix the cause, then make a new plan.\n');
  expect(renderApplyReport({ ...completeReport, applied: 2, skipped: 1, outcomes: [...completeReport.outcomes.slice(0, 2), { ...missing, outcome: 'skipped' }] }, noColour))
    .toBe('! skipped jo@acme.test DX Department: DX has no user with this email\n\nApply complete: 2 of 3 applied, 1 without a DX user (allowed); calls made: Looker 2, DX 1.\n');
  const already: ApplyReport = { ...completeReport, stale: true, outcomes: [{ ...(completeReport.outcomes[0] as ApplyOutcome), outcome: 'skipped', reason: 'already_in_state' }] };
  expect(renderApplyReport(already, noColour)).toBe('Apply complete: 3 of 3 applied, 1 already as planned; calls made: Looker 2, DX 1. The plan was older than an hour, so every user was checked again first.\n');
});

test('JSON lines for a plan: one per change (unchanged left out), warning and problem, then the summary', () => {
  const lines = planEvents(planWithChanges, 'plan.json').map(jsonLine);
  expect(lines.every((line) => line.endsWith('\n') && !line.slice(0, -1).includes('\n'))).toBe(true);
  const [widens, editable] = planWithChanges.warnings;
  const [problem] = planWithChanges.problems;
  expect(lines.map((line) => JSON.parse(line))).toEqual([
    { type: 'change', email: 'jo@acme.test', service: 'looker', attribute: 'department', action: 'set', before: 'Sales', after: 'Marketing' },
    { type: 'change', email: 'jo@acme.test', service: 'looker', attribute: 'region', action: 'remove', before: 'EMEA', fallback: { value: 'APAC', source: 'Sales' } },
    { type: 'change', email: 'jo@acme.test', service: 'dx', attribute: 'Department', action: 'set', before: null, after: 'Marketing' },
    { type: 'warning', ...widens },
    { type: 'warning', ...editable },
    { type: 'problem', ...problem },
    {
      type: 'plan', id: planWithChanges.id, createdAt: '2025-01-02T03:04:05.000Z', incremental: false,
      services: { looker: { status: 'planned' }, dx: { status: 'planned' } },
      summary: planWithChanges.summary, forecast: { looker: 2, dx: 1 }, saved: 'plan.json',
    },
  ]);
  const skipped = { ...planWithoutChanges, services: { ...planWithoutChanges.services, dx: { status: 'skipped', reason: 'no DX client was given' } } } as const;
  expect(planEvents(skipped, undefined)).toEqual([{
    type: 'plan', id: planWithChanges.id, createdAt: '2025-01-02T03:04:05.000Z', incremental: false,
    services: { looker: { status: 'planned' }, dx: { status: 'skipped', reason: 'no DX client was given' } },
    summary: planWithoutChanges.summary, forecast: { looker: 0, dx: 0 }, saved: null,
  }]);
});

test('JSON lines for an apply and its progress', () => {
  expect(applyEvent(completeReport, 'run.ndjson')).toEqual({
    type: 'apply', planId: completeReport.planId, dryRun: false, planned: 3, applied: 3, failed: 0, conflict: 0, skipped: 0,
    callsUsed: { looker: 2, dx: 1 }, retries: { looker: 0, dx: 0 }, aborted: false, stopped: false, resumed: 0, stale: false, journal: 'run.ndjson',
  });
  expect(outcomeEvent(incompleteReport.outcomes[1] as ApplyOutcome)).toEqual({ type: 'outcome', email: 'jo@acme.test', service: 'looker', attribute: 'region', outcome: 'conflict', reason: 'changed_since_plan' });
  const progress = { service: 'dx', done: 1, failed: 0, remaining: 2, ratePerSecond: 4, callsUsed: 1 } as const;
  expect(progressEvent(progress)).toEqual({ type: 'progress', ...progress });
});

test('"No changes" names only the services compared; a plan that compared nothing never says so', () => {
  const dx = { status: 'skipped', reason: 'no DX client was given' } as const;
  const dxSkipped: SyncPlan = { ...planWithoutChanges, services: { ...planWithoutChanges.services, dx } };
  expect(renderPlan(dxSkipped, noColour)).toBe('No changes. Looker matches the input (1 unchanged).\n');
  const summary = { ...planWithoutChanges.summary, unchanged: 0, compared: 0, problems: 1 };
  const problemsOnly: SyncPlan = { ...planWithChanges, users: [], warnings: [], summary };
  expect(renderPlan(problemsOnly, noColour)).toMatch(/\n {2}✗ record 3 nobody@acme\.test: no Looker user has the email nobody@acme\.test\n\nNothing compared: every record is a problem\.\n$/);
  const empty: SyncPlan = { ...planWithoutChanges, summary: { ...planWithoutChanges.summary, unchanged: 0, records: 0, compared: 0 } };
  expect(renderPlan(empty, noColour)).toBe('Nothing compared: the input has no records.\n');
});
