// The effective-value step of a plan: for the attributes the definition and group-value changes
// touch, the reads the diff still needs (the group values of an attribute whose definition alone
// changes, the user listing when the mapping writes no Looker value), then the diff itself.
import { failure, success, type PlainResult } from '../../core/result.js';
import type { Lane } from '../lanes/lane.js';
import type { EffectiveSection } from '../model/effective.js';
import { plainError, type SyncError } from '../model/errors.js';
import type { SyncLookerLayers } from '../model/layer-ports.js';
import type { SyncWarning } from '../model/plan.js';
import type { SyncLooker } from '../model/ports.js';
import type { AttributeLayers } from './effective.js';
import { touchedLayers, type PlannedLayerState } from './effective-layers.js';
import { effectiveSections, type LayerChange, type OwnValues } from './effective-sections.js';
import { loadLookerUsers, type LookerDirectory } from './looker-directory.js';
import { readGroupValues } from '../reads/group-values.js';

/** The names of the attributes whose resolved values the layers change: the own values to keep while comparing. */
export const watchedAttributes = (layers: PlannedLayerState | undefined): ReadonlySet<string> =>
  new Set(layers ? touchedLayers(layers).map((change) => change.attribute) : []);

/** Reads the group values of an attribute the plan did not read them of (one call), kept on both sides. */
async function withGroupValues(lane: Lane, looker: SyncLooker, change: LayerChange, id: string, signal?: AbortSignal) {
  const read = await readGroupValues(lane, looker as SyncLooker & SyncLookerLayers, id, signal);
  if (!read.ok) return failure(plainError(read.error, 'looker'));
  const groupValues: AttributeLayers['groupValues'] = read.data.flatMap((gv) =>
    (typeof gv.group_id === 'string' ? [{ groupId: gv.group_id, value: gv.value ?? '', rank: gv.rank ?? null }] : []));
  return success({ ...change, before: { ...change.before, groupValues }, after: { ...change.after, groupValues } });
}

/**
 * The effective sections and their widening warnings. `directory`: the plan's Looker listing, read
 * here when the plan had none; `own`: the own values comparing the records kept.
 */
export async function planEffective(
  lane: Lane,
  looker: SyncLooker,
  layers: PlannedLayerState,
  found: { readonly directory: LookerDirectory | undefined; readonly own: OwnValues | undefined },
  signal?: AbortSignal,
): Promise<PlainResult<{ sections: EffectiveSection[]; warnings: SyncWarning[] }, SyncError>> {
  const touched = touchedLayers(layers);
  if (!touched.length) return success({ sections: [], warnings: [] });
  const grouped = new Set(layers.groupValues.map((change) => change.attribute));
  const ids = new Map(layers.listed.map((definition) => [definition.name, definition.id]));
  const changes: LayerChange[] = [];
  for (const change of touched) {
    const id = ids.get(change.attribute);
    if (grouped.has(change.attribute) || id === undefined) changes.push(change);
    else {
      const read = await withGroupValues(lane, looker, change, id, signal);
      if (!read.ok) return read;
      changes.push(read.data);
    }
  }
  let directory = found.directory;
  if (!directory) {
    const listed = await loadLookerUsers(lane, looker, signal);
    if (!listed.ok) return listed;
    directory = listed.data;
  }
  return success(effectiveSections(directory, changes, found.own ?? new Map()));
}
