// Gather, the first step of a plan: what a plan run works with, the names resolved once (Looker
// attributes and users, the DX listing), and the services a plan skips or cannot serve.
import { failure, type PlainResult } from '../../core/result.js';
import type { Runtime } from '../../core/runtime.js';
import { type NoServiceError, type SyncError } from '../model/errors.js';
import { dxNames, lookerNames, type SyncMapping } from '../model/mapping.js';
import type { PlannedLookerAttribute } from '../model/plan.js';
import type { SyncDx, SyncLooker } from '../model/ports.js';
import { loadDxUsers, type DxDirectory } from '../reads/dx-listing.js';
import { unknownDxNames } from './dx-names.js';
import type { AttributeRef } from '../reads/looker-values.js';
import { loadLookerAttributes } from './looker-attributes.js';
import { lookerUserFinder, type LookerUserFinder, type LookerUsersMode } from './looker-finder.js';
import type { Lane } from '../lanes/lane.js';

/** What a plan run works with. */
export interface PlanContext {
  readonly mapping: SyncMapping;
  readonly looker?: SyncLooker;
  readonly dx?: SyncDx;
  readonly lanes: { readonly looker: Lane; readonly dx: Lane };
  readonly runtime: Runtime;
  /** Users whose Looker values are read at once (beyond the lane's own bound). */
  readonly readAhead: number;
}

/** The error of a plan its signal aborted. */
export const abortedError = (signal: AbortSignal | undefined): SyncError => ({ kind: 'aborted', message: `the plan was aborted: ${String(signal?.reason ?? 'aborted')}` });

/** What the names resolved to, per service planned. */
export interface Gathered {
  looker?: { directory: LookerUserFinder; attributes: Map<string, PlannedLookerAttribute>; refs: AttributeRef[] };
  dx?: DxDirectory;
}

/** How the plan finds Looker users: as told, or (`auto`) the cheaper way for this many records (undefined: more than `COUNT_AHEAD`). */
export interface FindingUsers {
  readonly mode: LookerUsersMode;
  readonly records: number | undefined;
}

/** Each service's part of gathering, under way in its own lane. */
export interface GatheringLanes {
  readonly looker: Promise<PlainResult<Gathered['looker'], SyncError>>;
  readonly dx: Promise<PlainResult<Gathered['dx'], SyncError>>;
}

/** Gathers what the plan needs of both services at once (see `startGathering`), ending once both have. */
export async function gather(
  context: PlanContext,
  signal: AbortSignal | undefined,
  finding: FindingUsers = { mode: 'listing', records: undefined },
): Promise<PlainResult<Gathered, SyncError>> {
  const lanes = startGathering(context, signal, finding);
  const [lookerResult, dxResult] = await Promise.all([lanes.looker, lanes.dx]);
  for (const result of [lookerResult, dxResult]) if (!result.ok) return result;
  return { ok: true, data: { looker: lookerResult.ok ? lookerResult.data : undefined, dx: dxResult.ok ? dxResult.data : undefined } };
}

/**
 * Starts gathering what the plan needs of both services, each in its own lane, neither waiting
 * for the other: the mapping's names resolved, the DX listing read, and the way to find Looker
 * users chosen (the listing read, when it is the cheaper).
 */
export function startGathering(context: PlanContext, signal: AbortSignal | undefined, finding: FindingUsers): GatheringLanes {
  const { mapping, looker, dx, lanes } = context;
  const lookerTargets = lookerNames(mapping);
  const dxTargets = dxNames(mapping);
  const lookerPart = async (): Promise<PlainResult<Gathered['looker'], SyncError>> => {
    if (!looker || !lookerTargets.length) return { ok: true, data: undefined };
    const found = await loadLookerAttributes(lanes.looker, looker, lookerTargets, signal);
    if (!found.ok) return found;
    const directory = await lookerUserFinder({ lane: lanes.looker, looker, signal, ...finding });
    if (!directory.ok) return directory;
    const attributes = new Map(
      [...found.data].map(([name, a]) => {
        const planned = { name, id: String(a.id), type: a.type, userCanEdit: a.user_can_edit === true };
        return [name, planned];
      }),
    );
    // Attributes that hide their values were refused above.
    const refs = [...found.data].map(([name, a]) => ({ id: String(a.id), name, hidden: false, defaultValue: a.default_value }));
    return { ok: true, data: { directory: directory.data, attributes, refs } };
  };
  const dxPart = async (): Promise<PlainResult<Gathered['dx'], SyncError>> => {
    if (!dx || !dxTargets.length) return { ok: true, data: undefined };
    const listed = await loadDxUsers(lanes.dx, dx, dxTargets, signal);
    const unknown = listed.ok ? unknownDxNames(dxTargets, listed.data.names, mapping.dx?.newAttributes ?? []) : undefined;
    return unknown ? failure(unknown) : listed;
  };
  const settled = <T>(result: PlainResult<T, SyncError>) => (!result.ok && signal?.aborted ? failure(abortedError(signal)) : result);
  return { looker: lookerPart().then(settled), dx: dxPart().then(settled) };
}

/** The error when no service the mapping writes to has a client: such a plan would compare nothing. */
export function unservedError({ mapping, looker, dx }: PlanContext): NoServiceError | undefined {
  const lookerNamed = lookerNames(mapping).length > 0 || mapping.looker !== undefined;
  const named = [...(lookerNamed ? ['looker' as const] : []), ...(dxNames(mapping).length ? ['dx' as const] : [])];
  if (named.some((service) => (service === 'looker' ? looker : dx))) return undefined;
  const names = named.map((service) => (service === 'looker' ? 'Looker' : 'DX'));
  const message = `the mapping writes to ${names.join(' and ')}, but no ${names.join(' or ')} client was given: nothing would be compared`;
  return { kind: 'no_service', message, services: named };
}
