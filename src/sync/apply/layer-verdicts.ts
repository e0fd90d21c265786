// What a re-check decides for a definition or group values change, from what Looker holds now:
// write it, it is already so, or it changed since the plan (a conflict, never overwritten). A
// change a cut-off run left half made is finished with the calls that remain.
import { groupValueCalls } from '../model/group-value-calls.js';
import { propertiesOf, type LookerDefinition } from '../model/layer-ports.js';
import type { DefinitionProperties, DefinitionProperty, DefinitionWrite, GroupValueCall, GroupValuesChange, PlannedGroupValue } from '../model/layers.js';
import type { Verdict } from './plan-work.js';

const sameProperties = (a: DefinitionProperties, b: DefinitionProperties) =>
  (Object.keys(a) as DefinitionProperty[]).every((property) => a[property] === b[property]);

/** The verdict on a definition change, `current` the definition Looker lists by that name (or id), if any. */
export function definitionVerdict(change: DefinitionWrite, current: LookerDefinition | undefined): Verdict {
  if (change.action === 'create') return !current ? 'write' : sameProperties(propertiesOf(current), change.after) ? 'already' : 'conflict';
  if (change.action === 'delete') return !current ? 'already' : sameProperties(propertiesOf(current), change.before) ? 'write' : 'conflict';
  if (!current) return 'conflict';
  const now = propertiesOf(current);
  let pending = false;
  for (const { property, before, after } of change.changes) {
    if (now[property] === after) continue;
    if (now[property] !== before) return 'conflict';
    pending = true;
  }
  return pending ? 'write' : 'already';
}

/** Whether two lists hold the same groups, values and order; ranks too where `expected` gives them. */
function sameList(current: readonly PlannedGroupValue[], expected: readonly PlannedGroupValue[]): boolean {
  return current.length === expected.length && expected.every((item, i) => {
    const now = current[i] as PlannedGroupValue;
    return now.groupId === item.groupId && now.value === item.value && (item.rank === null || now.rank === item.rank);
  });
}

/**
 * Whether `current` lies on the way from `before` to `after`: each group it holds was in one of them
 * with that value. Only a change in doubt may be found so (its own calls made part of the way).
 */
function onTheWay(current: readonly PlannedGroupValue[], change: GroupValuesChange): boolean {
  const values = (list: readonly PlannedGroupValue[]) => new Map(list.map((item) => [item.groupId, item.value]));
  const [was, will] = [values(change.before), values(change.after)];
  return current.every((item) => was.get(item.groupId) === item.value || will.get(item.groupId) === item.value);
}

/** The verdict on a group values change, with the calls to make when it is `write`. */
export function groupValuesVerdict(
  change: GroupValuesChange,
  current: readonly PlannedGroupValue[],
  inDoubt: boolean,
): { verdict: Verdict; calls: readonly GroupValueCall[] } {
  if (sameList(current, change.after)) return { verdict: 'already', calls: [] };
  if (sameList(current, change.before)) return { verdict: 'write', calls: change.calls };
  if (inDoubt && onTheWay(current, change)) return { verdict: 'write', calls: groupValueCalls(current, change.after) };
  return { verdict: 'conflict', calls: [] };
}
