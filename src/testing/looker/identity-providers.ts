// The fake Looker's SAML, OIDC and LDAP configs: whether each is on and which user attributes its logins set.
import { checkOptionalBoolean } from '../checks.js';
import type { FakeIdentityProvider, FakeIdentityProviderConfig, FakeIdentityProviderMapping, FakeIdentityProviderSeed } from './admin-types.js';

/** The providers, in the order Looker's API lists them. */
export const IDENTITY_PROVIDERS: readonly FakeIdentityProvider[] = ['saml', 'oidc', 'ldap'];

const OFF: FakeIdentityProviderConfig = { enabled: false, userAttributes: [] };

/** Each provider's config; never configured, it is off with no mappings. */
export class IdentityProviders {
  #configs = new Map<FakeIdentityProvider, FakeIdentityProviderConfig>();

  /** Checks a seed (every mapped id must pass `isAttribute`) and stores it. */
  set(provider: FakeIdentityProvider, seed: FakeIdentityProviderSeed, isAttribute: (id: string) => boolean): FakeIdentityProviderConfig {
    const who = `setIdentityProvider(${JSON.stringify(provider)})`;
    if (!IDENTITY_PROVIDERS.includes(provider)) throw new TypeError(`${who}: the provider must be one of ${IDENTITY_PROVIDERS.join(', ')}`);
    if (typeof seed !== 'object' || seed === null) throw new TypeError(`${who}: the config must be an object`);
    checkOptionalBoolean(`${who}: enabled`, seed.enabled);
    const given: unknown = seed.userAttributes ?? [];
    if (!Array.isArray(given)) throw new TypeError(`${who}: userAttributes must be an array of { name, required?, userAttributeIds }`);
    const userAttributes = given.map((item: unknown, i): FakeIdentityProviderMapping => {
      const at = `${who}: userAttributes[${i}]`;
      const { name, required, userAttributeIds } = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
      if (typeof name !== 'string' || name === '') throw new TypeError(`${at}.name must be a non-empty string`);
      checkOptionalBoolean(`${at}.required`, required);
      if (!Array.isArray(userAttributeIds) || userAttributeIds.some((id) => typeof id !== 'string' || !isAttribute(id)))
        throw new TypeError(`${at}.userAttributeIds must be an array of the ids of user attributes`);
      return { name, required: required ?? false, userAttributeIds: [...(userAttributeIds as string[])] };
    });
    this.#configs.set(provider, { enabled: seed.enabled ?? true, userAttributes });
    return this.get(provider);
  }

  /** A copy of the provider's config. */
  get(provider: FakeIdentityProvider): FakeIdentityProviderConfig {
    const { enabled, userAttributes } = this.#configs.get(provider) ?? OFF;
    return { enabled, userAttributes: userAttributes.map((m) => ({ ...m, userAttributeIds: [...m.userAttributeIds] })) };
  }

  /** Every provider's config. */
  all(): Record<FakeIdentityProvider, FakeIdentityProviderConfig> {
    return { saml: this.get('saml'), oidc: this.get('oidc'), ldap: this.get('ldap') };
  }

  /** Removes a deleted attribute from every mapping. */
  forget(userAttributeId: string): void {
    for (const [provider, config] of this.#configs) {
      const userAttributes = config.userAttributes.map((m) => ({
        ...m,
        userAttributeIds: m.userAttributeIds.filter((id) => id !== userAttributeId),
      }));
      this.#configs.set(provider, { ...config, userAttributes });
    }
  }
}
