// The fewest group value calls from one list to another, shared by the plan (from what it read)
// and apply (from what a resume finds after a run cut short): a PATCH per changed value and a
// DELETE per removed one while the precedence stays, else one POST of the whole ordered list.
import type { GroupValueCall, PlannedGroupValue } from './layers.js';

/** Whether the groups both lists hold keep their precedence: same relative order, and the same ranks when ranks are declared. */
function samePrecedence(before: readonly PlannedGroupValue[], after: readonly PlannedGroupValue[]): boolean {
  const kept = new Set(after.map((item) => item.groupId));
  const stays = before.filter((item) => kept.has(item.groupId));
  const held = new Set(before.map((item) => item.groupId));
  const staysAfter = after.filter((item) => held.has(item.groupId));
  return stays.every((item, i) => {
    const other = staysAfter[i] as PlannedGroupValue;
    return other.groupId === item.groupId && (other.rank === null || other.rank === item.rank);
  });
}

/** The fewest calls that turn `before` into `after`. */
export function groupValueCalls(before: readonly PlannedGroupValue[], after: readonly PlannedGroupValue[]): GroupValueCall[] {
  const held = new Map(before.map((item) => [item.groupId, item]));
  const added = after.some((item) => !held.has(item.groupId));
  if (after.length && (added || !samePrecedence(before, after))) return [{ call: 'set', values: after }];
  const kept = new Set(after.map((item) => item.groupId));
  const calls: GroupValueCall[] = [];
  for (const item of after) {
    const was = held.get(item.groupId) as PlannedGroupValue;
    if (was.value !== item.value) calls.push({ call: 'update', groupId: item.groupId, group: item.group, before: was.value, after: item.value });
  }
  for (const item of before)
    if (!kept.has(item.groupId)) calls.push({ call: 'delete', groupId: item.groupId, group: item.group, before: item.value });
  return calls;
}
