// Who a Looker id is now: before writing, apply reads back the ids it will write to (`all_users`
// with `ids`, in batches) so that a value meant for one email never lands on another's account.
import { failure, type PlainResult } from '../../core/result.js';

import type { PortError, SyncLooker } from '../model/ports.js';
import type { Lane } from '../lanes/lane.js';

/** Ids read back per `all_users` call: a hundred short ids keep the URL well under any limit. */
export const IDENTITY_BATCH = 100;

/** The calls that read back `users` Looker users' ids. */
export const identityCalls = (users: number): number => Math.ceil(users / IDENTITY_BATCH);

/** What a re-read found for an id: its email as the plan has it, another email, or no user at all. */
export type Identity = 'same' | 'email_mismatch' | 'user_gone';

/** The normalised email of each id Looker still has, read in one call; `ids` holds at most `IDENTITY_BATCH`. */
export async function readLookerEmails(
  lane: Lane,
  looker: SyncLooker,
  ids: readonly string[],
  signal?: AbortSignal,
  gate?: AbortSignal,
): Promise<PlainResult<ReadonlyMap<string, string>, PortError>> {
  const unique = [...new Set(ids)];
  const read = await lane.run(
    (options) => looker.allUsers({ ids: unique, fields: ['id', 'email'], limit: unique.length, offset: 0 }, options),
    signal,
    gate,
  );
  if (!read.ok) return failure(read.error);
  return { ok: true, data: new Map(read.data.map((user) => [String(user.id), user.email?.trim().toLowerCase() ?? ''])) };
}

/** Compares an id's email now with the plan's (already normalised). */
export function identityOf(emails: ReadonlyMap<string, string>, userId: string, email: string): Identity {
  const now = emails.get(userId);
  return now === undefined ? 'user_gone' : now === email ? 'same' : 'email_mismatch';
}
