// Undo, partial plans, the removal cap and the summary at the type level: what each takes and
// returns, and every new refusal a SyncError handled by an exhaustive switch.
import { describe, expectTypeOf, test } from 'vitest';
import type {
  ApplyOptions,
  InvalidTargetError,
  JournalLine,
  JournalMismatchError,
  NotRevertedReason,
  PlainResult,
  RemovalCap,
  Sync,
  SyncError,
  SyncPlan,
  TooManyRemovalsError,
} from '../../../src/sync/index.js';
import { renderSummaryMarkdown } from '../../../src/sync/index.js';

describe('undo, targets, caps and summaries', () => {
  test('revert takes a plan and a journal (path, Journal or lines) and resolves to a plan', () => {
    expectTypeOf<Parameters<Sync['revert']>[1]>().toExtend<string | { read(): Promise<readonly JournalLine[]> } | readonly JournalLine[]>();
    expectTypeOf<ReturnType<Sync['revert']>>().toEqualTypeOf<Promise<PlainResult<SyncPlan, SyncError>>>();
    expectTypeOf<NonNullable<SyncPlan['revert']>['planId']>().toEqualTypeOf<string>();
    expectTypeOf<NotRevertedReason>().toEqualTypeOf<'not_applied' | 'in_doubt' | 'already_in_state' | 'value_not_read' | 'layer_not_reverted'>();
  });

  test('the new refusals are SyncErrors of their own kinds, with what they name', () => {
    expectTypeOf<JournalMismatchError | InvalidTargetError>().toExtend<SyncError>();
    expectTypeOf<JournalMismatchError['kind']>().toEqualTypeOf<'journal_mismatch'>();
    expectTypeOf<JournalMismatchError['journalPlans']>().toEqualTypeOf<readonly string[]>();
    expectTypeOf<InvalidTargetError['kind']>().toEqualTypeOf<'invalid_target'>();
    expectTypeOf<TooManyRemovalsError['percent']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<TooManyRemovalsError['managedValues']>().toEqualTypeOf<number | undefined>();
  });

  test('maxRemovals: a number, { percent } or "P%"; anything else does not compile', () => {
    expectTypeOf<ApplyOptions['maxRemovals']>().toEqualTypeOf<RemovalCap | undefined>();
    expectTypeOf<10>().toExtend<RemovalCap>();
    expectTypeOf<{ percent: 2 }>().toExtend<RemovalCap>();
    expectTypeOf<'2%'>().toExtend<RemovalCap>();
    expectTypeOf<'2'>().not.toExtend<RemovalCap>();
    expectTypeOf<{ ratio: 0.02 }>().not.toExtend<RemovalCap>();
  });

  test('the summary is Markdown text of a plan and, optionally, its report', () => {
    expectTypeOf(renderSummaryMarkdown).returns.toEqualTypeOf<string>();
    expectTypeOf<Parameters<typeof renderSummaryMarkdown>[0]['plan']>().toEqualTypeOf<SyncPlan>();
  });
});
