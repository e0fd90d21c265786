// The Looker operations the definitions and group values layers call, by shape (the Looker client
// has them all), and the fields of a definition and a group value they read.
import type { Result } from '../../core/result.js';
import type { LookerGroup, LookerUserAttribute, UserAttributeGroupValue } from '../../looker/types.js';
import type { DefinitionProperties } from './layers.js';
import type { PortCallOptions, PortError } from './ports.js';

/** A definition as the layers read it: `all_user_attributes` with these fields. */
export type LookerDefinition = Pick<
  LookerUserAttribute,
  'name' | 'label' | 'type' | 'default_value' | 'value_is_hidden' | 'user_can_view' | 'user_can_edit' | 'is_system' | 'is_permanent' | 'hidden_value_domain_whitelist'
> & { readonly id: string };

/** The properties of a definition Looker holds. */
export function propertiesOf(current: LookerDefinition): DefinitionProperties {
  return {
    type: current.type ?? null,
    label: current.label ?? null,
    defaultValue: current.default_value ?? null,
    valueIsHidden: current.value_is_hidden === true,
    userCanView: current.user_can_view === true,
    userCanEdit: current.user_can_edit === true,
    hiddenValueDomainWhitelist: current.hidden_value_domain_whitelist ?? null,
  };
}

/** The fields of a definition the layers ask for. */
export const DEFINITION_FIELDS = [
  'id', 'name', 'label', 'type', 'default_value', 'value_is_hidden', 'user_can_view', 'user_can_edit', 'is_system', 'is_permanent', 'hidden_value_domain_whitelist',
] as const;

/** A definition's properties as createUserAttribute and updateUserAttribute take them. */
export interface DefinitionInput {
  name?: string;
  label?: string;
  type?: string;
  defaultValue?: string | null;
  valueIsHidden?: boolean;
  userCanView?: boolean;
  userCanEdit?: boolean;
  hiddenValueDomainWhitelist?: string | null;
}

type Call<I, O> = (input: I, options?: PortCallOptions) => Promise<Result<O, PortError>>;

/** The Looker methods the layers call (all of them members of the Looker client). */
/** A group value as Looker gives it to the sync. */
export type GroupValueRead = Pick<UserAttributeGroupValue, 'group_id' | 'value' | 'rank' | 'value_is_hidden'>;

export interface SyncLookerLayers {
  readonly baseUrl: string;
  allUserAttributes: Call<{ fields?: readonly string[] }, Pick<LookerUserAttribute, 'id' | 'name'>[]>;
  allGroups: Call<{ fields?: readonly string[]; limit?: number; offset?: number }, Pick<LookerGroup, 'id' | 'name'>[]>;
  allUserAttributeGroupValues: Call<{ userAttributeId: string; fields?: readonly string[] }, GroupValueRead[]>;
  createUserAttribute: Call<DefinitionInput & { name: string; label: string; type: string }, { id?: string | null }>;
  updateUserAttribute: Call<DefinitionInput & { userAttributeId: string }, unknown>;
  deleteUserAttribute: Call<{ userAttributeId: string }, unknown>;
  updateUserAttributeGroupValue: Call<{ groupId: string; userAttributeId: string; value: string }, unknown>;
  deleteUserAttributeGroupValue: Call<{ groupId: string; userAttributeId: string }, unknown>;
  setUserAttributeGroupValues: Call<{ userAttributeId: string; groupValues: readonly { groupId: string; value: string; rank?: number }[] }, unknown>;
}

/** The methods a Looker client needs for the layers (checked when the mapping declares `looker`). */
export const LAYER_METHODS = [
  'allGroups', 'allUserAttributeGroupValues', 'createUserAttribute', 'updateUserAttribute', 'deleteUserAttribute',
  'updateUserAttributeGroupValue', 'deleteUserAttributeGroupValue', 'setUserAttributeGroupValues',
] as const;

/** The client as the layers call it, or undefined when it lacks one of their methods. */
export function layerPort(looker: object): SyncLookerLayers | undefined {
  const members = looker as Record<string, unknown>;
  return LAYER_METHODS.every((name) => typeof members[name] === 'function') ? (looker as SyncLookerLayers) : undefined;
}
