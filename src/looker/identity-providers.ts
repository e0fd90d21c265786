// The check of an identity provider's config (SAML, OIDC, LDAP): its mappings must be readable to count as checked.
import { arrayOf, shapeProblem } from '../core/reply-checks.js';

const mappings = arrayOf({ name: 'string?', required: 'boolean?', user_attribute_ids: 'array?' });

/**
 * Why a config reply is not as specified, or undefined. `enabled` and the mappings must be there
 * (absent, nothing was checked), and every mapped id must be a string: an id of another type would
 * never equal an attribute's id, so a mapped attribute would pass as unmapped.
 */
export function configProblem(body: unknown): string | undefined {
  const problem = shapeProblem(body, { user_attributes_with_ids: 'array' }, 'body');
  if (problem) return problem;
  const { enabled, user_attributes_with_ids: list } = body as { enabled?: unknown; user_attributes_with_ids: unknown[] };
  if (typeof enabled !== 'boolean') return 'body.enabled is not boolean';
  const at = 'body.user_attributes_with_ids';
  const wrong = mappings(list)?.replace(/^body/, at);
  if (wrong) return wrong;
  const i = list.findIndex((item) => (item as { user_attribute_ids?: unknown[] }).user_attribute_ids?.some((id) => typeof id !== 'string'));
  return i < 0 ? undefined : `${at}[${i}].user_attribute_ids holds an id that is not a string`;
}
