// The real clients serve as the sync's ports as they are.
import { describe, expectTypeOf, test } from 'vitest';
import type { DxClient } from '../../../src/dx/index.js';
import type { LookerClient } from '../../../src/looker/index.js';
import type { SyncDx, SyncLooker } from '../../../src/sync/index.js';

describe('ports', () => {
  test('a LookerClient is a SyncLooker and a DxClient is a SyncDx', () => {
    expectTypeOf<LookerClient>().toExtend<SyncLooker>();
    expectTypeOf<DxClient>().toExtend<SyncDx>();
  });

  test('a client without a method the sync calls is refused', () => {
    expectTypeOf<Omit<LookerClient, 'allUsers'>>().not.toExtend<SyncLooker>();
    expectTypeOf<Omit<DxClient, 'listUsersPage'>>().not.toExtend<SyncDx>();
  });
});
