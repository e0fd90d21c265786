// The plan's sections for the layers above each user's own value: Looker's attribute definitions
// and its group values, each change with its before and after, and the calls apply will make.
import type { LookerAttributeType } from './ports.js';

/** A definition's properties as the plan shows them (Looker's names, camelCase). */
export interface DefinitionProperties {
  readonly type: LookerAttributeType | null;
  readonly label: string | null;
  readonly defaultValue: string | null;
  readonly valueIsHidden: boolean;
  readonly userCanView: boolean;
  readonly userCanEdit: boolean;
  readonly hiddenValueDomainWhitelist: string | null;
}

/** The name of a property of a definition. */
export type DefinitionProperty = keyof DefinitionProperties;

/** One property that changes: its value before and after. */
export interface PropertyChange {
  readonly property: DefinitionProperty;
  readonly before: string | boolean | null;
  readonly after: string | boolean | null;
}

/** What happens to one declared attribute's definition. */
export type DefinitionChange =
  /** `POST /user_attributes`: created with `after` (its id is known once apply has made it). */
  | { readonly attribute: string; readonly action: 'create'; readonly after: DefinitionProperties }
  /** `PATCH /user_attributes/{id}`: only the properties in `changes`, each before → after. */
  | { readonly attribute: string; readonly action: 'update'; readonly id: string; readonly changes: readonly PropertyChange[] }
  /** `DELETE /user_attributes/{id}`: asked for explicitly; every value of the attribute goes with it. */
  | { readonly attribute: string; readonly action: 'delete'; readonly id: string; readonly before: DefinitionProperties }
  /** Already as declared. */
  | { readonly attribute: string; readonly action: 'unchanged'; readonly id: string };

/** One group's value of an attribute; `rank` as Looker holds it (null when it gives none). */
export interface PlannedGroupValue {
  readonly groupId: string;
  /** The group's name. */
  readonly group: string;
  readonly value: string;
  readonly rank: number | null;
}

/** One call apply makes for an attribute's group values. */
export type GroupValueCall =
  /** `PATCH /groups/{group_id}/attribute_values/{id}`: one value changes, its precedence does not. */
  | { readonly call: 'update'; readonly groupId: string; readonly group: string; readonly before: string; readonly after: string }
  /** `DELETE /groups/{group_id}/attribute_values/{id}`: the group no longer holds a value. */
  | { readonly call: 'delete'; readonly groupId: string; readonly group: string; readonly before: string }
  /** `POST /user_attributes/{id}/group_values`: the whole list, in precedence order (replaces all). */
  | { readonly call: 'set'; readonly values: readonly PlannedGroupValue[] };

/** What happens to one declared attribute's group values. */
export interface GroupValuesChange {
  readonly attribute: string;
  /** Null when the plan creates the attribute: apply learns its id when it does. */
  readonly attributeId: string | null;
  /** The group values now, in precedence order (first wins). */
  readonly before: readonly PlannedGroupValue[];
  /** The group values declared, in precedence order (first wins). */
  readonly after: readonly PlannedGroupValue[];
  /** The fewest calls from before to after; empty when they already match. */
  readonly calls: readonly GroupValueCall[];
}

/** Which layer an outcome is of. */
export type Layer = 'definition' | 'group_values';

/** The journal's attribute key of a layer's change (its lines carry no email). */
export const layerKey = (layer: Layer, attribute: string) => `${layer}:${attribute}`;

/** The layer and attribute of a journal key `layerKey` made, or undefined for a user value's attribute. */
export function splitLayerKey(key: string): { layer: Layer; attribute: string } | undefined {
  const match = /^(definition|group_values):(.+)$/.exec(key);
  return match ? { layer: match[1] as Layer, attribute: match[2] as string } : undefined;
}

/** A definition change that writes. */
export type DefinitionWrite = Exclude<DefinitionChange, { action: 'unchanged' }>;

/** Removals a layer change makes, counted against `maxRemovals`: a deleted definition, each group value removed. */
export function layerRemovals(definitions: readonly DefinitionChange[] | undefined, groupValues: readonly GroupValuesChange[] | undefined): number {
  const deleted = (definitions ?? []).filter((change) => change.action === 'delete').length;
  let removed = 0;
  for (const change of groupValues ?? []) {
    if (!change.calls.length) continue;
    const kept = new Set(change.after.map((item) => item.groupId));
    removed += change.before.filter((item) => !kept.has(item.groupId)).length;
  }
  return deleted + removed;
}

/** Calls apply makes for the layers if nothing fails (a create, an update, a delete, each group value call). */
export function layerWrites(definitions: readonly DefinitionChange[] | undefined, groupValues: readonly GroupValuesChange[] | undefined): number {
  const defined = (definitions ?? []).filter((change) => change.action !== 'unchanged').length;
  return defined + (groupValues ?? []).reduce((sum, change) => sum + change.calls.length, 0);
}
