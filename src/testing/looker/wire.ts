// Looker's reply shapes, typed by the project's own OpenAPI document so the fake cannot drift from it.
import type { components } from '../../generated/looker.js';
import type { FakeRequestError, FakeErrorKind } from '../fake-error.js';
import { jsonReply } from '../replies.js';
import type { ResolvedValue, StoredGroupValue, UserAttribute } from './types.js';

type Schemas = components['schemas'];

const STATUS_BY_KIND: Record<FakeErrorKind, number> = {
  bad_request: 400,
  unauthorized: 401,
  not_found: 404,
  conflict: 409,
  validation: 422,
};

/** Looker links each error to a page named after the status, method and route. */
function documentationUrl(status: number, method: string, template: string): string {
  return `https://cloud.google.com/looker/docs/r/err/4.0/${status}/${method.toLowerCase()}${template.replace(/^\/api\/4\.0/, '')}`;
}

/** The `UserAttributeWithValue` for one user. Hidden attributes carry `value: null`. */
export function userAttributeWithValue(
  attribute: UserAttribute,
  userId: string,
  resolved: ResolvedValue,
): Schemas['UserAttributeWithValue'] {
  return {
    name: attribute.name,
    label: attribute.label,
    rank: resolved.rank,
    value: attribute.valueIsHidden ? null : resolved.value,
    user_id: userId,
    user_can_edit: attribute.userCanEdit,
    value_is_hidden: attribute.valueIsHidden,
    user_attribute_id: attribute.id,
    source: resolved.source,
    hidden_value_domain_whitelist: null,
  };
}

/** A `UserAttributeGroupValue`. Hidden attributes carry `value: null`. */
export function userAttributeGroupValue(attribute: UserAttribute, stored: StoredGroupValue): Schemas['UserAttributeGroupValue'] {
  return {
    id: stored.id,
    group_id: stored.groupId,
    user_attribute_id: stored.userAttributeId,
    value_is_hidden: attribute.valueIsHidden,
    rank: stored.rank,
    value: attribute.valueIsHidden ? null : stored.value,
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
