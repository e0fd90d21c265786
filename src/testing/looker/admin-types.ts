// What tests give and read of the fake Looker's attribute definitions and identity providers.

/** A new definition, as `POST /user_attributes` takes it (camelCase here). */
export interface FakeUserAttributeDefinition {
  /** Lowercase letters, digits and underscores; unique. */
  name: string;
  /** Unique, ignoring case. */
  label: string;
  /** One of `FakeUserAttributeType`; any other is refused with 422. */
  type: string;
  /** Must fit the type. Default null. */
  defaultValue?: string | null;
  /** Needs `hiddenValueDomainWhitelist`, and users who can neither view nor edit. Default false. */
  valueIsHidden?: boolean;
  /** Default false. */
  userCanView?: boolean;
  /** Needs `userCanView`. Default false. */
  userCanEdit?: boolean;
  /** Only for hidden values; cannot be edited once set. Default null. */
  hiddenValueDomainWhitelist?: string | null;
}

/** What `PATCH /user_attributes/{user_attribute_id}` changes: only the properties given. */
export type FakeUserAttributeChanges = Partial<FakeUserAttributeDefinition>;

/** The identity providers whose configs Looker serves: `GET /saml_config`, `/oidc_config`, `/ldap_config`. */
export type FakeIdentityProvider = 'saml' | 'oidc' | 'ldap';

/** One attribute of a provider's assertion and the Looker user attributes it sets at each login. */
export interface FakeIdentityProviderMapping {
  readonly name: string;
  /** Whether a login without it fails. */
  readonly required: boolean;
  readonly userAttributeIds: readonly string[];
}

/** An identity provider's config, as far as the fake models it. */
export interface FakeIdentityProviderConfig {
  readonly enabled: boolean;
  /** Deleting a user attribute removes its id from every mapping. */
  readonly userAttributes: readonly FakeIdentityProviderMapping[];
}

/** What `setIdentityProvider` takes. */
export interface FakeIdentityProviderSeed {
  /** Default true. */
  enabled?: boolean;
  /** The mappings; each id must name a user attribute. Default none. */
  userAttributes?: readonly { name: string; required?: boolean; userAttributeIds: readonly string[] }[];
}
