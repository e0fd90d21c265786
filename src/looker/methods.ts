// The Looker operations, one entry each: which input fields they check and how openapi-fetch sends them.
import type { Client } from 'openapi-fetch';
import { checkCount, checkNameList, checkOptional, checkPathId, checkString, type InputCheck } from '../core/input-checks.js';
import { arrayOf, objectOf, type Shape } from '../core/reply-checks.js';
import type { components, paths } from '../generated/looker.js';
import { checkDefinition } from './attribute-input.js';
import { configProblem } from './identity-providers.js';
import { checkGroupValues } from './input.js';
import type { MethodSpec } from './operation.js';

/** The fields of a user this SDK reads, and their declared types. */
export const USER_SHAPE: Shape = { id: 'string?', email: 'string?', is_disabled: 'boolean?', group_ids: 'array?' };
const GROUP_SHAPE: Shape = { id: 'string?', name: 'string?' };
/** The fields of a user attribute this SDK reads. */
export const ATTRIBUTE_SHAPE: Shape = {
  id: 'string?',
  name: 'string?',
  type: 'string?',
  default_value: 'string?',
  value_is_hidden: 'boolean?',
  user_can_edit: 'boolean?',
};
// One definition read, created or updated: all of it, and its id, which the caller needs next.
const DEFINITION_SHAPE: Shape = {
  ...ATTRIBUTE_SHAPE,
  id: 'string',
  label: 'string?',
  user_can_view: 'boolean?',
  is_system: 'boolean?',
  is_permanent: 'boolean?',
  hidden_value_domain_whitelist: 'string?',
};
const VALUE_SHAPE: Shape = { user_attribute_id: 'string?', value: 'string?', source: 'string?', rank: 'integer?', value_is_hidden: 'boolean?' };
const GROUP_VALUE_SHAPE: Shape = { group_id: 'string?', value: 'string?', rank: 'integer?', value_is_hidden: 'boolean?' };

const noBody = (body: unknown) => (body === undefined ? undefined : 'body is not empty');

/**
 * Checks an optional list of ids or field names, sent comma-joined. An empty list is refused: it
 * would be sent as no list at all, and Looker would then return every user, attribute or field.
 */
export function checkList(check: InputCheck, path: string, value: unknown): string[] | undefined {
  const items = checkNameList(check, path, value);
  if (items?.length === 0) check.add(path, 'must not be empty (leave it out for all)');
  return items;
}

/** Checks the query fields every page of a list takes. */
function pageQuery(check: InputCheck, { fields, limit, offset, sorts }: Record<string, unknown>) {
  return {
    fields: checkList(check, 'fields', fields),
    limit: checkCount(check, 'limit', limit, 1),
    offset: checkCount(check, 'offset', offset, 0),
    sorts: checkOptional(check, 'sorts', sorts, 'string'),
  };
}

/** Checks the id of the attribute a definition method names. */
function attributePath(check: InputCheck, { userAttributeId }: Record<string, unknown>) {
  checkPathId(check, 'userAttributeId', userAttributeId);
  return { params: { path: { user_attribute_id: userAttributeId as string } } };
}

/** Checks the two path ids of a value and returns them by their spec names. */
function valuePath(check: InputCheck, owner: 'userId' | 'groupId', fields: Record<string, unknown>) {
  checkPathId(check, owner, fields[owner]);
  checkPathId(check, 'userAttributeId', fields.userAttributeId);
  return { owner: fields[owner] as string, user_attribute_id: fields.userAttributeId as string };
}

/** Every wrapped Looker operation but login and logout, keyed by method name. */
export function lookerMethods(api: Client<paths>) {
  return {
    setUserAttributeUserValue: {
      name: 'set_user_attribute_user_value',
      prepare(check, fields) {
        const { owner, user_attribute_id } = valuePath(check, 'userId', fields);
        checkString(check, 'value', fields.value);
        const body = { value: fields.value as string };
        return (via) => api.PATCH('/users/{user_id}/attribute_values/{user_attribute_id}', { params: { path: { user_id: owner, user_attribute_id } }, body, ...via });
      },
      check: objectOf(VALUE_SHAPE),
    },
    deleteUserAttributeUserValue: {
      name: 'delete_user_attribute_user_value',
      prepare(check, fields) {
        const { owner, user_attribute_id } = valuePath(check, 'userId', fields);
        return (via) => api.DELETE('/users/{user_id}/attribute_values/{user_attribute_id}', { params: { path: { user_id: owner, user_attribute_id } }, ...via });
      },
      check: noBody,
    },
    updateUserAttributeGroupValue: {
      name: 'update_user_attribute_group_value',
      prepare(check, fields) {
        const { owner, user_attribute_id } = valuePath(check, 'groupId', fields);
        checkString(check, 'value', fields.value);
        const body = { value: fields.value as string };
        return (via) => api.PATCH('/groups/{group_id}/attribute_values/{user_attribute_id}', { params: { path: { group_id: owner, user_attribute_id } }, body, ...via });
      },
      check: objectOf(GROUP_VALUE_SHAPE),
    },
    deleteUserAttributeGroupValue: {
      name: 'delete_user_attribute_group_value',
      prepare(check, fields) {
        const { owner, user_attribute_id } = valuePath(check, 'groupId', fields);
        return (via) => api.DELETE('/groups/{group_id}/attribute_values/{user_attribute_id}', { params: { path: { group_id: owner, user_attribute_id } }, ...via });
      },
      check: noBody,
    },
    setUserAttributeGroupValues: {
      name: 'set_user_attribute_group_values',
      prepare(check, { userAttributeId, groupValues }) {
        checkPathId(check, 'userAttributeId', userAttributeId);
        const body = checkGroupValues(check, groupValues);
        const path = { user_attribute_id: userAttributeId as string };
        return (via) => api.POST('/user_attributes/{user_attribute_id}/group_values', { params: { path }, body, ...via });
      },
      check: arrayOf(GROUP_VALUE_SHAPE),
    },
    allUserAttributeGroupValues: {
      name: 'all_user_attribute_group_values',
      prepare(check, { userAttributeId, fields }) {
        checkPathId(check, 'userAttributeId', userAttributeId);
        const params = { path: { user_attribute_id: userAttributeId as string }, query: { fields: checkList(check, 'fields', fields) } };
        return (via) => api.GET('/user_attributes/{user_attribute_id}/group_values', { params, ...via });
      },
      check: arrayOf(GROUP_VALUE_SHAPE),
    },
    userAttributeUserValues: {
      name: 'user_attribute_user_values',
      prepare(check, { userId, userAttributeIds, allValues, includeUnset, fields }) {
        checkPathId(check, 'userId', userId);
        const query = {
          user_attribute_ids: checkList(check, 'userAttributeIds', userAttributeIds),
          all_values: checkOptional(check, 'allValues', allValues, 'boolean'),
          include_unset: checkOptional(check, 'includeUnset', includeUnset, 'boolean'),
          fields: checkList(check, 'fields', fields),
        };
        const params = { path: { user_id: userId as string }, query };
        return (via) => api.GET('/users/{user_id}/attribute_values', { params, ...via });
      },
      check: arrayOf(VALUE_SHAPE),
    },
    allUsers: {
      name: 'all_users',
      optionalInput: true,
      prepare(check, fields) {
        const query = { ...pageQuery(check, fields), ids: checkList(check, 'ids', fields.ids) };
        return (via) => api.GET('/users', { params: { query }, ...via });
      },
      check: arrayOf(USER_SHAPE),
    },
    searchUsers: {
      name: 'search_users',
      optionalInput: true,
      prepare(check, fields) {
        const query = {
          ...pageQuery(check, fields),
          email: checkOptional(check, 'email', fields.email, 'string'),
          is_disabled: checkOptional(check, 'isDisabled', fields.isDisabled, 'boolean'),
        };
        return (via) => api.GET('/users/search', { params: { query }, ...via });
      },
      check: arrayOf(USER_SHAPE),
    },
    allUserAttributes: {
      name: 'all_user_attributes',
      optionalInput: true,
      prepare(check, { fields, sorts }) {
        const query = { fields: checkList(check, 'fields', fields), sorts: checkOptional(check, 'sorts', sorts, 'string') };
        return (via) => api.GET('/user_attributes', { params: { query }, ...via });
      },
      check: arrayOf(ATTRIBUTE_SHAPE),
    },
    allGroups: {
      name: 'all_groups',
      optionalInput: true,
      prepare(check, fields) {
        const query = { ...pageQuery(check, fields), ids: checkList(check, 'ids', fields.ids) };
        return (via) => api.GET('/groups', { params: { query }, ...via });
      },
      check: arrayOf(GROUP_SHAPE),
    },
    searchGroups: {
      name: 'search_groups',
      optionalInput: true,
      prepare(check, fields) {
        const query = { ...pageQuery(check, fields), name: checkOptional(check, 'name', fields.name, 'string') };
        return (via) => api.GET('/groups/search', { params: { query }, ...via });
      },
      check: arrayOf(GROUP_SHAPE),
    },
    createUserAttribute: {
      name: 'create_user_attribute',
      prepare(check, fields) {
        const body = checkDefinition(check, fields, true) as components['schemas']['UserAttributeCreate'];
        return (via) => api.POST('/user_attributes', { body, ...via });
      },
      check: objectOf(DEFINITION_SHAPE),
    },
    userAttribute: {
      name: 'user_attribute',
      prepare(check, fields) {
        const params = attributePath(check, fields);
        return (via) => api.GET('/user_attributes/{user_attribute_id}', { ...params, ...via });
      },
      check: objectOf(DEFINITION_SHAPE),
    },
    updateUserAttribute: {
      name: 'update_user_attribute',
      prepare(check, fields) {
        const params = attributePath(check, fields);
        const body = checkDefinition(check, fields, false);
        return (via) => api.PATCH('/user_attributes/{user_attribute_id}', { ...params, body, ...via });
      },
      check: objectOf(DEFINITION_SHAPE),
    },
    deleteUserAttribute: {
      name: 'delete_user_attribute',
      prepare(check, fields) {
        const params = attributePath(check, fields);
        return (via) => api.DELETE('/user_attributes/{user_attribute_id}', { ...params, ...via });
      },
      check: noBody,
    },
    allGroupUsers: {
      name: 'all_group_users',
      prepare(check, fields) {
        checkPathId(check, 'groupId', fields.groupId);
        const params = { path: { group_id: fields.groupId as string }, query: pageQuery(check, fields) };
        return (via) => api.GET('/groups/{group_id}/users', { params, ...via });
      },
      check: arrayOf(USER_SHAPE),
    },
    samlConfig: { name: 'saml_config', noInput: true, prepare: () => (via) => api.GET('/saml_config', { ...via }), check: configProblem },
    oidcConfig: { name: 'oidc_config', noInput: true, prepare: () => (via) => api.GET('/oidc_config', { ...via }), check: configProblem },
    ldapConfig: { name: 'ldap_config', noInput: true, prepare: () => (via) => api.GET('/ldap_config', { ...via }), check: configProblem },
  } satisfies Record<string, MethodSpec>;
}
