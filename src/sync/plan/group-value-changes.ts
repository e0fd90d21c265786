// The group values layer of a plan, a pure function: an attribute's declared groups (found by exact
// name) against those holding a value now, as the fewest calls: a PATCH per changed value and a
// DELETE per removed one while the precedence stays, else one POST of the whole ordered list.
import type { GroupValueRead } from '../model/layer-ports.js';
import { heldGroupValues } from '../reads/group-values.js';
import { keyPath, type DesiredGroupValue } from '../model/desired-state.js';
import { groupValueCalls } from '../model/group-value-calls.js';
import type { GroupValuesChange, PlannedGroupValue } from '../model/layers.js';
import type { LookerAttributeType } from '../model/ports.js';
import { lookerValueProblem } from '../model/value-types.js';
import type { LayerIssue } from './definition-changes.js';

/** Looker's groups: ids by exact name (a name two groups share has two), names by id. */
export interface GroupDirectory {
  readonly idsByName: ReadonlyMap<string, readonly string[]>;
  readonly nameById: ReadonlyMap<string, string>;
}

/** The declared list resolved to group ids, in precedence order (by rank when ranks are given). */
function resolve(name: string, desired: readonly DesiredGroupValue[], groups: GroupDirectory, issues: LayerIssue[]): PlannedGroupValue[] {
  const at = keyPath('looker.groupValues', name);
  const ranked = desired.length > 0 && desired.every((item) => item.rank !== undefined);
  const order = ranked ? [...desired.keys()].sort((a, b) => (desired[a]?.rank as number) - (desired[b]?.rank as number)) : [...desired.keys()];
  const after: PlannedGroupValue[] = [];
  for (const i of order) {
    const item = desired[i] as DesiredGroupValue;
    const ids = groups.idsByName.get(item.group) ?? [];
    if (ids.length === 1) after.push({ groupId: ids[0] as string, group: item.group, value: item.value, rank: item.rank ?? null });
    else if (!ids.length) issues.push({ path: `${at}[${i}].group`, problem: `no Looker group is named ${JSON.stringify(item.group)} (groups are never created)` });
    else issues.push({ path: `${at}[${i}].group`, problem: `${ids.length} Looker groups are named ${JSON.stringify(item.group)} (ids ${ids.join(', ')}): rename one` });
  }
  return after;
}

/**
 * The change of one attribute's group values: `current` as Looker lists them (in precedence order),
 * `type` the attribute's type once its definition is applied, which every declared value must fit.
 */
export function groupValuesChange(
  name: string,
  attributeId: string | null,
  desired: readonly DesiredGroupValue[],
  current: readonly GroupValueRead[],
  context: { groups: GroupDirectory; type: LookerAttributeType | null },
): { change?: GroupValuesChange; issues: LayerIssue[] } {
  const issues: LayerIssue[] = [];
  const after = resolve(name, desired, context.groups, issues);
  desired.forEach((item, i) => {
    const problem = lookerValueProblem(context.type, item.value);
    if (problem) issues.push({ path: `${keyPath('looker.groupValues', name)}[${i}].value`, problem: `${problem} (type ${context.type})` });
  });
  if (issues.length) return { issues };
  const before = heldGroupValues(current, (groupId) => context.groups.nameById.get(groupId));
  return { change: { attribute: name, attributeId, before, after, calls: groupValueCalls(before, after) }, issues };
}
