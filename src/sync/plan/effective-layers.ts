// Which attributes the plan's definition and group-value changes touch, and each one's layers
// before and after them: what the effective-value diff compares.
import type { LookerDefinition } from '../model/layer-ports.js';
import type { DefinitionChange, GroupValuesChange, PlannedGroupValue } from '../model/layers.js';
import type { AttributeLayers } from './effective.js';
import type { LayerChange } from './effective-sections.js';

/** What the layers planned, and every definition Looker listed. */
export interface PlannedLayerState {
  readonly definitions: readonly DefinitionChange[];
  readonly groupValues: readonly GroupValuesChange[];
  readonly listed: readonly LookerDefinition[];
}

const groupValuesOf = (values: readonly PlannedGroupValue[]) => values.map(({ groupId, value, rank }) => ({ groupId, value, rank }));

/** The definition's part that resolution needs, as Looker lists it now (a new attribute has none). */
function current(definition: LookerDefinition | undefined): Omit<AttributeLayers, 'groupValues'> {
  return { type: definition?.type ?? null, defaultValue: definition?.default_value ?? null, hidden: definition?.value_is_hidden === true };
}

/** The definition's part once the change is made. */
function changed(before: Omit<AttributeLayers, 'groupValues'>, change: DefinitionChange | undefined): Omit<AttributeLayers, 'groupValues'> {
  if (change?.action === 'create') return { type: change.after.type, defaultValue: change.after.defaultValue, hidden: change.after.valueIsHidden };
  if (change?.action !== 'update') return before;
  const after = { ...before };
  for (const { property, after: value } of change.changes) {
    if (property === 'type') after.type = value as string | null;
    if (property === 'defaultValue') after.defaultValue = value as string | null;
    if (property === 'valueIsHidden') after.hidden = value === true;
  }
  return after;
}

/**
 * Each attribute whose resolution the layers change, in the plan's order: created or updated in
 * type, default or hiding, or given other group values. A deleted attribute is left out: every
 * value goes with it, as its definition change says.
 */
export function touchedLayers({ definitions, groupValues, listed }: PlannedLayerState): LayerChange[] {
  const byName = new Map(listed.map((definition) => [definition.name, definition]));
  const resolving = new Set(['type', 'defaultValue', 'valueIsHidden']);
  const defined = new Map(definitions.map((change) => [change.attribute, change]));
  const grouped = new Map(groupValues.map((change) => [change.attribute, change]));
  const touched = [
    ...definitions.filter((c) => c.action === 'create' || (c.action === 'update' && c.changes.some((p) => resolving.has(p.property)))).map((c) => c.attribute),
    ...groupValues.filter((change) => change.calls.length > 0).map((change) => change.attribute),
  ];
  return [...new Set(touched)].filter((name) => defined.get(name)?.action !== 'delete').map((attribute) => {
    const change = defined.get(attribute);
    const was = change?.action === 'create' ? { type: null, defaultValue: null, hidden: false } : current(byName.get(attribute));
    const values = grouped.get(attribute);
    const before = groupValuesOf(values?.before ?? []);
    return {
      attribute,
      before: { ...was, groupValues: change?.action === 'create' ? [] : before },
      after: { ...changed(was, change), groupValues: values ? groupValuesOf(values.after) : before },
    };
  });
}
