import type { InputCheck } from '../core/failures.js';
import { checkPathId, checkString, describe, isRecord } from '../core/validate.js';
import type { components } from '../generated/looker.js';

type GroupValueItemWrite = components['schemas']['UserAttributeGroupValueItemWrite'];

/**
 * Checks the complete list of group values and returns the request body. Refuses an empty list (it
 * would silently remove every group value), a group named twice, and ranks on some items but not all.
 */
export function checkGroupValues(check: InputCheck, list: unknown): GroupValueItemWrite[] {
  if (!Array.isArray(list)) {
    check.add('groupValues', `must be an array, got ${describe(list)}`);
    return [];
  }
  if (list.length === 0) check.add('groupValues', 'must not be empty (it replaces every group value of the attribute)');
  const firstIndexOfGroup = new Map<unknown, number>();
  const firstIndexOfRank = new Map<unknown, number>();
  let ranked = 0;
  const body: GroupValueItemWrite[] = [];
  list.forEach((item: unknown, i) => {
    const at = `groupValues[${i}]`;
    if (!isRecord(item)) return check.add(at, `must be an object, got ${describe(item)}`);
    checkPathId(check, `${at}.groupId`, item.groupId);
    checkString(check, `${at}.value`, item.value);
    const first = firstIndexOfGroup.get(item.groupId);
    if (first !== undefined) check.add(`${at}.groupId`, `repeats the group of groupValues[${first}]`);
    else firstIndexOfGroup.set(item.groupId, i);
    if (item.rank !== undefined) {
      ranked++;
      if (!Number.isSafeInteger(item.rank)) check.add(`${at}.rank`, 'must be an integer');
      const sameRank = firstIndexOfRank.get(item.rank);
      if (sameRank !== undefined) check.add(`${at}.rank`, `repeats the rank of groupValues[${sameRank}]`);
      else firstIndexOfRank.set(item.rank, i);
    }
    body.push({
      group_id: item.groupId as string,
      value: item.value as string,
      ...(item.rank === undefined ? {} : { rank: item.rank as number }),
    });
  });
  if (ranked > 0 && ranked < list.length) {
    check.add('groupValues', `must give a rank to every item or to none (${ranked} of ${list.length} have one)`);
  }
  return body;
}
