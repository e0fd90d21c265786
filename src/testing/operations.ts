// The services and operation ids the fake serves, and what an endpoint is.
import type { operations } from '../generated/looker.js';

/** The two fake services. */
export type ServiceName = 'looker' | 'dx';

/** Operation ids of the fake Looker's endpoints, as in Looker's API 4.0 description. */
export const LOOKER_OPERATIONS = [
  'login',
  'logout',
  'all_users',
  'search_users',
  'all_groups',
  'search_groups',
  'all_user_attributes',
  'set_user_attribute_user_value',
  'delete_user_attribute_user_value',
  'user_attribute_user_values',
  'update_user_attribute_group_value',
  'delete_user_attribute_group_value',
  'all_user_attribute_group_values',
  'set_user_attribute_group_values',
  'create_user_attribute',
  'user_attribute',
  'update_user_attribute',
  'delete_user_attribute',
  'all_group_users',
  'saml_config',
  'oidc_config',
  'ldap_config',
] as const satisfies readonly (keyof operations)[];

/** An operation of the fake Looker. */
export type LookerOperation = (typeof LOOKER_OPERATIONS)[number];

/** Operation ids of the fake DX's endpoints. */
export const DX_OPERATIONS = ['users.list', 'users.attributes.update'] as const;

/** An operation of the fake DX. */
export type DxOperation = (typeof DX_OPERATIONS)[number];

/** Any operation of either fake service. */
export type FakeOperation = LookerOperation | DxOperation;

/** What a fake service will do with one request, found by its method and path. */
export interface Endpoint<Op extends FakeOperation> {
  /** The operation the request names; undefined when no endpoint matches. */
  readonly operation: Op | undefined;
  /** Answers the request from the model (a 404 in the service's format when nothing matched). */
  respond(request: Request): Promise<Response>;
}
