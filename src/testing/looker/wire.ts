// Looker's reply shapes, typed by the project's own OpenAPI document so the fake cannot drift from it.
import type { components } from '../../generated/looker.js';
import type { FakeRequestError, FakeErrorKind } from '../fake-error.js';
import { jsonReply } from '../replies.js';
import type { FakeIdentityProviderConfig } from './admin-types.js';
import type { LookerDirectory } from './directory.js';
import type { FakeLookerGroup, FakeLookerUser, FakeResolvedValue, FakeStoredGroupValue, FakeUserAttribute } from './types.js';

type Schemas = components['schemas'];

const STATUS_BY_KIND: Record<FakeErrorKind, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  validation: 422,
};

/** Looker links each error to a page named after the status, method and route. */
function documentationUrl(status: number, method: string, template: string): string {
  return `https://cloud.google.com/looker/docs/r/err/4.0/${status}/${method.toLowerCase()}${template.replace(/^\/api\/4\.0/, '')}`;
}

/**
 * Looker's `source` for a value: `User Setting` for the user's own, the group's name for a group's,
 * `Default` for the default.
 */
export function sourceName(resolved: FakeResolvedValue, directory: LookerDirectory): string {
  switch (resolved.source) {
    case 'user':
      return 'User Setting';
    case 'group':
      return directory.group(resolved.groupId as string).name;
    case 'default':
      return 'Default';
  }
}

/** The `UserAttributeWithValue` for one user and one value. Hidden attributes carry `value: null`. */
export function userAttributeWithValue(
  attribute: FakeUserAttribute,
  userId: string,
  resolved: FakeResolvedValue,
  directory: LookerDirectory,
): Schemas['UserAttributeWithValue'] {
  return withValue(attribute, userId, { value: resolved.value, rank: resolved.rank, source: sourceName(resolved, directory) });
}

/** The empty record `include_unset=true` adds for an attribute with no value anywhere. */
export function unsetUserAttributeValue(attribute: FakeUserAttribute, userId: string): Schemas['UserAttributeWithValue'] {
  return withValue(attribute, userId, { value: null, rank: null, source: 'No Value' });
}

function withValue(
  attribute: FakeUserAttribute,
  userId: string,
  { value, rank, source }: { value: string | null; rank: number | null; source: string },
): Schemas['UserAttributeWithValue'] {
  return {
    name: attribute.name,
    label: attribute.label,
    rank,
    value: attribute.valueIsHidden ? null : value,
    user_id: userId,
    user_can_edit: attribute.userCanEdit,
    value_is_hidden: attribute.valueIsHidden,
    user_attribute_id: attribute.id,
    source,
    hidden_value_domain_whitelist: attribute.hiddenValueDomainWhitelist,
  };
}

/** A `User` with the fields the fake keeps. */
export function lookerUser(user: FakeLookerUser): Schemas['User'] {
  return {
    id: user.id,
    email: user.email,
    display_name: user.displayName,
    first_name: user.firstName,
    last_name: user.lastName,
    is_disabled: user.isDisabled,
    group_ids: [...user.groupIds],
  };
}

/** A `Group`, with its member count. */
export function lookerGroup(group: FakeLookerGroup, userCount: number): Schemas['Group'] {
  return { id: group.id, name: group.name, user_count: userCount, externally_managed: group.externallyManaged };
}

/** A `UserAttribute` definition. */
export function lookerUserAttribute(attribute: FakeUserAttribute): Schemas['UserAttribute'] {
  return {
    can: {},
    id: attribute.id,
    name: attribute.name,
    label: attribute.label,
    type: attribute.type,
    default_value: attribute.defaultValue,
    is_system: attribute.isSystem,
    is_permanent: attribute.isPermanent,
    value_is_hidden: attribute.valueIsHidden,
    user_can_view: attribute.userCanView,
    user_can_edit: attribute.userCanEdit,
    hidden_value_domain_whitelist: attribute.hiddenValueDomainWhitelist,
    needed_for_ci_run: false,
    value_for_ci_run: null,
  };
}

/** A `UserAttributeGroupValue`. Hidden attributes carry `value: null`. */
export function userAttributeGroupValue(attribute: FakeUserAttribute, stored: FakeStoredGroupValue): Schemas['UserAttributeGroupValue'] {
  return {
    id: stored.id,
    group_id: stored.groupId,
    user_attribute_id: stored.userAttributeId,
    value_is_hidden: attribute.valueIsHidden,
    rank: stored.rank,
    value: attribute.valueIsHidden ? null : stored.value,
  };
}

/** A `SamlConfig`, `OIDCConfig` or `LDAPConfig`: the part the fake models. */
export function identityProviderConfig(config: FakeIdentityProviderConfig): Schemas['IdentityProviderConfig'] {
  return {
    enabled: config.enabled,
    user_attributes_with_ids: config.userAttributes.map((m) => ({ name: m.name, required: m.required, user_attribute_ids: [...m.userAttributeIds] })),
  };
}

/** An `AccessToken` reply. */
export function accessToken(token: string, expiresInSeconds: number): Schemas['AccessToken'] {
  return { access_token: token, token_type: 'Bearer', expires_in: expiresInSeconds, refresh_token: null };
}

/** The reply for a refused request: an `Error` body, or a `ValidationError` body for 422. */
export function lookerErrorReply(error: FakeRequestError, method: string, template: string): Response {
  const status = STATUS_BY_KIND[error.kind];
  const documentation_url = documentationUrl(status, method, template);
  if (error.kind !== 'validation') {
    const body: Schemas['Error'] = { message: error.message, documentation_url };
    return jsonReply(status, body);
  }
  const body: Schemas['ValidationError'] = {
    message: error.message,
    errors: error.fieldProblems.map((p) => ({ field: p.field, code: p.code, message: p.message, documentation_url })),
    documentation_url,
  };
  return jsonReply(status, body);
}

/** A 429 in Looker's format. */
export function lookerRateLimitedReply(method: string, path: string, headers: Record<string, string>): Response {
  const body: Schemas['Error'] = { message: 'Too Many Requests', documentation_url: documentationUrl(429, method, path) };
  return jsonReply(429, body, headers);
}
