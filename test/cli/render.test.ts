// The readable plan and report, and the JSON lines, for fixed plans shaped as the library returns them.
import { expect, test } from 'vitest';
import { applyEvents, jsonLine, planEvents, progressEvent } from '../../src/cli/render-json.js';
import { renderApplyReport, renderPlan } from '../../src/cli/render-plan.js';
import { painter, plain, quoted, wantsColour } from '../../src/cli/terminal-text.js';
import type { SyncPlan } from '../../src/cli/sync-api.js';
import { completeReport, incompleteReport, planWithChanges, planWithoutChanges } from './fixtures.js';

const noColour = painter(false);

test('the plan grouped by user: before → after, removals with their fallbacks, warnings, problems, summary', () => {
  expect(renderPlan(planWithChanges, noColour)).toBe(`jo@acme.test
  ~ Looker department: "Sales" → "Marketing"
  - Looker region: "EMEA" removed, falls back to "APAC" from group Sales
  ? Looker salary_band: cannot be verified (its value is hidden), set anyway
  + DX Department: "Marketing"

Warnings:
  ! jo@acme.test Looker department: users can edit this attribute themselves

Problems (left out of the plan):
  ✗ record 3 nobody@acme.test: no Looker user has this email

Plan: 2 to set, 1 to remove, 2 unchanged, 1 cannot be verified, 1 problem; calls to make: Looker 3, DX 1.
`);
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
  expect(renderApplyReport(completeReport, noColour)).toBe('Apply complete: 3 of 3 applied; calls made: Looker 3, DX 1.\n');
  expect(renderApplyReport(incompleteReport, noColour)).toBe(`! conflict jo@acme.test Looker region: changed since the plan
✗ failed jo@acme.test DX Department: DX answered 503

Apply incomplete: 1 of 3 applied, 1 failed, 1 conflict; calls made: Looker 3, DX 1.
`);
  expect(renderApplyReport({ ...completeReport, applied: 1, resumed: 1, skipped: 1, aborted: true }, noColour))
    .toBe('Stopped: 1 of 3 applied, 1 already done by an earlier run, 1 skipped; calls made: Looker 3, DX 1.\n');
});

test('JSON lines for a plan: one per change (unchanged left out), warning and problem, then the summary', () => {
  const lines = planEvents(planWithChanges, 'plan.json').map(jsonLine);
  expect(lines.every((line) => line.endsWith('\n') && !line.slice(0, -1).includes('\n'))).toBe(true);
  expect(lines.map((line) => JSON.parse(line))).toEqual([
    { type: 'change', email: 'jo@acme.test', service: 'looker', attribute: 'department', action: 'set', before: 'Sales', after: 'Marketing' },
    { type: 'change', email: 'jo@acme.test', service: 'looker', attribute: 'region', action: 'remove', before: 'EMEA', fallback: { value: 'APAC', source: 'group Sales' } },
    { type: 'change', email: 'jo@acme.test', service: 'looker', attribute: 'salary_band', action: 'cannot_verify' },
    { type: 'change', email: 'jo@acme.test', service: 'dx', attribute: 'Department', action: 'set', before: null, after: 'Marketing' },
    { type: 'warning', email: 'jo@acme.test', service: 'looker', attribute: 'department', kind: 'user_editable', message: 'users can edit this attribute themselves' },
    { type: 'problem', email: 'nobody@acme.test', record: 3, service: 'looker', kind: 'no_match', message: 'no Looker user has this email' },
    { type: 'plan', createdAt: '2025-01-02T03:04:05.000Z', summary: planWithChanges.summary, forecast: { looker: 3, dx: 1 }, saved: 'plan.json' },
  ]);
  expect(planEvents(planWithoutChanges, undefined)).toEqual([
    { type: 'plan', createdAt: '2025-01-02T03:04:05.000Z', summary: planWithoutChanges.summary, forecast: { looker: 0, dx: 0 }, saved: null },
  ]);
});

test('JSON lines for an apply and its progress', () => {
  expect(applyEvents(incompleteReport, 'run.ndjson').map((event) => event.type)).toEqual(['outcome', 'outcome', 'outcome', 'apply']);
  expect(applyEvents(completeReport, 'run.ndjson').at(-1)).toEqual({
    type: 'apply', planned: 3, applied: 3, failed: 0, conflict: 0, skipped: 0, callsUsed: { looker: 3, dx: 1 }, aborted: false, resumed: 0, journal: 'run.ndjson',
  });
  const progress = { service: 'dx', done: 1, failed: 0, remaining: 2, ratePerSecond: 4, callsUsed: 1 } as const;
  expect(progressEvent(progress)).toEqual({ type: 'progress', ...progress });
});
