// The rails apply checks before anything is sent: a client for every service the plan writes to,
// and for the very Looker and DX it was made against; the removal cap; the call budget against
// the forecast. Any of them refuses the whole run.
import type { SyncError } from '../model/errors.js';
import { LAYER_METHODS, layerPort } from '../model/layer-ports.js';
import { writes, type SyncPlan } from '../model/plan.js';
import type { ApplyContext, ApplyOptions } from './options.js';
import { layerChanges } from './layer-work.js';
import type { Work } from './plan-work.js';
import { overRemovalCap, removalCapProblem } from './removal-cap.js';

/** Default `maxRemovals`: more removals than this refuse the whole run. */
export const DEFAULT_MAX_REMOVALS = 10;
/** Default `maxPlanAgeMs`: plans older than an hour are re-checked user by user. */
export const DEFAULT_MAX_PLAN_AGE_MS = 3_600_000;

const invalid = (path: string, problem: string): SyncError => ({ kind: 'invalid_plan', message: `invalid plan: ${path} ${problem}`, issues: [{ path, problem }] });

/** Before the journal is read: the clients the plan needs, for the services it was made against, and the options' numbers. */
export function checkRails(plan: SyncPlan, clients: Pick<ApplyContext, 'looker' | 'dx'>, options: ApplyOptions): SyncError | undefined {
  for (const service of ['looker', 'dx'] as const) {
    const name = service === 'looker' ? 'Looker' : 'DX';
    const client = clients[service];
    if (!client && plan.users.some((user) => user[service]?.changes.some(writes)))
      return invalid(`services.${service}`, `writes to ${name}, but no ${name} client was given`);
    const planned = plan.services[service];
    // A plan that changes only Looker's definitions or group values records the Looker it read too.
    if (client && 'baseUrl' in planned && planned.baseUrl !== undefined && planned.baseUrl !== client.baseUrl) {
      const [was, is] = [planned.baseUrl, client.baseUrl];
      const message = `the plan was made against ${name} at ${was}, but the ${name} client is for ${is}: nothing was sent. `
        + `Apply it with a client for ${was}, or make a new plan against ${is}`;
      return { kind: 'service_mismatch', message, service, planned: was, given: is };
    }
  }
  if (layerChanges(plan).length && !(clients.looker && layerPort(clients.looker)))
    return invalid('definitions', `changes Looker's definitions or group values, but ${clients.looker ? `the Looker client lacks ${LAYER_METHODS.join(', ')}` : 'no Looker client was given'}`);
  const { maxRemovals = DEFAULT_MAX_REMOVALS, maxPlanAgeMs = DEFAULT_MAX_PLAN_AGE_MS } = options;
  const capProblem = removalCapProblem(maxRemovals);
  if (capProblem) return invalid('maxRemovals', capProblem);
  if (!(Number.isFinite(maxPlanAgeMs) && maxPlanAgeMs >= 0)) return invalid('maxPlanAgeMs', 'must be milliseconds');
  return undefined;
}

/** Once the work is known: the removals it holds against `maxRemovals`, the requests it needs against `maxCalls`. */
export function checkLimits(work: Work, options: ApplyOptions, plan: SyncPlan): SyncError | undefined {
  const { maxRemovals = DEFAULT_MAX_REMOVALS, maxCalls = {} } = options;
  const overCap = overRemovalCap(maxRemovals, work.removals, plan);
  if (overCap) return overCap;
  for (const service of ['looker', 'dx'] as const) {
    const limit = maxCalls[service];
    if (limit !== undefined && work.forecast[service] > limit) {
      const message = `the run needs ${work.forecast[service]} ${service} calls, more than maxCalls.${service} (${limit}): nothing was sent`;
      return { kind: 'over_budget', message, service, forecast: work.forecast[service], maxCalls: limit };
    }
  }
  return undefined;
}
