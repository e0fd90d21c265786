// The state's updates as pure functions: the ledger per calendar month (UTC) with the clock given,
// the monthly budget, the full check due by age, the snapshot an apply leaves, the journals pruned.
import { describe, expect, test } from 'vitest';
import { addToLedger, checkMonthlyBudget, monthOf } from '../../../src/sync/model/ledger.js';
import { afterApply, afterPlan, fullCheckDue, STATE_JOURNALS_KEPT } from '../../../src/sync/model/state-update.js';
import { emptyState, openState, STATE_VERSION, type StateDocument } from '../../../src/sync/model/state.js';
import type { SyncPlan } from '../../../src/sync/model/plan.js';
import { completeReport, incompleteReport, planWithChanges } from '../../support/cli/fixtures.js';

const key = { desiredState: 'mapping.json', services: { looker: 'https://acme.looker.test', dx: null } };
const DAY = 24 * 3600 * 1000;
const at = (iso: string) => Date.parse(iso);
// jo@ (digest 101) has writes; al@ (102) only unchanged values; 7 was settled without a write.
const plan: SyncPlan = { ...planWithChanges, users: planWithChanges.users.map((user, i) => ({ ...user, digest: 101 + i })), settled: [7] };
const made = (document: StateDocument) => afterPlan(document, plan, { looker: 5, dx: 1 }, at('2026-01-31T23:50:00Z'));

describe('the ledger', () => {
  test('books calls in the calendar month (UTC) of the instant given', () => {
    expect(monthOf(at('2026-01-31T23:59:59.999Z'))).toBe('2026-01');
    expect(monthOf(at('2026-02-01T00:00:00Z'))).toBe('2026-02');
    const january = addToLedger({}, at('2026-01-31T23:50:00Z'), { looker: 5, dx: 1 });
    const both = addToLedger(january, at('2026-02-01T00:10:00Z'), { looker: 7, dx: 0 });
    expect(addToLedger(both, at('2026-02-03T00:00:00Z'), { looker: 1, dx: 2 })).toEqual({ '2026-01': { looker: 5, dx: 1 }, '2026-02': { looker: 8, dx: 2 } });
  });

  test('a forecast passing what is left of the month is refused; one that fits is given what is left as its cap', () => {
    const document = { ledger: { '2026-01': { looker: 9_990, dx: 0 } } };
    const refused = checkMonthlyBudget(document, { looker: 10_000 }, { looker: 11, dx: 0 }, at('2026-01-20T00:00:00Z'));
    expect(refused).toMatchObject({ ok: false, error: { kind: 'over_monthly_budget', service: 'looker', month: '2026-01', budget: 10_000, used: 9_990, forecast: 11 } });
    expect(checkMonthlyBudget(document, { looker: 10_000 }, { looker: 10, dx: 99 }, at('2026-01-20T00:00:00Z'))).toEqual({ ok: true, data: { looker: 10 } });
    // A new month starts afresh.
    expect(checkMonthlyBudget(document, { looker: 10_000 }, { looker: 11, dx: 0 }, at('2026-02-01T00:00:00Z'))).toEqual({ ok: true, data: { looker: 10_000 } });
  });
});

describe('full drift checks', () => {
  const document = { ...emptyState(key), snapshot: { version: 1 as const, digests: [1] }, lastFullCheck: '2026-01-01T02:00:00.000Z' };
  test('are due with no snapshot, with none recorded, and once the last is older than the age given (7 days by default)', () => {
    expect(fullCheckDue(emptyState(key), at('2026-01-02T00:00:00Z')).full).toBe(true);
    expect(fullCheckDue({ ...document, lastFullCheck: null }, at('2026-01-02T00:00:00Z'))).toEqual({ full: true, reason: 'no full drift check is recorded yet' });
    expect(fullCheckDue(document, at('2026-01-08T02:00:00Z')).full).toBe(false);
    expect(fullCheckDue(document, at('2026-01-08T14:00:00Z'))).toEqual({ full: true, reason: 'the last full drift check ran 7.5 days ago, more than 7 days' });
    expect(fullCheckDue(document, at('2026-01-02T02:00:00Z'), DAY / 2)).toEqual({ full: true, reason: 'the last full drift check ran 1 day ago, more than 12 hours' });
    expect(fullCheckDue(document, at('2026-01-01T05:30:00Z')).reason).toBe('incremental: the last full drift check ran 3 hours ago (a full one every 7 days)');
  });
});

describe('after an apply', () => {
  test('the snapshot holds what is fully in place; a record not fully applied stays due; the run and its calls are kept', () => {
    const { document } = afterApply(made(emptyState(key)), plan, { report: incompleteReport, calls: { looker: 4, dx: 1 }, now: at('2026-02-01T00:10:00Z') });
    expect([...document.snapshot.digests].sort()).toEqual([102, 7]);
    expect(document.ledger).toEqual({ '2026-01': { looker: 5, dx: 1 }, '2026-02': { looker: 4, dx: 1 } });
    expect(document.lastFullCheck).toBe(plan.createdAt);
    expect(document.runs).toEqual([expect.objectContaining({ planId: plan.id, fullCheck: true, applied: 1, failed: 1, conflict: 1 })]);
    expect(document.runs[0]?.calls).toEqual({ plan: { looker: 5, dx: 1 }, apply: { looker: 4, dx: 1 } });
    const complete = afterApply(document, plan, { report: completeReport, calls: { looker: 3, dx: 1 }, now: at('2026-02-01T00:20:00Z') });
    expect([...complete.document.snapshot.digests].sort()).toEqual([101, 102, 7]);
  });

  test('a dry run or a refused apply books its calls and leaves the snapshot; a partial plan adds to it and is no full check', () => {
    const before = { ...made(emptyState(key)), snapshot: { version: 1 as const, digests: [55] } };
    const dry = afterApply(before, plan, { report: { ...completeReport, dryRun: true }, calls: { looker: 0, dx: 0 }, now: at('2026-02-01T00:10:00Z') });
    expect(dry.document.snapshot.digests).toEqual([55]);
    expect(dry.document.runs).toHaveLength(1);
    const refused = afterApply(before, plan, { report: undefined, calls: { looker: 1, dx: 0 }, now: at('2026-02-01T00:10:00Z') });
    expect(refused.document.runs).toHaveLength(0);
    expect(refused.document.ledger['2026-02']).toEqual({ looker: 1, dx: 0 });
    const partial = afterApply(before, plan, { report: completeReport, calls: { looker: 3, dx: 1 }, now: at('2026-02-01T00:10:00Z'), partial: true });
    expect([...partial.document.snapshot.digests].sort()).toEqual([101, 102, 55, 7]);
    expect(partial.document.lastFullCheck).toBeNull();
    expect(partial.document.runs[0]).toMatchObject({ partial: true, fullCheck: false });
  });

  test(`the journals of the last ${STATE_JOURNALS_KEPT} plans applied are kept, older ones pruned`, () => {
    let document = emptyState(key);
    const pruned: string[] = [];
    for (let i = 0; i < STATE_JOURNALS_KEPT + 2; i++) {
      const next = afterApply(document, { ...plan, id: `p${i}` }, {
        report: { ...completeReport, planId: `p${i}` }, calls: { looker: 1, dx: 0 }, now: at('2026-01-01T00:00:00Z') + i * DAY,
      });
      document = next.document;
      pruned.push(...next.prune);
    }
    expect(pruned).toEqual(['p0', 'p1']);
    expect(document.journals.map((j) => j.planId)).toEqual(Array.from({ length: STATE_JOURNALS_KEPT }, (_, i) => `p${i + 2}`));
  });
});

describe('opening a state', () => {
  test('one never written is empty; a newer version, another desired state or other services are refused', () => {
    expect(openState(undefined, key, 'dir')).toEqual({ ok: true, data: emptyState(key) });
    const stored = JSON.parse(JSON.stringify(emptyState(key))) as Record<string, unknown>;
    expect(openState(stored, key, 'dir').ok).toBe(true);
    expect(openState({ ...stored, version: STATE_VERSION + 1 }, key, 'dir')).toMatchObject({ ok: false, error: { kind: 'state_newer' } });
    expect(openState({ ...stored, desiredState: 'other.json' }, key, 'dir')).toMatchObject({ ok: false, error: { kind: 'state_mismatch' } });
    const elsewhere = openState(stored, { ...key, services: { looker: 'https://other.looker.test', dx: null } }, 'dir');
    expect(elsewhere).toMatchObject({ ok: false, error: { kind: 'state_mismatch' } });
    expect(!elsewhere.ok && elsewhere.error.message).toContain('Looker https://acme.looker.test, DX (skipped)');
    expect(openState({ version: STATE_VERSION, runs: 'x' }, key, 'dir')).toMatchObject({ ok: false, error: { kind: 'state_failed' } });
  });
});
