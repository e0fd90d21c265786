// A partial plan (`targets`): the emails checked and normalised before any request, and the scope
// the plan then records, so that it says it is partial and a snapshot of it vouches for no one else.
import { failure, success, type PlainResult } from '../../core/result.js';
import type { InvalidTargetError } from '../model/errors.js';
import type { PartialScope } from '../model/plan.js';
import { normalizeEmail } from '../model/records.js';

/** The targets, normalised as record emails are (trimmed, lower case), each once; or the error naming the bad ones. */
export function checkTargets(targets: unknown): PlainResult<ReadonlySet<string>, InvalidTargetError> {
  const given: unknown[] = Array.isArray(targets) ? targets : [];
  const bad = given.filter((target) => normalizeEmail(target) === undefined).map((target) => String(target));
  if (!Array.isArray(targets) || given.length === 0 || bad.length > 0) {
    const message = !Array.isArray(targets) || given.length === 0
      ? 'targets must be a non-empty array of emails (leave it out to plan everyone)'
      : `targets must be email addresses: ${bad.map((target) => JSON.stringify(target)).join(', ')} ${bad.length === 1 ? 'is' : 'are'} not`;
    return failure({ kind: 'invalid_target', message, targets: bad });
  }
  return success(new Set(given.map((target) => normalizeEmail(target) as string)));
}

/** The scope a partial plan records: its targets, those no record named, and the records of others left out. */
export function partialScope(targets: ReadonlySet<string>, matched: ReadonlySet<string>, notTargeted: number): PartialScope {
  const all = [...targets].sort();
  return { targets: all, unmatched: all.filter((email) => !matched.has(email)), notTargeted };
}
