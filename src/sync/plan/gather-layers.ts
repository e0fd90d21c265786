// The reads of the definitions and group values layers, once per plan: every definition (one
// call), the groups (paged) when group values are declared, and each declared attribute's group
// values; then the two pure layers, or every reason the desired state cannot be applied.
import { failure, success, type PlainResult } from '../../core/result.js';
import type { Lane } from '../lanes/lane.js';
import { isDeletion, keyPath, type LookerDesiredState } from '../model/desired-state.js';
import { plainError, type SyncError } from '../model/errors.js';
import { DEFINITION_FIELDS, LAYER_METHODS, layerPort, type GroupValueRead, type LookerDefinition, type SyncLookerLayers } from '../model/layer-ports.js';
import type { DefinitionChange, GroupValuesChange } from '../model/layers.js';
import type { InvalidMappingError } from '../model/mapping.js';
import { readGroupValues } from '../reads/group-values.js';
import { readPages } from '../reads/pages.js';
import { definitionChange, type LayerIssue } from './definition-changes.js';
import { groupValuesChange, type GroupDirectory } from './group-value-changes.js';

/** What the layers found: their plan sections, and every definition Looker lists (the user values layer resolves its names there). */
export interface GatheredLayers {
  readonly definitions: readonly DefinitionChange[];
  readonly groupValues: readonly GroupValuesChange[];
  readonly listed: readonly LookerDefinition[];
}

const GROUP_PAGE = 500;

/** The desired state refused, naming each problem by its path. */
export function refusedState(issues: readonly LayerIssue[]): InvalidMappingError {
  const first = issues[0] as LayerIssue;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return { kind: 'invalid_mapping', message: `the desired state cannot be applied: ${first.path} ${first.problem}${more}; nothing was written`, issues };
}

async function readGroups(lane: Lane, looker: SyncLookerLayers, signal?: AbortSignal): Promise<PlainResult<GroupDirectory, SyncError>> {
  const idsByName = new Map<string, string[]>();
  const nameById = new Map<string, string>();
  const read = await readPages(lane, async (index, options) => {
    const page = await looker.allGroups({ fields: ['id', 'name'], limit: GROUP_PAGE, offset: index * GROUP_PAGE }, options);
    return page.ok ? { ...page, data: { items: page.data, more: page.data.length === GROUP_PAGE } } : page;
  }, (group) => {
    if (typeof group.id !== 'string' || typeof group.name !== 'string') return;
    nameById.set(group.id, group.name);
    idsByName.set(group.name, [...(idsByName.get(group.name) ?? []), group.id]);
  }, signal);
  return read.ok ? success({ idsByName, nameById }) : failure(plainError(read.error, 'looker'));
}

/** Reads each declared attribute's group values that exists (one call each). */
async function readEachGroupValues(lane: Lane, looker: SyncLookerLayers, ids: ReadonlyMap<string, string>, signal?: AbortSignal) {
  const found = new Map<string, GroupValueRead[]>();
  for (const [name, id] of ids) {
    const read = await readGroupValues(lane, looker, id, signal);
    if (!read.ok) return failure(plainError(read.error, 'looker'));
    found.set(name, read.data);
  }
  return success(found);
}

/** Reads what the layers need and plans them; a problem anywhere refuses the plan (`invalid_mapping`, each issue by path). */
export async function gatherLayers(
  lane: Lane,
  client: object,
  state: LookerDesiredState,
  signal?: AbortSignal,
): Promise<PlainResult<GatheredLayers, SyncError>> {
  const looker = layerPort(client);
  if (!looker) return failure(refusedState([{ path: 'looker', problem: `needs a Looker client with ${LAYER_METHODS.join(', ')} (createLookerClient has them)` }]));
  const listed = await lane.run((options) => looker.allUserAttributes({ fields: DEFINITION_FIELDS }, options), signal);
  if (!listed.ok) return failure(plainError(listed.error, 'looker'));
  const definitions = (listed.data as LookerDefinition[]).filter((a) => typeof a.name === 'string' && typeof a.id === 'string');
  const byName = new Map(definitions.map((a) => [a.name as string, a]));
  const groupNames = Object.keys(state.groupValues);
  // The group values of each attribute declared with them, or whose type changes (a new type must fit them).
  const retyped = Object.entries(state.attributes)
    .flatMap(([name, a]) => (!isDeletion(a) && a.type !== undefined && a.type !== byName.get(name)?.type ? [name] : []));
  const readNames = [...new Set([...groupNames, ...retyped])].filter((name) => byName.has(name));
  const existing = new Map(readNames.map((name) => [name, (byName.get(name) as LookerDefinition).id] as const));
  const groups = groupNames.length ? await readGroups(lane, looker, signal) : success({ idsByName: new Map(), nameById: new Map() });
  if (!groups.ok) return groups;
  const current = await readEachGroupValues(lane, looker, existing, signal);
  if (!current.ok) return current;
  const planned = planLayers(state, byName, groups.data, current.data);
  if (planned.issues.length) return failure(refusedState(planned.issues));
  return success({ definitions: planned.definitions, groupValues: planned.groupValues, listed: definitions });
}

/** The two layers from what was read, or every issue as the error. */
function planLayers(
  state: LookerDesiredState,
  byName: ReadonlyMap<string, LookerDefinition>,
  groups: GroupDirectory,
  current: ReadonlyMap<string, readonly GroupValueRead[]>,
) {
  const issues: LayerIssue[] = [];
  const definitions: DefinitionChange[] = [];
  for (const [name, desired] of Object.entries(state.attributes)) {
    const stored = [...(current.get(name) ?? []).map((item) => item.value ?? ''), ...(state.groupValues[name] ?? []).map((item) => item.value)];
    const planned = definitionChange(name, desired, byName.get(name), stored);
    issues.push(...planned.issues);
    if (planned.change) definitions.push(planned.change);
  }
  const groupValues: GroupValuesChange[] = [];
  for (const [name, desired] of Object.entries(state.groupValues)) {
    const at = keyPath('looker.groupValues', name);
    const declared = state.attributes[name];
    const existing = byName.get(name);
    if (!existing && !declared) {
      issues.push({ path: at, problem: `Looker has no attribute named ${name}: declare it under looker.attributes to create it` });
      continue;
    }
    const read = current.get(name) ?? [];
    if (read.some((item) => item.value_is_hidden === true)) {
      issues.push({ path: at, problem: `the attribute hides its values: its group values cannot be read, so they cannot be compared` });
      continue;
    }
    const type = declared && !isDeletion(declared) && declared.type !== undefined ? declared.type : (existing?.type ?? null);
    const planned = groupValuesChange(name, existing?.id ?? null, desired, read, { groups, type });
    issues.push(...planned.issues);
    if (planned.change) groupValues.push(planned.change);
  }
  return { definitions, groupValues, issues };
}
