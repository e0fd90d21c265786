// The identity-provider check of a plan: Looker's SAML, OIDC and LDAP configs, read once, and a
// warning for each managed attribute an enabled login sets (the sync's value would not stay).
import { failure, type PlainResult } from '../../core/result.js';
import { plainError, type SyncError } from '../model/errors.js';
import { writes, type IdentityProviderName, type PlannedLookerAttribute, type PlannedUser, type SyncWarning } from '../model/plan.js';
import type { SyncIdentityProviderConfig, SyncLooker } from '../model/ports.js';
import type { Lane } from '../lanes/lane.js';

/** What each provider is called, and what its side of a mapping is called. */
const PROVIDERS: Readonly<Record<IdentityProviderName, { name: string; attribute: string }>> = {
  saml: { name: 'SAML', attribute: 'assertion attribute' },
  oidc: { name: 'OIDC', attribute: 'OpenID attribute' },
  ldap: { name: 'LDAP', attribute: 'LDAP attribute' },
};

/** The port's optional method reading each provider's config. */
const METHODS = { saml: 'samlConfig', oidc: 'oidcConfig', ldap: 'ldapConfig' } as const satisfies Record<IdentityProviderName, keyof SyncLooker>;

/** One provider's config, or why it could not be read. */
export type ProviderRead = { readonly config: SyncIdentityProviderConfig } | { readonly unchecked: string };

/**
 * Reads the three configs through the Looker lane (so they count among the plan's calls). A 403 or
 * 404 (a non-admin API user; Looker (Google Cloud core) may deny them), or a client without the
 * method, is "could not check"; any other failure fails the plan, as any read of it does.
 */
export async function readIdentityProviders(
  lane: Lane,
  looker: SyncLooker,
  signal?: AbortSignal,
): Promise<PlainResult<Record<IdentityProviderName, ProviderRead>, SyncError>> {
  const providers = Object.keys(PROVIDERS) as IdentityProviderName[];
  const reads = await Promise.all(providers.map(async (provider): Promise<PlainResult<ProviderRead, SyncError>> => {
    const method = METHODS[provider];
    if (typeof looker[method] !== 'function') return { ok: true, data: { unchecked: 'the Looker client given cannot read it' } };
    // Called on the client, so that `this` holds.
    const read = await lane.run((options) => (looker[method] as NonNullable<SyncLooker[typeof method]>).call(looker, options), signal);
    if (read.ok) return { ok: true, data: { config: read.data } };
    if (read.error.status === 403 || read.error.status === 404) return { ok: true, data: { unchecked: `${read.error.status} ${read.error.kind}` } };
    return failure(plainError(read.error, 'looker'));
  }));
  const data = {} as Record<IdentityProviderName, ProviderRead>;
  for (const [i, read] of reads.entries()) {
    if (!read.ok) return read;
    data[providers[i] as IdentityProviderName] = read.data;
  }
  return { ok: true, data };
}

/**
 * The warnings of what was read, for the attributes the plan manages per user: one for each
 * mapping of an enabled provider that sets one of them, and, per attribute, one naming the
 * providers that could not be read.
 */
export function identityProviderWarnings(
  attributes: readonly PlannedLookerAttribute[],
  reads: Readonly<Record<IdentityProviderName, ProviderRead>>,
): SyncWarning[] {
  const warnings: SyncWarning[] = [];
  const entries = Object.entries(reads) as [IdentityProviderName, ProviderRead][];
  for (const attribute of attributes) {
    for (const [provider, read] of entries) {
      if (!('config' in read) || read.config.enabled !== true) continue;
      for (const mapping of read.config.user_attributes_with_ids) {
        if (!mapping.user_attribute_ids?.map(String).includes(attribute.id)) continue;
        const { name, attribute: side } = PROVIDERS[provider];
        const from = `${side} ${JSON.stringify(mapping.name ?? '')}`;
        const message = `Looker sets ${attribute.name} from the ${name} identity provider (its ${from}) at each login: `
          + 'a value the sync writes lasts only until the user next logs in. Remove the attribute from the mapping, '
          + `or from the ${name} configuration's user attribute mappings`;
        const kind = 'identity_provider_mapped';
        warnings.push({ service: 'looker', attribute: attribute.name, kind, message, providers: [provider], providerAttribute: mapping.name ?? '' });
      }
    }
    const unchecked = entries.flatMap(([provider, read]) => ('unchecked' in read ? [{ provider, why: read.unchecked }] : []));
    if (!unchecked.length) continue;
    const which = unchecked.map(({ provider, why }) => `${PROVIDERS[provider].name} (${why})`).join(', ');
    const message = `could not check whether a login through ${which} sets ${attribute.name}: if one does, a value the sync writes lasts only `
      + 'until the user next logs in. Reading these configurations needs an API user with the admin role';
    warnings.push({ service: 'looker', attribute: attribute.name, kind: 'identity_provider_unchecked', message, providers: unchecked.map(({ provider }) => provider) });
  }
  return warnings;
}

/**
 * The identity-provider warnings of a plan: the configs are read (three calls) only when the plan
 * writes a Looker user value, and none is read otherwise.
 */
export async function checkIdentityProviders(
  lane: Lane,
  looker: SyncLooker | undefined,
  attributes: readonly PlannedLookerAttribute[] | undefined,
  users: readonly { readonly user: PlannedUser }[],
  signal?: AbortSignal,
): Promise<PlainResult<SyncWarning[], SyncError>> {
  if (!looker || !attributes?.length || !users.some(({ user }) => user.looker?.changes.some(writes))) return { ok: true, data: [] };
  const reads = await readIdentityProviders(lane, looker, signal);
  return reads.ok ? { ok: true, data: identityProviderWarnings(attributes, reads.data) } : reads;
}
