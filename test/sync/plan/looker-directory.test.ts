// The plan's Looker user listing: exact emails, and each user's group ids, kept compactly.
import { expect, test } from 'vitest';
import { createLane } from '../../../src/sync/lanes/lane.js';
import type { SyncLooker, SyncLookerUser } from '../../../src/sync/model/ports.js';
import { LOOKER_PAGE_SIZE, loadLookerUsers } from '../../../src/sync/plan/looker-directory.js';
import { testRuntime } from '../../support/runtime.js';

test('asks for group_ids on every page; users in the same groups share one frozen array; users without an email are kept by id', async () => {
  const users: SyncLookerUser[] = Array.from({ length: LOOKER_PAGE_SIZE + 3 }, (_, i) => ({
    id: String(i + 1),
    email: i === 2 ? null : `u${i}@acme.test`,
    is_disabled: false,
    group_ids: i % 3 === 0 ? [] : i % 3 === 1 ? ['7', '3'] : ['3', '7'],
  }));
  const asked: (readonly string[] | undefined)[] = [];
  const looker = {
    allUsers: async ({ fields, limit = 0, offset = 0 }) => {
      asked.push(fields);
      return { ok: true, data: users.slice(offset, offset + limit), response: new Response() };
    },
  } as Pick<SyncLooker, 'allUsers'> as SyncLooker;
  const directory = await loadLookerUsers(createLane('looker', { requests: 1000, perMs: 1000 }, testRuntime().runtime), looker);
  if (!directory.ok) throw new Error(directory.error.message);
  expect(asked).toEqual([['id', 'email', 'is_disabled', 'group_ids'], ['id', 'email', 'is_disabled', 'group_ids']]);
  expect(directory.data.pages).toBe(2);
  expect(directory.data.groupsOf.get(2)).toEqual(['3', '7']);
  expect(directory.data.groupsOf.get(2)).toBe(directory.data.groupsOf.get(3));
  expect(Object.isFrozen(directory.data.groupsOf.get(2))).toBe(true);
  expect(new Set(directory.data.groupsOf.values()).size).toBe(1);
  expect(directory.data.groupsOf.has(1)).toBe(false);
  expect(directory.data.withoutEmail).toEqual(['3']);
  expect(directory.data.byEmail.size).toBe(LOOKER_PAGE_SIZE + 2);
});
