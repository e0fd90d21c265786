// The fake Looker's endpoints for user attribute definitions and the identity providers' configs.
import { FakeRequestError } from '../fake-error.js';
import { emptyReply, jsonReply } from '../replies.js';
import type { FakeIdentityProvider, FakeUserAttributeChanges } from './admin-types.js';
import { readObjectBody, type LookerHandler, type LookerRequest } from './handler.js';
import { identityProviderConfig as configReply, lookerUserAttribute } from './wire.js';

/** Each writable property of a definition on the wire, and its name in the model. */
const PROPERTIES = {
  name: 'name',
  label: 'label',
  type: 'type',
  default_value: 'defaultValue',
  value_is_hidden: 'valueIsHidden',
  user_can_view: 'userCanView',
  user_can_edit: 'userCanEdit',
  hidden_value_domain_whitelist: 'hiddenValueDomainWhitelist',
} as const;

/**
 * The definition properties a body gives, unchecked (the model checks them). Other fields, the
 * read-only `id`, `is_system` and `is_permanent` among them, are ignored, as Looker ignores them.
 */
async function definitionOf(request: Request): Promise<FakeUserAttributeChanges> {
  const body = await readObjectBody(request);
  const given = Object.entries(PROPERTIES).filter(([wire]) => Object.hasOwn(body, wire));
  return Object.fromEntries(given.map(([wire, property]) => [property, body[wire]]));
}

/** `POST /user_attributes`. */
export async function createUserAttribute({ request, model }: LookerRequest): Promise<Response> {
  const created = model.createUserAttribute((await definitionOf(request)) as Parameters<typeof model.createUserAttribute>[0]);
  return jsonReply(200, lookerUserAttribute(created));
}

/** `GET /user_attributes/{user_attribute_id}`. */
export function userAttribute({ model, params }: LookerRequest): Response {
  return jsonReply(200, lookerUserAttribute(model.attribute(params.user_attribute_id!)));
}

/** `PATCH /user_attributes/{user_attribute_id}`: an unknown id is a 404 before the body is read. */
export async function updateUserAttribute({ request, model, params }: LookerRequest): Promise<Response> {
  const { id } = model.attribute(params.user_attribute_id!);
  return jsonReply(200, lookerUserAttribute(model.updateUserAttribute(id, await definitionOf(request))));
}

/** `DELETE /user_attributes/{user_attribute_id}`: 204, with every value of the attribute. */
export function deleteUserAttribute({ model, params }: LookerRequest): Response {
  model.deleteUserAttribute(params.user_attribute_id!);
  return emptyReply();
}

const NAMES: Record<FakeIdentityProvider, string> = { saml: 'the SAML', oidc: 'the OIDC', ldap: 'the LDAP' };

/**
 * `GET /saml_config`, `/oidc_config` or `/ldap_config`: 404 for everyone with the
 * `authConfigsNotFound` option (as Looker (Google Cloud core) may answer), else 403 for a non-admin.
 */
export const identityProviderConfig =
  (provider: FakeIdentityProvider): LookerHandler =>
    ({ model, token }) => {
      const what = `${NAMES[provider]} configuration`;
      if (model.authConfigsNotFound) throw new FakeRequestError('not_found', `Not found: ${what} is not available here`);
      model.sessions.requireAdmin(token, what);
      return jsonReply(200, configReply(model.identityProvider(provider)));
    };
