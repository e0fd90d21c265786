// Checks of the complete list of group values given to setUserAttributeGroupValues.
import { checkPathId, checkString, describe, isRecord, readInput, readList, type InputCheck } from '../core/input-checks.js';
import type { components } from '../generated/looker.js';

type GroupValueItemWrite = components['schemas']['UserAttributeGroupValueItemWrite'];

/**
 * Checks the complete list of group values and returns the request body. Refuses an empty list (it
 * would silently remove every group value), a group or rank given twice, and ranks on some items
 * but not all.
 */
export function checkGroupValues(check: InputCheck, list: unknown): GroupValueItemWrite[] {
  const items = readList(check, 'groupValues', list);
  if (!items) return [];
  if (!items.length) check.add('groupValues', 'must not be empty (it replaces every group value)');
  const groups: unknown[] = [];
  const ranks: unknown[] = [];
  const body = items.map((item, i) => {
    const at = `groupValues[${i}]`;
    if (!isRecord(item)) {
      check.add(at, `must be an object, got ${describe(item)}`);
      return {};
    }
    const { groupId, value, rank } = readInput(check, item, at);
    checkPathId(check, `${at}.groupId`, groupId);
    checkString(check, `${at}.value`, value);
    if (groups.includes(groupId)) check.add(`${at}.groupId`, `repeats groupValues[${groups.indexOf(groupId)}]`);
    groups.push(groupId);
    if (rank !== undefined) {
      if (!Number.isSafeInteger(rank)) check.add(`${at}.rank`, 'must be an integer');
      if (ranks.includes(rank)) check.add(`${at}.rank`, 'repeats another rank');
      ranks.push(rank);
    }
    return { group_id: groupId, value, rank };
  }) as GroupValueItemWrite[];
  if (ranks.length && ranks.length < items.length) {
    check.add('groupValues', `must give a rank to every item or to none (${ranks.length} of ${items.length} have one)`);
  }
  return body;
}
