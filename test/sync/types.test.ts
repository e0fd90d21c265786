// The sync's rails at the type level: every new refusal is a SyncError, incremental plans take a
// snapshot (records no longer compile), and the clients expose the base URL a plan records.
import { describe, expectTypeOf, test } from 'vitest';
import type { DxClient } from '../../src/dx/index.js';
import type { LookerClient } from '../../src/looker/index.js';
import type {
  ApplyOptions,
  Change,
  HiddenAttributeError,
  InvalidSnapshotError,
  JournalLockedError,
  MissingFieldsError,
  NoServiceError,
  PlanOptions,
  RecordSnapshot,
  ServiceMismatchError,
  SyncError,
  SyncPlan,
  SyncRecord,
} from '../../src/sync/index.js';

describe('sync types', () => {
  test('each refusal is a SyncError with its own kind', () => {
    expectTypeOf<HiddenAttributeError | MissingFieldsError | NoServiceError | ServiceMismatchError | JournalLockedError | InvalidSnapshotError>()
      .toExtend<SyncError>();
    expectTypeOf<ServiceMismatchError['kind']>().toEqualTypeOf<'service_mismatch'>();
    expectTypeOf<JournalLockedError['holder']>().toEqualTypeOf<{ readonly pid: number; readonly host: string; readonly startedAt: string } | undefined>();
  });

  test('previous is a record snapshot: the last run\'s records do not compile', () => {
    expectTypeOf<PlanOptions['previous']>().toEqualTypeOf<RecordSnapshot | undefined>();
    expectTypeOf<SyncRecord[]>().not.toExtend<NonNullable<PlanOptions['previous']>>();
    expectTypeOf<PlanOptions['columns']>().toEqualTypeOf<readonly string[] | undefined>();
    expectTypeOf<ApplyOptions['allowMissingDxUsers']>().toEqualTypeOf<boolean | undefined>();
  });

  test('a plan is sealed, holds no cannot_verify, and the clients say where they send', () => {
    expectTypeOf<SyncPlan['seal']>().toEqualTypeOf<Readonly<Record<string, number>>>();
    expectTypeOf<Change['action']>().toEqualTypeOf<'set' | 'remove' | 'unchanged'>();
    expectTypeOf<LookerClient['baseUrl']>().toEqualTypeOf<string>();
    expectTypeOf<DxClient['baseUrl']>().toEqualTypeOf<string>();
  });
});
