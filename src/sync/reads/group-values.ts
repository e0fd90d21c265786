// A Looker attribute's group values, in one call: the plan reads them to compare with the desired
// state and to resolve effective values, apply reads them again before it writes a change.
import type { Lane } from '../lanes/lane.js';
import type { GroupValueRead, SyncLookerLayers } from '../model/layer-ports.js';
import type { PlannedGroupValue } from '../model/layers.js';

/** Every field a read asks for: `value_is_hidden`, so that the plan refuses to manage a value it cannot see. */
const FIELDS = ['group_id', 'value', 'rank', 'value_is_hidden'];

/** Reads the group values of the attribute `userAttributeId` through `lane` (errors as the lane gives them). */
export function readGroupValues(lane: Lane, looker: SyncLookerLayers, userAttributeId: string, signal?: AbortSignal, gate?: AbortSignal) {
  return lane.run((options) => looker.allUserAttributeGroupValues({ userAttributeId, fields: FIELDS }, options), signal, gate);
}

/** The values read, in Looker's precedence order, as a plan holds them: `nameOf` names each group. */
export function heldGroupValues(read: readonly GroupValueRead[], nameOf: (groupId: string) => string | undefined): PlannedGroupValue[] {
  return read.map((item) => {
    const groupId = String(item.group_id);
    return { groupId, group: nameOf(groupId) ?? groupId, value: item.value ?? '', rank: item.rank ?? null };
  });
}
