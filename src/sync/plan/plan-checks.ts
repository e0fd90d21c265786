// The checks a plan makes once the records are compared: the identity providers' mappings, and the
// effective values of the attributes whose definitions or group values change. Their calls go
// through the plain Looker lane: counted in the plan's calls, but not reads of users or listings.
import { success, type PlainResult } from '../../core/result.js';
import type { EffectiveSection } from '../model/effective.js';
import type { SyncError } from '../model/errors.js';
import type { SyncWarning } from '../model/plan.js';
import type { Compared } from './compare-records.js';
import type { PlannedLayerState } from './effective-layers.js';
import { planEffective } from './effective-plan.js';
import type { Gathered, PlanContext } from './gather.js';
import { checkIdentityProviders } from './identity-providers.js';

/** What the checks add to the plan. */
export interface PlanChecks {
  readonly warnings: readonly SyncWarning[];
  readonly effective: readonly EffectiveSection[];
}

/** Runs the checks; a failed read fails the plan, as any of its reads does (a 403 or 404 on the configs does not). */
export async function checkPlan(
  context: PlanContext,
  gathered: Gathered,
  compared: Compared,
  layers: PlannedLayerState | undefined,
  signal?: AbortSignal,
): Promise<PlainResult<PlanChecks, SyncError>> {
  const lane = context.lanes.looker;
  const attributes = gathered.looker && [...gathered.looker.attributes.values()];
  const checked = await checkIdentityProviders(lane, context.looker, attributes, compared.users, signal);
  if (!checked.ok) return checked;
  if (!layers || !context.looker) return success({ warnings: checked.data, effective: [] });
  const found = { directory: gathered.looker?.directory.directory, own: compared.ownValues };
  const effective = await planEffective(lane, context.looker, layers, found, signal);
  if (!effective.ok) return effective;
  return success({ warnings: [...checked.data, ...effective.data.warnings], effective: effective.data.sections });
}
